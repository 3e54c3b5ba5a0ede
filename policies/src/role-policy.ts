import { readFileSync } from "node:fs";
import { join } from "node:path";
import { newEnforcer, newModelFromString, StringAdapter, type Enforcer } from "casbin";
import type { DataCategory, Purpose } from "@hub/common";
import type { Action, RolePolicy } from "./pdp.js";

/** Folder holding model.conf and policy.csv (the files policy admins edit). */
export const POLICY_DIR = join(__dirname, "..");

export function readPolicyFiles(dir = POLICY_DIR): { model: string; policy: string } {
  return { model: readFileSync(join(dir, "model.conf"), "utf8"), policy: readFileSync(join(dir, "policy.csv"), "utf8") };
}

/** Drop comments and blank lines (Casbin's string adapter does not know them). */
export function policyLines(csv: string): string {
  return csv.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")).join("\n");
}

/**
 * The Casbin role policy: role × purpose × category × action, deny overrides allow. Decisions are memoised per
 * attribute tuple for the life of this policy version (the space is tiny), so `enforceExSync`, which scans every
 * policy line, runs at most once per tuple.
 */
export class CasbinRolePolicy {
  private readonly decisions = new Map<string, { allowed: boolean; rule: string }>();
  private constructor(private readonly enforcer: Enforcer, readonly version: string) {}

  static async create(model: string, policy: string, version = "file"): Promise<CasbinRolePolicy> {
    const enforcer = await newEnforcer(newModelFromString(model), new StringAdapter(policyLines(policy)));
    return new CasbinRolePolicy(enforcer, version);
  }

  check: RolePolicy = (role: string, purpose: Purpose, category: DataCategory, action: Action) => {
    const key = `${role}|${purpose}|${category}|${action}`;
    let d = this.decisions.get(key);
    if (!d) {
      const [allowed, explain] = this.enforcer.enforceExSync(role, purpose, category, action);
      const rule = explain.length > 0 ? explain[5] ?? "policy" : "role-policy-no-match";
      d = { allowed, rule };
      this.decisions.set(key, d);
    }
    return d;
  };

  /** Number of distinct tuples evaluated by Casbin so far (bench and tests). */
  get evaluations(): number {
    return this.decisions.size;
  }
}
