import {
  ForbiddenError, NON_PATIENT, RECORD_CATEGORY, RECORD_METADATA, RequestSlot, classificationOf, operationDeclaration, operationOf, requestContext,
  type DataCategory, type Enforcement, type FieldResolver, type OperationCategory, type ReferenceResolver,
} from "@hub/common";
import type { GraphQLResolveInfo } from "graphql";
import { CONNECTION, absentRecord, isPatientDataRow, type ResourceAttributes } from "./resource.js";
import { forbidden, type PolicyRuntime } from "./runtime.js";
import type { Decision } from "./pdp.js";

const ROOT_TYPES = new Set(["Query", "Mutation"]);

/** A decision for one (object, classification): settled once known, so later fields of the record check it synchronously. */
interface ObjectDecision {
  pending?: Promise<void>;
  /** Set when the decision is known: null when allowed, the error to throw when refused. */
  refusal?: Error | null;
}

/** Per request: one decision per (object, classification), so the other fields of the same record reuse it. */
const objectDecisions = new RequestSlot("pep.objects", () => new WeakMap<object, Map<string, ObjectDecision>>());

/** The resource a field of `root` exposes, or null when the object carries no patient-data attributes. */
export function resourceOf(typeName: string, root: unknown, classification: DataCategory | typeof RECORD_CATEGORY | typeof RECORD_METADATA): ResourceAttributes | null {
  const perRecord = classification === RECORD_CATEGORY || classification === RECORD_METADATA;
  if (typeName === "Patient" && typeof root === "object" && root !== null && typeof (root as { id?: unknown }).id === "string") {
    if (perRecord) return null;
    return { patientId: (root as { id: string }).id, category: classification, list: true };
  }
  if (!isPatientDataRow(root)) return null;
  const category = perRecord ? root.category : classification;
  if (!category) return null;
  return {
    patientId: root.patientId, category, sourceOrgId: root.sourceOrgId, recordId: root.id, withheld: root.withheld,
    ...(classification === RECORD_METADATA ? { aspect: "metadata" as const } : {}),
  };
}

/**
 * The policy enforcement point. Every field resolver of every subgraph is wrapped by `wrapField`:
 * unclassified → denied; a root field → its declared operation (`@policyAction`) is decided by the PDP before the
 * resolver runs (undeclared → denied; `read` is decided field by field below); non-patient → passes; patient data →
 * decided by the PDP before it resolves.
 * Every `__resolveReference` passes through `guardReference`: an entity the caller may not read is `null`,
 * exactly like one that does not exist.
 */
export function createEnforcement(runtime: PolicyRuntime): Enforcement {
  /**
   * What must hold before a field resolves: undefined when it may resolve now (no promise, no microtask: the common
   * case for every field after a record's first), a promise while a decision is pending; throws when refused.
   */
  const check = (root: unknown, args: Record<string, unknown>, info: GraphQLResolveInfo): Promise<void> | undefined => {
    const cls = classificationOf(info);
    if (cls === null) {
      throw new ForbiddenError(`field ${info.parentType.name}.${info.fieldName} has no data category`, { rule: "unclassified" });
    }
    if (ROOT_TYPES.has(info.parentType.name)) {
      const op = operationOf(info);
      if (!op) throw new ForbiddenError(`${info.fieldName} declares no operation`, { rule: "undeclared-operation" });
      requestContext();
      if (op.action === "read") return undefined;
      const decl = operationDeclaration(info.fieldName) ?? { action: op.action, category: (op.category ?? undefined) as OperationCategory | undefined };
      return runtime.authorizeOperation(decl, args).then(() => undefined);
    }
    if (cls === NON_PATIENT) return undefined;
    requestContext();
    if (typeof root === "object" && root !== null && CONNECTION in root) return undefined;
    // Patient lists whose category depends on an argument (labResults(set:)) authorise each category themselves.
    if (info.parentType.name === "Patient" && cls === RECORD_CATEGORY) return undefined;
    const perObject = objectDecisions.get();
    let decisions = perObject.get(root as object);
    if (!decisions) perObject.set(root as object, (decisions = new Map()));
    let entry = decisions.get(cls);
    if (!entry) {
      const resource = resourceOf(info.parentType.name, root, cls);
      if (!resource) {
        throw new ForbiddenError(`field ${info.parentType.name}.${info.fieldName} has no resource attributes`, { rule: "no-resource-attributes" });
      }
      const refusalOf = (d: Decision) => (d.allowed ? null : forbidden(resource.category, d));
      // The patient's attributes are usually loaded by the record's list or the first field: then this is decided now.
      const now = runtime.decideNow(resource);
      if (now) entry = { refusal: refusalOf(now) };
      else {
        const e: ObjectDecision = {};
        e.pending = runtime.decide(resource).then((d) => { e.refusal = refusalOf(d); if (e.refusal) throw e.refusal; });
        entry = e;
      }
      decisions.set(cls, entry);
    }
    if (entry.refusal === undefined) return entry.pending;
    if (entry.refusal) throw entry.refusal;
    return undefined;
  };

  const wrapField = (resolve: FieldResolver): FieldResolver => (root, args, context, info) => {
    const pending = check(root, args, info);
    return pending === undefined ? resolve(root, args, context, info) : pending.then(() => resolve(root, args, context, info));
  };

  const guardReference = (typeName: string, resolve: ReferenceResolver): ReferenceResolver => async (ref) => {
    requestContext();
    const entity = await resolve(ref);
    if (entity === null || entity === undefined) {
      // Decided like a hidden entity, so an unknown id costs what a sealed one costs.
      await runtime.decide(absentRecord(typeof ref.id === "string" ? ref.id : ""));
      return null;
    }
    // Containers whose fields each decide (Patient, summaries) pass; records are decided here.
    if (typeName === "Patient" || !isPatientDataRow(entity) || CONNECTION in entity) return entity;
    if (!entity.category) return null;
    const d = await runtime.decide({
      patientId: entity.patientId, category: entity.category, sourceOrgId: entity.sourceOrgId, recordId: entity.id, withheld: entity.withheld,
    });
    return d.allowed ? entity : null;
  };

  return { wrapField, guardReference, authorizeOperation: async (decl, args) => { await runtime.authorizeOperation(decl, args); } };
}
