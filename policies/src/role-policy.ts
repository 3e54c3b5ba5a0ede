import { readFileSync } from "node:fs";
import { join } from "node:path";
import { newEnforcer, newModelFromString, StringAdapter, type Enforcer } from "casbin";
import type { PolicyCategory, Purpose } from "@hub/common";
import { ROLE_POLICY_NO_MATCH, type Action, type Flag, type RolePolicy } from "./pdp.js";

/** Folder holding model.conf and policy.csv (the shipped default policy). */
export const POLICY_DIR = join(__dirname, "..");

export function readPolicyFiles(dir = POLICY_DIR): { model: string; policy: string } {
  return { model: readFileSync(join(dir, "model.conf"), "utf8"), policy: readFileSync(join(dir, "policy.csv"), "utf8") };
}

/** Drop comments and blank lines (Casbin's string adapter does not know them). */
export function policyLines(csv: string): string {
  return csv.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")).join("\n");
}

/**
 * The Casbin policy: role × purpose × category × action × condition, deny overrides allow. Decisions are memoised
 * per tuple for the life of this policy version (the space is small), so `enforceExSync`, which scans every policy
 * line, runs at most once per tuple. A line can only match requests of its own action (or any, when its action is
 * `*`), so the lines are held by action: each request is enforced by a Casbin enforcer holding exactly the lines
 * that can match it, with the same model and the same answer as one enforcer holding all of them.
 */
export class CasbinRolePolicy {
  private readonly decisions = new Map<string, { allowed: boolean; rule: string }>();
  private constructor(private readonly byAction: Map<string, Enforcer>, private readonly anyAction: Enforcer, readonly version: number) {}

  static async create(model: string, policy: string, version = 0): Promise<CasbinRolePolicy> {
    const lines = policyLines(policy).split("\n").filter((l) => l !== "");
    const actionOf = (line: string) => line.split(",")[4]?.trim() ?? "*";
    const make = async (subset: string[]) => {
      const enforcer = await newEnforcer(newModelFromString(model), new StringAdapter(subset.join("\n")));
      await enforcer.addFunction("hasFlag", (flags: string, flag: string) => flags.split("|").includes(flag));
      return enforcer;
    };
    const wildcard = lines.filter((l) => actionOf(l) === "*");
    const byAction = new Map<string, Enforcer>();
    for (const action of new Set(lines.map(actionOf).filter((a) => a !== "*"))) {
      byAction.set(action, await make(lines.filter((l) => actionOf(l) === action || actionOf(l) === "*")));
    }
    return new CasbinRolePolicy(byAction, await make(wildcard), version);
  }

  check: RolePolicy = (role: string, purpose: Purpose, category: PolicyCategory, action: Action, flags: readonly Flag[]) => {
    const f = flags.join("|");
    const key = `${role}|${purpose}|${category}|${action}|${f}`;
    let d = this.decisions.get(key);
    if (!d) {
      const [allowed, explain] = (this.byAction.get(action) ?? this.anyAction).enforceExSync(role, purpose, category, action, f);
      d = { allowed, rule: explain.length > 0 ? explain[6] ?? "policy" : ROLE_POLICY_NO_MATCH };
      this.decisions.set(key, d);
    }
    return d;
  };

  /** Number of distinct tuples evaluated by Casbin so far (bench and tests). */
  get evaluations(): number {
    return this.decisions.size;
  }
}
