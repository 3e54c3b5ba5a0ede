import { randomUUID } from "node:crypto";
import { Arg, Mutation, Resolver } from "type-graphql";
import { Category, ForbiddenError, JSONScalar, NON_PATIENT, dataSource, institutionOf, requireScope } from "@hub/common";
import { audit } from "@hub/policies";
import { clinicalStage, fhirR4Stage, requireValid } from "../fhir/validate.js";
import { insuredIdOf } from "../fhir/patient-rules.js";
import { entries } from "../fhir/walk.js";
import { matchPatient } from "../document/match-patient.js";
import { mapResource, storedResource } from "./record-mapping.js";
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
    const warnings = requireValid(bundle, fhirR4Stage, clinicalStage);
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
        const [row] = (await m.query(
          `INSERT INTO clinical.records AS x (id, patient_id, category, source_org_id, identifier, recorded_at, code, code_system, display, status,
             effective_at, value_text, value_num, unit, withheld, long_term, fhir)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $6, $11, $12, $13, $14, $15, $16)
           ON CONFLICT (source_org_id, identifier) DO UPDATE SET category = EXCLUDED.category, recorded_at = EXCLUDED.recorded_at, code = EXCLUDED.code,
             code_system = EXCLUDED.code_system, display = EXCLUDED.display, status = EXCLUDED.status, effective_at = EXCLUDED.effective_at,
             value_text = EXCLUDED.value_text, value_num = EXCLUDED.value_num, unit = EXCLUDED.unit, withheld = EXCLUDED.withheld,
             long_term = EXCLUDED.long_term, fhir = EXCLUDED.fhir
             WHERE x.fhir IS DISTINCT FROM EXCLUDED.fhir AND x.patient_id = EXCLUDED.patient_id
           RETURNING x.id, (xmax = 0) AS inserted`,
          [randomUUID(), pid, r.category, org, r.identifier, r.recordedAt.toISOString(), r.code, r.codeSystem, r.display, r.status,
            r.valueText, r.valueNum, r.unit, r.withheld, r.longTerm, JSON.stringify(storedResource(r.fhir, pid))],
        )) as { id: string; inserted: boolean }[];
        if (!row) counts.unchanged++;
        else { ids.push(row.id); counts[row.inserted ? "inserted" : "updated"]++; }
      }
      return pid;
    });
    await audit().event({ eventType: "clinical-submitted", patientId, recordIds: ids.length ? ids : null, detail: { ...counts, bundle: (b.identifier as { value?: string } | undefined)?.value } });
    return { ...counts, warnings };
  }
}
