import { describe, expect, it } from "vitest";
import { deidentifiedPatient, deidentifiedRecord, DATASET_FIELDS, type RecordRow } from "./fhir-output.js";

const all = new Set(DATASET_FIELDS);
const row = (x: Partial<RecordRow>): RecordRow => ({
  id: "P-0001-lab-001", category: "lab_lifestyle", code: "3D046", code_system: "urn:oid:1.2.392.200119.4.504", status: null,
  effective_at: "2024-05-10T09:00:00Z", recorded_at: "2024-05-10T09:00:00Z", value_text: null, value_num: 7.2, unit: "%", ...x,
});

describe("de-identified FHIR output", () => {
  it("keeps codes, values and shifted dates; no ids, text, displays or institutions", () => {
    const obs = deidentifiedRecord(row({}), { pseudonym: "ab".repeat(16), shiftDays: -3 }, "cd".repeat(16), all);
    expect(obs).toMatchObject({ resourceType: "Observation", id: "cd".repeat(16), subject: { reference: `Patient/${"ab".repeat(16)}` },
      valueQuantity: { value: 7.2, unit: "%" }, effectiveDateTime: "2024-05-07" });
    const s = JSON.stringify(obs);
    expect(s).not.toContain("P-0001");
    expect(s).not.toContain("display");
    expect(s).not.toContain("identifier");
  });

  it("drops free text: dosage instructions and uncoded results", () => {
    const rx = deidentifiedRecord(row({ category: "prescription", code: "3962002F1020", value_text: "1回2錠 1日2回 朝夕食後 (山田様)", value_num: 28, unit: null }),
      { pseudonym: "p", shiftDays: 0 }, "r", all);
    expect(JSON.stringify(rx)).not.toContain("山田");
    expect(rx).toMatchObject({ resourceType: "MedicationRequest", dispenseRequest: { expectedSupplyDuration: { value: 28, unit: "d" } } });
    const inf = deidentifiedRecord(row({ category: "infection", value_num: null, value_text: "陰性だが要再検 主治医メモ" }), { pseudonym: "p", shiftDays: 0 }, "r", all);
    expect(inf.valueString).toBeUndefined();
    expect(deidentifiedRecord(row({ category: "infection", value_num: null, value_text: "negative" }), { pseudonym: "p", shiftDays: 0 }, "r", all).valueString).toBe("negative");
  });

  it("leaves out fields not requested", () => {
    const obs = deidentifiedRecord(row({}), { pseudonym: "p", shiftDays: 0 }, "r", new Set());
    expect(obs.valueQuantity).toBeUndefined();
    expect(obs.effectiveDateTime).toBeUndefined();
  });

  it("generalises the patient: age band, no birth date, prefecture only when kept", () => {
    const p = deidentifiedPatient("ps", { age: 47, sex: "female", prefecture: "13" }, 10, true);
    expect(p).toMatchObject({ resourceType: "Patient", id: "ps", gender: "female", address: [{ state: "13" }] });
    expect(p.birthDate).toBeUndefined();
    expect(JSON.stringify(p)).toContain('"low":{"value":40');
    expect(deidentifiedPatient("ps", { age: 47, sex: "female", prefecture: "13" }, 10, false).address).toBeUndefined();
  });

  it("anonymised output keeps the real month only and says so; pseudonymised keeps the shifted day", () => {
    const who = { pseudonym: "p", shiftDays: 40 };
    const anon = deidentifiedRecord(row({}), who, "r", all, "ANONYMISED");
    expect(anon).toMatchObject({ effectiveDateTime: "2024-05", meta: { security: [{ code: "ANONYED" }] } });
    expect(deidentifiedRecord(row({}), who, "r", all, "PSEUDONYMISED")).toMatchObject({ effectiveDateTime: "2024-06-19", meta: { security: [{ code: "PSEUDED" }] } });
    expect(deidentifiedPatient("ps", { age: 47, sex: "female", prefecture: "13" }, 10, true, "ANONYMISED").meta?.security?.[0].code).toBe("ANONYED");
  });
});
