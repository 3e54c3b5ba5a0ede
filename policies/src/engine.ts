import type { DataSource } from "typeorm";
import { logger, type Enforcement } from "@hub/common";
import { PolicyStore } from "./admin/policy-store.js";
import { AuditCollector } from "./audit/collector.js";
import { AuditStore } from "./audit/audit-store.js";
import { createEnforcement } from "./pep.js";
import { SqlPolicyInformationPoint } from "./pip.js";
import { CasbinRolePolicy, readPolicyFiles } from "./role-policy.js";
import { PolicyRuntime } from "./runtime.js";
import { setAttributeContext } from "./attributes/context.js";

interface Engine {
  runtime: PolicyRuntime;
  rolePolicy: CasbinRolePolicy;
  audit: AuditCollector;
  auditStore: AuditStore;
  policyStore: PolicyStore;
  model: string;
  reloading: Promise<void> | null;
}

let engine: Engine | undefined;
let pep: Enforcement | undefined;

/** Load a stored policy version into a fresh Casbin enforcer (its decision memo starts empty). */
async function load(e: Engine, version: number): Promise<void> {
  const v = await e.policyStore.get(version);
  if (!v) return;
  e.rolePolicy = await CasbinRolePolicy.create(e.model, v.rules, v.version);
  logger("policy").info({ version }, "policy version in force");
}

/** Make `version` the policy in force in this process (single flight; newer versions only). */
function ensureVersion(version: number): Promise<void> {
  const e = current();
  if (version <= e.rolePolicy.version) return Promise.resolve();
  e.reloading ??= load(e, version).finally(() => { e.reloading = null; });
  return e.reloading.then(() => (version > e.rolePolicy.version ? ensureVersion(version) : undefined));
}

/**
 * Start the process's one PDP: the live Casbin policy (latest stored version; the shipped policy.csv becomes
 * version 1), the SQL attribute source and the audit trail. A new version stored by any process is in force here
 * from the next decision on.
 */
export async function initPolicyEngine(ds: DataSource, opts: { enforce?: boolean } = {}): Promise<Engine> {
  const { model } = readPolicyFiles();
  const policyStore = new PolicyStore(ds);
  await policyStore.ensureInitial();
  const live = await policyStore.current();
  const auditStore = new AuditStore(ds);
  const audit = new AuditCollector(auditStore);
  const runtime = new PolicyRuntime(new SqlPolicyInformationPoint(ds), () => current().rolePolicy.check, audit, ensureVersion, opts.enforce ?? true);
  if (!runtime.enforce) logger("policy").warn("ENFORCEMENT IS OFF (benchmark variant): every field resolves for everyone");
  engine = { rolePolicy: await CasbinRolePolicy.create(model, live.rules, live.version), runtime, audit, auditStore, policyStore, model, reloading: null };
  setAttributeContext({
    db: ds,
    transaction: (fn) => ds.transaction((m) => fn(m)),
    appendAudit: (tx, events) => auditStore.appendWith(tx, events),
    forget: (patientId) => runtime.forget(patientId),
  });
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
export const policyStore = (): PolicyStore => current().policyStore;
export const policyModel = (): string => current().model;
/** The policy in force in this process. */
export const livePolicy = (): CasbinRolePolicy => current().rolePolicy;
export { ensureVersion as ensurePolicyVersion };

/**
 * The enforcement seam for schema building. It delegates to the engine at request time, so schemas can be
 * built (and SDL printed) without a database.
 */
const enforcementNow = (): Enforcement => (pep ??= createEnforcement(policyRuntime()));
export const enforcement: Enforcement = {
  wrapField: (resolve) => {
    // The wrapped resolver is made once per engine (tests start a new one), not once per call.
    let owner: Enforcement | undefined;
    let wrapped = resolve;
    return (root, args, context, info) => {
      if (!current().runtime.enforce) return resolve(root, args, context, info);
      const now = enforcementNow();
      if (now !== owner) { owner = now; wrapped = now.wrapField(resolve); }
      return wrapped(root, args, context, info);
    };
  },
  guardReference: (typeName, resolve) => (ref) => (current().runtime.enforce ? enforcementNow().guardReference(typeName, resolve)(ref) : resolve(ref)),
  authorizeOperation: async (decl, args) => { await current().runtime.authorizeOperation(decl, args); },
};
