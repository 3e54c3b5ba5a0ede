import { Args, FieldResolver, Resolver, Root } from "type-graphql";
import { Category, ConnectionOf, PageArgs, dataSource } from "@hub/common";
import { latestCardFlags, listPatientRows } from "@hub/policies";
import { QualificationEntity } from "./qualification.entity.js";
import { Eligibility, EligibilityPatient } from "./qualification.type.js";

const EligibilityConnection = ConnectionOf(Eligibility, "eligibility");

const listQualifications = (patientId: string, first: number | null | undefined, after: string | null | undefined) => listPatientRows({
  qb: dataSource("eligibility").getRepository(QualificationEntity).createQueryBuilder("q"),
  alias: "q", patientId, categories: ["eligibility"], first, after,
  columns: { time: "confirmed_at", sourceOrg: "organization_id" },
  toView: (q): Eligibility => ({ ...q, sourceOrgId: q.organizationId, organization: { id: q.organizationId }, consentFlags: [] }),
  timeOf: (q) => q.confirmedAt,
});

@Resolver(() => EligibilityPatient)
export class EligibilityResolver {
  @FieldResolver(() => EligibilityConnection, { nullable: true, description: "Earlier qualification results, newest first" }) @Category("eligibility")
  eligibilityHistory(@Root() p: EligibilityPatient, @Args() { first, after }: PageArgs) {
    return listQualifications(p.id, first, after);
  }

  @FieldResolver(() => Eligibility, { nullable: true, description: "The latest qualification result the caller may read" })
  @Category("eligibility")
  async eligibility(@Root() p: EligibilityPatient): Promise<Eligibility | null> {
    const page = await listQualifications(p.id, 1, null);
    const q = page.nodes[0];
    if (!q) return null;
    return { ...q, consentFlags: await latestCardFlags(p.id, q.sourceOrgId) };
  }
}
