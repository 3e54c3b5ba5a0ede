import { Arg, Args, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Category, config, NotFoundError, Operation, PageArgs, paginateArray, callerPatient, type DataCategory } from "@hub/common";
import { consentsOfPatient, grantConsent, revokeConsent, withMarker, type ConsentRecord } from "@hub/policies";
import { Organization } from "../organization/organization.type.js";
import { Consent, ConsentConnection, ConsentSourceEnum, ConsentStatus, GrantConsentInput, type PurposeOfUse } from "./consent.type.js";
import { loadOrganization } from "../organization/organization.resolver.js";
import { PatientRef } from "../me/patient.type.js";


/** A consent as the patient sees it; an active one past its end reads EXPIRED. */
export function toConsent(e: ConsentRecord, now = new Date()): Consent {
  const expired = e.status === "ACTIVE" && e.expiresAt !== null && e.expiresAt <= now;
  return {
    id: e.id, patientId: e.patientId, organizationId: e.organizationId, organization: null, purpose: e.purpose as PurposeOfUse,
    categories: e.categories as Consent["categories"], status: expired ? ConsentStatus.EXPIRED : (e.status as ConsentStatus),
    grantedAt: e.grantedAt, expiresAt: e.expiresAt, allowOnwardSharing: e.onwardSharing, practitionerId: e.practitionerSub ?? null,
    recordIds: e.recordIds ?? null, sourceOrganizationIds: e.sourceOrganizationIds ?? null, source: e.source as ConsentSourceEnum,
  };
}

@Resolver(() => PatientRef)
export class ConsentResolver {
  @Mutation(() => Consent, { description: "Grant an institution access for a purpose (no categories = all; record ids or source institutions narrow it)" })
  @Category("consent") @Operation("grant-consent", { category: "consent" })
  async grantConsent(@Arg("input", () => GrantConsentInput) input: GrantConsentInput): Promise<Consent> {
    const patientId = callerPatient();
    const row = await grantConsent({
      patientId, organizationId: input.organizationId, purpose: input.purpose, source: "PORTAL", categories: input.categories as DataCategory[] | null,
      recordIds: input.recordIds, sourceOrganizationIds: input.sourceOrganizationIds, expiresAt: input.expiresAt ?? null, onwardSharing: input.allowOnwardSharing,
    });
    return toConsent(row);
  }

  @Mutation(() => Consent, { description: "Revoke a consent; effective on the next request everywhere" }) @Category("consent") @Operation("revoke-consent", { category: "consent" })
  async revokeConsent(@Arg("id", () => ID) id: string): Promise<Consent> {
    const row = await revokeConsent(callerPatient(), id);
    if (!row) throw new NotFoundError("consent not found");
    return toConsent(row);
  }

  @FieldResolver(() => ConsentConnection, { nullable: true, description: "The patient's consents, newest first" }) @Category("consent")
  async consents(@Root() p: PatientRef, @Args() { first, after }: PageArgs) {
    const rows = await consentsOfPatient(p.id);
    return withMarker(paginateArray(rows.map((r) => toConsent(r)), first, after, config().maxPageSize, (c) => ({ at: c.grantedAt.toISOString(), id: c.id })));
  }
}

@Resolver(() => Consent)
export class ConsentFieldsResolver {
  @FieldResolver(() => Organization, { nullable: true }) @Category("consent")
  organization(@Root() c: Consent) {
    return loadOrganization(c.organizationId);
  }
}
