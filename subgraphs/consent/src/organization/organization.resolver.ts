import { Arg, ID, Query, Resolver } from "type-graphql";
import { In } from "typeorm";
import { Category, NON_PATIENT, byIds, dataSource, requestLoader } from "@hub/common";
import { OrganizationEntity } from "./organization.entity.js";
import { Organization } from "./organization.type.js";

/** Organizations for the request, batched: one query however many references a response holds. */
export function loadOrganization(id: string): Promise<OrganizationEntity | null> {
  return requestLoader<string, OrganizationEntity>("consent.organizations",
    byIds((ids) => dataSource("consent").getRepository(OrganizationEntity).findBy({ id: In(ids) }))).load(id);
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
