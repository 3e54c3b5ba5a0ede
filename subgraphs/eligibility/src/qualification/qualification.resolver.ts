import { FieldResolver, Resolver, Root } from "type-graphql";
import { Category, dataSource } from "@hub/common";
import { listPatientRows } from "@hub/policies";
import { CardConsentEntity, QualificationEntity } from "./qualification.entity.js";
import { Eligibility, EligibilityPatient } from "./qualification.type.js";

@Resolver(() => EligibilityPatient)
export class EligibilityResolver {
  @FieldResolver(() => Eligibility, { nullable: true, description: "The latest qualification result the caller may read" })
  @Category("eligibility")
  async eligibility(@Root() p: EligibilityPatient): Promise<Eligibility | null> {
    const page = await listPatientRows({
      qb: dataSource("eligibility").getRepository(QualificationEntity).createQueryBuilder("q"),
      alias: "q", patientId: p.id, categories: ["eligibility"], first: 1, after: null,
      columns: { time: "confirmed_at", sourceOrg: "organization_id" },
      toView: (q) => q, timeOf: (q) => q.confirmedAt,
    });
    const q = page.nodes[0];
    if (!q) return null;
    const card = await dataSource("eligibility").getRepository(CardConsentEntity)
      .findOne({ where: { patientId: p.id, organizationId: q.organizationId }, order: { confirmedAt: "DESC" } });
    return { ...q, sourceOrgId: q.organizationId, organization: { id: q.organizationId }, consentFlags: card?.flags ?? [] };
  }
}
