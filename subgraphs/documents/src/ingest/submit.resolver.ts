import { randomUUID } from "node:crypto";
import { Arg, Mutation, Resolver } from "type-graphql";
import { Category, callerInstitution, dataSource, JSONScalar, NON_PATIENT, Operation, requestContext, type OperationFacts } from "@hub/common";
import { audit } from "@hub/policies";
import { clinicalStage, fhirR4Stage, requireValid } from "../fhir/validate.js";
import { insuredIdOf } from "../fhir/patient-rules.js";
import { entries } from "../fhir/walk.js";
import { upsertRecord } from "@hub/clinical";
import { matchPatient } from "../document/match-patient.js";
import { mapResource, storedResource } from "./record-mapping.js";
import { SubmitClinicalResult } from "./submit.types.js";

/**
 * What submitting this Bundle touches, for the PDP: the institutions that recorded its entries, which must all be
 * the caller's (the first other one is the fact). A Bundle too broken to tell constrains nothing; the checks refuse it.
 */
function submissionFacts(args: Record<string, unknown>): OperationFacts {
  const b = args.bundle;
  if (typeof b !== "object" || b === null || Array.isArray(b)) return {};
  try {
    const orgs = entries(b as Record<string, unknown>).slice(1).map((e) => mapResource(e.resource)).filter((m) => m !== null).map((m) => m!.sourceOrgId ?? null);
    const mine = requestContext().actor.org;
    return orgs.length === 0 ? {} : { institution: orgs.find((o) => o !== mine) ?? mine ?? null };
  } catch {
    return {};
  }
}

@Resolver()
export class SubmitClinicalResolver {
  /**
   * 6情報の登録: a JP_Bundle_CLINS collection Bundle into the six lists (SPEC §7). Idempotent: each resource is
   * keyed by its source institution, type, identifiers and code, so re-sending changes nothing and a corrected
   * resource replaces its earlier version. meta.tag LTS (長期保存) keeps a record past the retention period;
   * UNINFORMED (未告知) withholds it from the patient. Every entry must come from the caller's institution.
   */
  @Mutation(() => SubmitClinicalResult, { description: "Take a JP_Bundle_CLINS collection Bundle into the six lists" }) @Category(NON_PATIENT) @Operation("submit", { forInstitution: true, facts: submissionFacts })
  async submitClinicalInformation(@Arg("bundle", () => JSONScalar) bundle: unknown): Promise<SubmitClinicalResult> {
    const org = callerInstitution();
    const warnings = requireValid(bundle, fhirR4Stage, clinicalStage);
    const b = bundle as Record<string, unknown>;
    const records = entries(b).slice(1).map((e) => ({ e, m: mapResource(e.resource) }));
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    const ids: string[] = [];
    const patientId = await dataSource("documents").transaction(async (m) => {
      const pid = await matchPatient(m, b, insuredIdOf(b)!);
      for (const { m: r } of records) {
        if (!r) continue;
        const row = await upsertRecord({ ...r, id: randomUUID(), patientId: pid, sourceOrgId: org, fhir: storedResource(r.fhir, pid) }, m);
        if (!row) counts.unchanged++;
        else { ids.push(row.id); counts[row.inserted ? "inserted" : "updated"]++; }
      }
      return pid;
    });
    await audit().event({ eventType: "clinical-submitted", patientId, recordIds: ids.length ? ids : null, detail: { ...counts, bundle: (b.identifier as { value?: string } | undefined)?.value } });
    return { ...counts, warnings };
  }
}
