import { randomUUID } from "node:crypto";
import { Arg, Args, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { BadUserInputError, Category, NotFoundError, PageArgs, config, dataSource, paginateArray, patientSelf as patientSelfOf, type DataCategory } from "@hub/common";
import { audit, withMarker } from "@hub/policies";
import { ConsentEntity } from "./consent.entity.js";
import { Organization } from "../organization/organization.type.js";
import { Consent, ConsentConnection, ConsentStatus, GrantConsentInput, type PurposeOfUse } from "./consent.type.js";
import { OrganizationEntity } from "../organization/organization.entity.js";
import { loadOrganization } from "../organization/organization.resolver.js";
import { PatientRef } from "../me/patient.type.js";

/** The patient a consent or seal change is for: only patients manage their own (SPEC §6). */
export const patientSelf = (): string => patientSelfOf("manages consents and seals", "consent");

export function toConsent(e: ConsentEntity, now = new Date()): Consent {
  const expired = e.status === "ACTIVE" && e.expiresAt !== null && e.expiresAt <= now;
  return {
    id: e.id, patientId: e.patientId, organizationId: e.organizationId, organization: null, purpose: e.purpose as PurposeOfUse,
    categories: e.categories as Consent["categories"], status: expired ? ConsentStatus.EXPIRED : (e.status as ConsentStatus),
    grantedAt: e.grantedAt, expiresAt: e.expiresAt, allowOnwardSharing: e.onwardSharing, practitionerId: e.practitionerSub, source: e.source,
  };
}

@Resolver(() => PatientRef)
export class ConsentResolver {
  @Mutation(() => Consent, { description: "Grant an institution access for a purpose (no categories = all)" }) @Category("consent")
  async grantConsent(@Arg("input", () => GrantConsentInput) input: GrantConsentInput): Promise<Consent> {
    const patientId = patientSelf();
    const repo = dataSource("consent").getRepository(ConsentEntity);
    if (!(await dataSource("consent").getRepository(OrganizationEntity).existsBy({ id: input.organizationId }))) {
      throw new BadUserInputError("unknown institution", { argument: "organizationId" });
    }
    if (input.expiresAt && input.expiresAt <= new Date()) throw new BadUserInputError("expiresAt must be in the future", { argument: "expiresAt" });
    const categories = input.categories && input.categories.length > 0 ? [...new Set(input.categories)] as DataCategory[] : null;
    const row = repo.create({
      id: randomUUID(), patientId, organizationId: input.organizationId, purpose: input.purpose, categories,
      status: "ACTIVE", grantedAt: new Date(), expiresAt: input.expiresAt ?? null, revokedAt: null, source: "PORTAL",
      onwardSharing: input.allowOnwardSharing, practitionerSub: null, sharedBy: null, note: null,
    });
    await repo.insert(row);
    await audit().event({ eventType: "consent-granted", patientId, category: "consent", recordIds: [row.id],
      detail: { organizationId: row.organizationId, purpose: row.purpose, categories: row.categories, expiresAt: row.expiresAt?.toISOString() ?? null } });
    return toConsent(row);
  }

  @Mutation(() => Consent, { description: "Revoke a consent; effective on the next request everywhere" }) @Category("consent")
  async revokeConsent(@Arg("id", () => ID) id: string): Promise<Consent> {
    const patientId = patientSelf();
    const repo = dataSource("consent").getRepository(ConsentEntity);
    const row = await repo.findOneBy({ id, patientId });
    if (!row) throw new NotFoundError("consent not found");
    if (row.status === "ACTIVE") {
      row.status = "REVOKED";
      row.revokedAt = new Date();
      await repo.update({ id }, { status: "REVOKED", revokedAt: row.revokedAt });
      await audit().event({ eventType: "consent-revoked", patientId, category: "consent", recordIds: [id], detail: { organizationId: row.organizationId } });
    }
    return toConsent(row);
  }

  @FieldResolver(() => ConsentConnection, { nullable: true, description: "The patient's consents, newest first" }) @Category("consent")
  async consents(@Root() p: PatientRef, @Args() { first, after }: PageArgs) {
    const rows = await dataSource("consent").getRepository(ConsentEntity).find({ where: { patientId: p.id }, order: { grantedAt: "DESC", id: "DESC" } });
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
