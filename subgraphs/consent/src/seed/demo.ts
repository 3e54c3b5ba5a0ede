import type { DataSource } from "typeorm";
import { OrganizationEntity } from "../organization/organization.entity.js";

/** Institutions of the demo data (SPEC §11). */
export const DEMO_ORGANIZATIONS: OrganizationEntity[] = [
  { id: "1310000001", name: "あおばクリニック", kind: "clinic", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "1310000002", name: "みなと総合病院", kind: "hospital", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "1310000003", name: "さくら薬局", kind: "pharmacy", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "1310000005", name: "E医療センター", kind: "hospital", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "1310000009", name: "城東救命救急センター", kind: "emergency_hospital", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "2710000009", name: "なにわ救急病院", kind: "emergency_hospital", prefecture: "27", status: "ACTIVE", contact: null },
  { id: "1399999999", name: "PHRサービス事業者 (デモ)", kind: "phr_operator", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "1319876543", name: "JP-CLINS 例示医療機関 (1319876543)", kind: "hospital", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "1311234567", name: "JP-CLINS 例示医療機関 (1311234567)", kind: "hospital", prefecture: "13", status: "ACTIVE", contact: null },
  { id: "1318814790", name: "JP-CLINS 例示医療機関 (1318814790)", kind: "hospital", prefecture: "13", status: "ACTIVE", contact: null },
];

/** The demo's starting state, loaded into an empty database (there is no request, so no audit event either). */
export async function seedConsent(ds: DataSource): Promise<void> {
  await ds.getRepository(OrganizationEntity).insert(DEMO_ORGANIZATIONS);
  // 北条 花子 consents to her hospital (B) for treatment, all categories, and lets it share onward.
  await ds.query(`INSERT INTO consent.consents (id, patient_id, organization_id, purpose, categories, status, granted_at, source, onward_sharing)
    VALUES ('C-0001', 'P-0001', '1310000002', 'TREAT', NULL, 'ACTIVE', now() - interval '30 days', 'PORTAL', true)`);
}
