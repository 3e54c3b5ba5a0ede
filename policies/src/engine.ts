import type { DataSource } from "typeorm";
import type { Enforcement } from "@hub/common";
import { AuditCollector } from "./audit/collector.js";
import { AuditStore } from "./audit/audit-store.js";
import { createEnforcement } from "./pep.js";
import { SqlPolicyInformationPoint } from "./pip.js";
import { CasbinRolePolicy, readPolicyFiles } from "./role-policy.js";
import { PolicyRuntime } from "./runtime.js";

interface Engine {
  runtime: PolicyRuntime;
  rolePolicy: CasbinRolePolicy;
  audit: AuditCollector;
  auditStore: AuditStore;
}

let engine: Engine | undefined;
let pep: Enforcement | undefined;

/** Start the process's one PDP: the Casbin role policy, the SQL attribute source and the audit trail. */
export async function initPolicyEngine(ds: DataSource): Promise<Engine> {
  const { model, policy } = readPolicyFiles();
  const rolePolicy = await CasbinRolePolicy.create(model, policy);
  const auditStore = new AuditStore(ds);
  const audit = new AuditCollector(auditStore);
  const runtime = new PolicyRuntime(new SqlPolicyInformationPoint(ds), () => (engine as Engine).rolePolicy.check, audit);
  engine = { rolePolicy, runtime, audit, auditStore };
  pep = undefined;
  return engine;
}

function current(): Engine {
  if (!engine) throw new Error("policy engine not initialised");
  return engine;
}

export const policyRuntime = (): PolicyRuntime => current().runtime;
export const audit = (): AuditCollector => current().audit;
export const auditStore = (): AuditStore => current().auditStore;

/**
 * The enforcement seam for schema building. It delegates to the engine at request time, so schemas can be
 * built (and SDL printed) without a database.
 */
const enforcementNow = (): Enforcement => (pep ??= createEnforcement(policyRuntime()));
export const enforcement: Enforcement = {
  fieldMiddleware: (action, next) => enforcementNow().fieldMiddleware(action, next),
  guardReference: (typeName, resolve) => (ref) => enforcementNow().guardReference(typeName, resolve)(ref),
};
