import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { QuestionnaireEntity, ReservationEntity, VitalEntity } from "../phr/phr.entity.js";

/** Demo PHR data; ids are random like those the API creates (a sequence would tell what else exists). */
export async function seedPhr(ds: DataSource): Promise<void> {
  const now = Date.now();
  const day = 86_400_000;
  const vitals: VitalEntity[] = [];
  for (let i = 0; i < 7; i++) {
    vitals.push({ id: randomUUID(), patientId: "P-0001", kind: "blood_pressure", value: 128 + (i % 3) * 4, value2: 78 + (i % 2) * 3, unit: "mmHg", measuredAt: new Date(now - i * day) });
    vitals.push({ id: randomUUID(), patientId: "P-0001", kind: "weight", value: 61.2 - i * 0.1, value2: null, unit: "kg", measuredAt: new Date(now - i * day - 3600_000) });
  }
  vitals.push({ id: randomUUID(), patientId: "P-0002", kind: "glucose", value: 104, value2: null, unit: "mg/dL", measuredAt: new Date(now - day) });
  await ds.getRepository(VitalEntity).insert(vitals);
  await ds.getRepository(QuestionnaireEntity).insert({
    id: randomUUID(), patientId: "P-0001", organizationId: "1310000001", submittedAt: new Date(now - 2 * day),
    answers: { chiefComplaint: "血糖値の相談", smoking: "なし", alcohol: "機会飲酒", pregnant: false },
  });
  const inDays = (n: number) => new Date(now + n * day).toISOString().slice(0, 10);
  await ds.getRepository(ReservationEntity).insert([
    { id: randomUUID(), patientId: "P-0001", organizationId: "1310000001", date: inDays(3), status: "BOOKED", createdAt: new Date(now - 2 * day) },
    { id: randomUUID(), patientId: "P-0002", organizationId: "1310000005", date: inDays(5), status: "BOOKED", createdAt: new Date(now - day) },
  ]);
}
