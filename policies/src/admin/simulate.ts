import type { DataSource } from "typeorm";
import type { DataCategory, Purpose } from "@hub/common";
import { combine, type Flag } from "../pdp.js";
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

interface Row {
  seq: string; at: Date; actor_role: string; actor_org: string | null; purpose: Purpose; patient_id: string; category: DataCategory;
  decision: string; rule: string; actor_sub: string; detail: { flags?: Flag[]; basis?: { allowed: boolean; rule: string } } | null;
}

/**
 * Replay the recorded decisions since `since` under a proposed policy. Every access event carries the facts the
 * policy saw (flags) and what the attributes alone said (basis), so the replay is exact: the proposed policy's
 * answer for (role, purpose, category, flags) combined with the recorded basis is what the hub would have decided.
 */
export async function simulatePolicy(ds: DataSource, model: string, proposed: string, since: Date, maxExamples = 20): Promise<SimulationReport> {
  const policy = await CasbinRolePolicy.create(model, proposed);
  const report: SimulationReport = { since, evaluated: 0, skipped: 0, newlyAllowed: 0, newlyDenied: 0, byRoleCategory: [], examples: [] };
  const groups = new Map<string, { role: string; category: string; newlyAllowed: number; newlyDenied: number }>();
  let after = 0;
  for (;;) {
    const rows = (await ds.query(
      `SELECT seq, at, actor_role, actor_org, actor_sub, purpose, patient_id, category, decision, rule, detail FROM consent.audit_events
        WHERE event_type = 'access' AND at >= $1 AND seq > $2 ORDER BY seq LIMIT 5000`,
      [since.toISOString(), after],
    )) as Row[];
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1].seq);
    for (const r of rows) {
      const basis = r.detail?.basis;
      if (!basis || !r.detail?.flags) { report.skipped++; continue; }
      report.evaluated++;
      const role = policy.check(r.actor_role, r.purpose, r.category, "read", r.detail.flags);
      const subject = { actor: { sub: r.actor_sub, role: r.actor_role as never, amr: [] }, purpose: r.purpose, now: new Date(r.at) };
      const d = combine(role, { ...basis, reason: "" }, subject, r.category);
      const before = { allowed: r.decision === "ALLOW", rule: r.rule };
      if (d.allowed === before.allowed) continue;
      const key = `${r.actor_role}|${r.category}`;
      const g = groups.get(key) ?? { role: r.actor_role, category: r.category, newlyAllowed: 0, newlyDenied: 0 };
      if (d.allowed) { report.newlyAllowed++; g.newlyAllowed++; } else { report.newlyDenied++; g.newlyDenied++; }
      groups.set(key, g);
      if (report.examples.length < maxExamples) {
        report.examples.push({
          seq: Number(r.seq), at: new Date(r.at), actorRole: r.actor_role, actorOrg: r.actor_org, patientId: r.patient_id,
          category: r.category, purpose: r.purpose, before, after: { allowed: d.allowed, rule: d.rule },
        });
      }
    }
  }
  report.byRoleCategory = [...groups.values()].sort((a, b) => (b.newlyAllowed + b.newlyDenied) - (a.newlyAllowed + a.newlyDenied));
  return report;
}
