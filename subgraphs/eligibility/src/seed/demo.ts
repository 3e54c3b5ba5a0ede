import type { DataSource } from "typeorm";
import { QualificationEntity } from "../qualification/qualification.entity.js";

export async function seedEligibility(ds: DataSource): Promise<void> {
  const at = new Date(Date.now() - 14 * 86_400_000);
  await ds.getRepository(QualificationEntity).insert([
    { id: "Q-0001", patientId: "P-0001", organizationId: "1310000002", insurerNumber: "06139992", symbol: "ひ-12", number: "3456",
      branch: "01", status: "VALID", copayRatio: 30, limitCategory: null, confirmedAt: at },
    { id: "Q-0002", patientId: "P-0002", organizationId: "1310000002", insurerNumber: "06139992", symbol: "さ-07", number: "1188",
      branch: "00", status: "VALID", copayRatio: 30, limitCategory: null, confirmedAt: at },
  ]);
}
