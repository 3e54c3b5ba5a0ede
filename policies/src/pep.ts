import {
  ForbiddenError, NON_PATIENT, RECORD_CATEGORY, RECORD_METADATA, RequestSlot, classificationOf, operationDeclaration, operationOf, requestContext,
  type DataCategory, type Enforcement, type OperationCategory, type ReferenceResolver,
} from "@hub/common";
import type { MiddlewareFn } from "type-graphql";
import { CONNECTION, absentRecord, isPatientDataRow, type ResourceAttributes } from "./resource.js";
import { forbidden, type PolicyRuntime } from "./runtime.js";
import type { Decision } from "./pdp.js";

const ROOT_TYPES = new Set(["Query", "Mutation"]);

/** Per request: one decision per (object, classification), so the other fields of the same record reuse it. */
const objectDecisions = new RequestSlot("pep.objects", () => new WeakMap<object, Map<string, Promise<Decision>>>());

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
 * The policy enforcement point. Every field of every subgraph passes through `fieldMiddleware`:
 * unclassified → denied; a root field → its declared operation (`@policyAction`) is decided by the PDP before the
 * resolver runs (undeclared → denied; `read` is decided field by field below); non-patient → passes; patient data →
 * decided by the PDP before it resolves.
 * Every `__resolveReference` passes through `guardReference`: an entity the caller may not read is `null`,
 * exactly like one that does not exist.
 */
export function createEnforcement(runtime: PolicyRuntime): Enforcement {
  const fieldMiddleware: MiddlewareFn<object> = async ({ root, args, info }, next) => {
    const cls = classificationOf(info);
    if (cls === null) {
      throw new ForbiddenError(`field ${info.parentType.name}.${info.fieldName} has no data category`, { rule: "unclassified" });
    }
    if (ROOT_TYPES.has(info.parentType.name)) {
      const op = operationOf(info);
      if (!op) throw new ForbiddenError(`${info.fieldName} declares no operation`, { rule: "undeclared-operation" });
      requestContext();
      if (op.action !== "read") {
        const decl = operationDeclaration(info.fieldName) ?? { action: op.action, category: (op.category ?? undefined) as OperationCategory | undefined };
        await runtime.authorizeOperation(decl, args);
      }
      return next();
    }
    if (cls === NON_PATIENT) return next();
    requestContext();
    if (typeof root === "object" && root !== null && CONNECTION in root) return next();
    // Patient lists whose category depends on an argument (labResults(set:)) authorise each category themselves.
    if (info.parentType.name === "Patient" && cls === RECORD_CATEGORY) return next();
    const perObject = objectDecisions.get();
    let decisions = perObject.get(root as object);
    if (!decisions) perObject.set(root as object, (decisions = new Map()));
    let decision = decisions.get(cls);
    if (!decision) {
      const resource = resourceOf(info.parentType.name, root, cls);
      if (!resource) {
        throw new ForbiddenError(`field ${info.parentType.name}.${info.fieldName} has no resource attributes`, { rule: "no-resource-attributes" });
      }
      decision = runtime.decide(resource).then((d) => {
        if (!d.allowed) throw forbidden(resource.category, d);
        return d;
      });
      decisions.set(cls, decision);
    }
    await decision;
    return next();
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

  return { fieldMiddleware, guardReference, authorizeOperation: async (decl, args) => { await runtime.authorizeOperation(decl, args); } };
}
