import type { Enforcement } from "@hub/common";
import { createEnforcement } from "./pep.js";
import { SqlPolicyInformationPoint, type Queryable } from "./pip.js";
import { CasbinRolePolicy, readPolicyFiles } from "./role-policy.js";
import { PolicyRuntime, type DecisionSink } from "./runtime.js";

interface Engine {
  runtime: PolicyRuntime;
  rolePolicy: CasbinRolePolicy;
}

let engine: Engine | undefined;
let db: Queryable | undefined;

/** Start the process's one PDP: the Casbin role policy plus the SQL attribute source. */
export async function initPolicyEngine(queryable: Queryable, sink?: DecisionSink): Promise<Engine> {
  const { model, policy } = readPolicyFiles();
  const rolePolicy = await CasbinRolePolicy.create(model, policy);
  db = queryable;
  pep = undefined;
  const pip = new SqlPolicyInformationPoint({ query: (sql, params) => (db as Queryable).query(sql, params) });
  engine = { rolePolicy, runtime: new PolicyRuntime(pip, () => (engine as Engine).rolePolicy.check, sink) };
  return engine;
}

export function policyRuntime(): PolicyRuntime {
  if (!engine) throw new Error("policy engine not initialised");
  return engine.runtime;
}

/**
 * The enforcement seam for schema building. It delegates to the engine at request time, so schemas can be
 * built (and SDL printed) without a database.
 */
let pep: Enforcement | undefined;
const current = (): Enforcement => (pep ??= createEnforcement(policyRuntime()));
export const enforcement: Enforcement = {
  fieldMiddleware: (action, next) => current().fieldMiddleware(action, next),
  guardReference: (typeName, resolve) => (ref) => current().guardReference(typeName, resolve)(ref),
};
