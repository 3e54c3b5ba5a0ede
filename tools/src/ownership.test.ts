import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A service never reads or writes another service's tables except through the owner's module (README, "Who owns
 * what"). Every SQL statement that names a table (`FROM|JOIN|INTO|UPDATE|TABLE|EXISTS schema.table`) must stand in
 * the table's owner: its service's folder, or, for the tables behind a patient attribute, the audit trail and the
 * policy versions, the one module in policies/ that owns them (and the service's own migrations and seed).
 */
const ROOT = join(__dirname, "..", "..");
const SERVICES = ["clinical", "consent", "documents", "eligibility", "phr", "research"];
const SOURCES = ["common/src", "policies/src", "gateway/src", "tools/src", ...SERVICES.map((s) => `subgraphs/${s}/src`)];

/** Tables whose only home is a module, not the whole service folder. */
const MODULE_OWNED: Record<string, string[]> = {
  "consent.seals": ["policies/src/attributes/seal/"],
  "consent.consents": ["policies/src/attributes/consent/"],
  "consent.emergency_accesses": ["policies/src/attributes/emergency/"],
  "consent.disasters": ["policies/src/attributes/emergency/"],
  "consent.emergency_lookups": ["policies/src/attributes/emergency/"],
  "consent.emergency_notifications": ["policies/src/attributes/emergency/"],
  "eligibility.card_consents": ["policies/src/attributes/card-flag/"],
  "consent.audit_events": ["policies/src/audit/"],
  "consent.audit_heads": ["policies/src/audit/"],
  "consent.policy_versions": ["policies/src/admin/policy-store.ts"],
  "consent.linked_ids": ["policies/src/attributes/linked-id/"],
  "consent.notifications": ["policies/src/notifications/"],
  "consent.notification_reads": ["policies/src/notifications/"],
  "consent.webhook_endpoints": ["policies/src/notifications/"],
  "consent.webhook_deliveries": ["policies/src/notifications/"],
  "consent.job_leases": ["policies/src/notifications/lease.ts"],
};
/** Every service may create and seed its own tables. */
const SCHEMA_SETUP = (svc: string) => [`subgraphs/${svc}/src/migrations/`, `subgraphs/${svc}/src/seed/`];
/** Load generators for the benchmarks write synthetic rows straight into every schema, as a database fixture does. */
const FIXTURE_WRITERS = ["tools/src/bench/generate.ts", "tools/src/bench/generate-scaling.ts", "tools/src/research-bench.ts"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".testkit.ts") ? [p] : [];
  });
}

const NAMED = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\\s+\\(?\\s*(?:SELECT[^;]*?FROM\\s+)?((?:${SERVICES.join("|")})\\.[a-z_]+)`, "g");

function owners(table: string): string[] {
  const svc = table.split(".")[0];
  const module = MODULE_OWNED[table];
  return module ? [...module, ...SCHEMA_SETUP(svc)] : [`subgraphs/${svc}/src/`];
}

describe("who owns which table", () => {
  const found: { file: string; table: string }[] = [];
  for (const src of SOURCES) {
    for (const f of files(join(ROOT, src))) {
      const file = relative(ROOT, f);
      for (const m of readFileSync(f, "utf8").matchAll(NAMED)) found.push({ file, table: m[1] });
    }
  }

  it("finds the SQL it checks (the scan itself works)", () => {
    expect(found.filter((x) => x.table === "consent.seals").map((x) => x.file)).toContain("policies/src/attributes/seal/seal.store.ts");
    expect(found.length).toBeGreaterThan(50);
  });

  it("names each table only in its owner", () => {
    const outside = found.filter(({ file, table }) => !FIXTURE_WRITERS.includes(file) && !owners(table).some((o) => file.startsWith(o)));
    expect(outside.map((x) => `${x.file} names ${x.table}`)).toEqual([]);
  });
});
