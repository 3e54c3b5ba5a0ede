import type { DataCategory, Purpose } from "@hub/common";
import type { AuditStore } from "../audit/audit-store.js";
import { combine, readRole, type Flag } from "../pdp.js";
import { CasbinRolePolicy } from "../role-policy.js";

export interface SimulatedChange {
  seq: number;
  at: Date;
  actorRole: string;
  actorOrg: string | null;
  patientId: string;
  category: string;
  purpose: string;
  before: { allowed: boolean; rule: string };
  after: { allowed: boolean; rule: string };
}

export interface SimulationReport {
  since: Date;
  evaluated: number;
  /** Events recorded before decisions were traced (no flags/basis), which cannot be replayed. */
  skipped: number;
  newlyAllowed: number;
  newlyDenied: number;
  byRoleCategory: { role: string; category: string; newlyAllowed: number; newlyDenied: number }[];
  examples: SimulatedChange[];
}

/**
 * Replay the recorded decisions since `since` under a proposed policy. Every access event carries the facts the
 * policy saw (flags) and what the attributes alone said (basis), so the replay is exact: the proposed policy's
 * answer for (role, purpose, category, flags) combined with the recorded basis is what the hub would have decided.
 */
export async function simulatePolicy(audit: AuditStore, model: string, proposed: string, since: Date, maxExamples = 20): Promise<SimulationReport> {
  const policy = await CasbinRolePolicy.create(model, proposed);
  const report: SimulationReport = { since, evaluated: 0, skipped: 0, newlyAllowed: 0, newlyDenied: 0, byRoleCategory: [], examples: [] };
  const groups = new Map<string, { role: string; category: string; newlyAllowed: number; newlyDenied: number }>();
  let after = 0;
  for (;;) {
    const rows = await audit.decisionsSince(since, after, 5000);
    if (rows.length === 0) break;
    after = rows[rows.length - 1].seq;
    for (const r of rows) {
      const detail = r.detail as { flags?: Flag[]; basis?: { allowed: boolean; rule: string }; aspect?: "metadata" } | null;
      const basis = detail?.basis;
      if (!basis || !detail?.flags) { report.skipped++; continue; }
      report.evaluated++;
      const purpose = r.purpose as Purpose;
      const category = r.category as DataCategory;
      const action = r.eventType === "operation" ? String((r.detail as { action?: string }).action ?? "") : "read";
      const role = action === "read" ? readRole(policy.check, r.actorRole, purpose, category, detail.aspect, detail.flags)
        : policy.check(r.actorRole, purpose, category, action, detail.flags);
      const subject = { actor: { sub: r.actorSub, role: r.actorRole as never, amr: [] }, purpose, now: new Date(r.at) };
      const d = combine(role, { ...basis, reason: "" }, subject, category);
      const before = { allowed: r.decision === "ALLOW", rule: r.rule ?? "" };
      if (d.allowed === before.allowed) continue;
      const key = `${r.actorRole}|${r.category}`;
      const g = groups.get(key) ?? { role: r.actorRole, category: category as string, newlyAllowed: 0, newlyDenied: 0 };
      if (d.allowed) { report.newlyAllowed++; g.newlyAllowed++; } else { report.newlyDenied++; g.newlyDenied++; }
      groups.set(key, g);
      if (report.examples.length < maxExamples) {
        report.examples.push({
          seq: r.seq, at: new Date(r.at), actorRole: r.actorRole, actorOrg: r.actorOrg ?? null, patientId: r.patientId ?? "",
          category, purpose, before, after: { allowed: d.allowed, rule: d.rule },
        });
      }
    }
  }
  report.byRoleCategory = [...groups.values()].sort((a, b) => (b.newlyAllowed + b.newlyDenied) - (a.newlyAllowed + a.newlyDenied));
  return report;
}
