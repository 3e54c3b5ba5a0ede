import { Args, FieldResolver, Resolver, Root } from "type-graphql";
import { Category, NON_PATIENT, PageArgs, config, decodeCursor, pageSize, toConnection } from "@hub/common";
import { withMarker } from "@hub/policies";
import { Organization } from "../organization/organization.type.js";
import { loadOrganization } from "../organization/organization.resolver.js";
import { PatientRef } from "../me/patient.type.js";
import { Consultation, PatientConsultationConnection } from "./consultation.type.js";
import { listConsultations } from "./consultation.store.js";
import { toPatientConsultation } from "./consultation.view.js";

@Resolver(() => Consultation)
export class ConsultationFieldsResolver {
  @FieldResolver(() => Organization, { nullable: true }) @Category(NON_PATIENT)
  requesterOrganization(@Root() c: Consultation) {
    return loadOrganization(c.requesterOrg);
  }

  @FieldResolver(() => Organization, { nullable: true }) @Category(NON_PATIENT)
  specialistOrganization(@Root() c: Consultation) {
    return loadOrganization(c.specialistOrg);
  }
}

@Resolver(() => PatientRef)
export class PatientConsultationsResolver {
  /** Every consultation about the patient, every step of which she also finds in her access log (her own business). */
  @FieldResolver(() => PatientConsultationConnection, { nullable: true, description: "Consultations between doctors about you, newest first" }) @Category("consent")
  async consultations(@Root() p: PatientRef, @Args() { first, after }: PageArgs) {
    const limit = pageSize(first, config().maxPageSize);
    const rows = await listConsultations({ patient: p.id }, null, limit + 1, decodeCursor(after));
    return withMarker(toConnection(rows.map(toPatientConsultation), limit, (c) => ({ at: c.createdAt.toISOString(), id: c.id })));
  }
}
