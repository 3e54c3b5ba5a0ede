import { randomUUID } from "node:crypto";
import { Arg, Mutation, Resolver } from "type-graphql";
import { Category, ForbiddenError, JSONScalar, NON_PATIENT, dataSource, institutionOf, requireScope } from "@hub/common";
import { audit } from "@hub/policies";
import { requireValid, validateClinicalBundle } from "../fhir/validate.js";
import { insuredIdOf } from "../fhir/patient-rules.js";
import { entries } from "../fhir/walk.js";
import { upsertRecord } from "@hub/clinical";
import { matchPatient } from "../document/match-patient.js";
import { mapResource } from "./record-mapping.js";
import { SubmitClinicalResult } from "./submit.types.js";

@Resolver()
export class SubmitClinicalResolver {
  /**
   * 6情報の登録: a JP_Bundle_CLINS collection Bundle into the six lists (SPEC §7). Idempotent: each resource is
   * keyed by its source institution, type, identifiers and code, so re-sending changes nothing and a corrected
   * resource replaces its earlier version. meta.tag LTS (長期保存) keeps a record past the retention period;
   * UNINFORMED (未告知) withholds it from the patient. Every entry must come from the caller's institution.
   */
  @Mutation(() => SubmitClinicalResult, { description: "Take a JP_Bundle_CLINS collection Bundle into the six lists" }) @Category(NON_PATIENT)
  async submitClinicalInformation(@Arg("bundle", () => JSONScalar) bundle: unknown): Promise<SubmitClinicalResult> {
    const { org } = institutionOf(["doctor", "system"], "submitting clinical information");
    requireScope("clinical.write");
    const warnings = requireValid(bundle, validateClinicalBundle);
    const b = bundle as Record<string, unknown>;
    const records = entries(b).slice(1).map((e) => ({ e, m: mapResource(e.resource) }));
    const foreign = records.find((r) => r.m && r.m.sourceOrgId !== org);
    if (foreign) throw new ForbiddenError(`Bundle.entry[${foreign.e.index}] was recorded at another institution; submit only your own`, { rule: "source-institution" });
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    const ids: string[] = [];
    const patientId = await dataSource("documents").transaction(async (m) => {
      const pid = await matchPatient(m, b, insuredIdOf(b)!);
      for (const { m: r } of records) {
        if (!r) continue;
        const row = await upsertRecord({ ...r, id: randomUUID(), patientId: pid, sourceOrgId: org }, m);
        if (!row) counts.unchanged++;
        else { ids.push(row.id); counts[row.inserted ? "inserted" : "updated"]++; }
      }
      return pid;
    });
    await audit().event({ eventType: "clinical-submitted", patientId, recordIds: ids.length ? ids : null, detail: { ...counts, bundle: (b.identifier as { value?: string } | undefined)?.value } });
    return { ...counts, warnings };
  }
}
