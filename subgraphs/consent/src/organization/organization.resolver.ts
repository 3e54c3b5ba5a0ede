import { Arg, ID, Query, Resolver } from "type-graphql";
import { In } from "typeorm";
import { Category, NON_PATIENT, dataSource, requestLoader } from "@hub/common";
import { OrganizationEntity } from "./organization.entity.js";
import { Organization } from "./organization.type.js";

/** Organizations for the request, batched: one query however many references a response holds. */
export function loadOrganization(id: string): Promise<OrganizationEntity | null> {
  return requestLoader<string, OrganizationEntity>("consent.organizations", async (ids) => {
    const rows = await dataSource("consent").getRepository(OrganizationEntity).findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((i) => byId.get(i) ?? null);
  }).load(id);
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: "An institution from the registry" }) @Category(NON_PATIENT)
  organization(@Arg("id", () => ID) id: string): Promise<OrganizationEntity | null> {
    return loadOrganization(id);
  }

  @Query(() => [Organization], { description: "The institution registry" }) @Category(NON_PATIENT)
  organizations(): Promise<OrganizationEntity[]> {
    return dataSource("consent").getRepository(OrganizationEntity).find({ order: { id: "ASC" } });
  }
}
