import { Args, FieldResolver, Resolver, Root } from "type-graphql";
import { Category, PageArgs, dataSource } from "@hub/common";
import { listPatientRows } from "@hub/policies";
import { QuestionnaireEntity, ReservationEntity, VitalEntity } from "./phr.entity.js";
import { PhrPatient, QuestionnaireConnection, ReservationConnection, VitalConnection, type Questionnaire, type Reservation } from "./phr.type.js";

@Resolver(() => PhrPatient)
export class PhrPatientResolver {
  @FieldResolver(() => VitalConnection, { nullable: true, description: "Vitals the patient recorded, newest first" }) @Category("phr_vital")
  vitals(@Root() p: PhrPatient, @Args() { first, after }: PageArgs) {
    return listPatientRows({
      qb: dataSource("phr").getRepository(VitalEntity).createQueryBuilder("v"), alias: "v", patientId: p.id,
      categories: ["phr_vital"], first, after, columns: { time: "measured_at" }, toView: (v) => v, timeOf: (v) => v.measuredAt,
    });
  }

  @FieldResolver(() => QuestionnaireConnection, { nullable: true }) @Category("phr_questionnaire")
  questionnaires(@Root() p: PhrPatient, @Args() { first, after }: PageArgs) {
    return listPatientRows({
      qb: dataSource("phr").getRepository(QuestionnaireEntity).createQueryBuilder("q"), alias: "q", patientId: p.id,
      categories: ["phr_questionnaire"], first, after, columns: { time: "submitted_at", sourceOrg: "organization_id" },
      toView: (q): Questionnaire => ({ ...q, sourceOrgId: q.organizationId, organization: { id: q.organizationId } }),
      timeOf: (q) => q.submittedAt,
    });
  }

  @FieldResolver(() => ReservationConnection, { nullable: true }) @Category("reservation")
  reservations(@Root() p: PhrPatient, @Args() { first, after }: PageArgs) {
    return listPatientRows({
      qb: dataSource("phr").getRepository(ReservationEntity).createQueryBuilder("r"), alias: "r", patientId: p.id,
      categories: ["reservation"], first, after, columns: { time: "created_at", sourceOrg: "organization_id" },
      toView: (r): Reservation => ({ ...r, sourceOrgId: r.organizationId, organization: { id: r.organizationId } }),
      timeOf: (r) => r.createdAt,
    });
  }
}
