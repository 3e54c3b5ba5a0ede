import { Arg, Args, ID, Query, Resolver } from "type-graphql";
import { In } from "typeorm";
import { Category, ConnectionOf, NON_PATIENT, Operation, byIds, config, dataSource, maybeRequestContext, RequestSlot, requestLoader, type Connection } from "@hub/common";
import { policyRuntime } from "@hub/policies";
import { OrganizationEntity } from "./organization.entity.js";
import { Organization } from "./organization.type.js";
import { OrganizationSearchArgs, searchOrganizations } from "./organization-search.js";

const OrganizationConnection = ConnectionOf(Organization, NON_PATIENT);

/**
 * The registry row as the caller may see it: contact and status details only for policy admins and the
 * institution's own staff and systems; everyone else gets the public directory facts.
 */
export function presentOrganization(row: OrganizationEntity | null, contactsForAll: boolean): Organization | null {
  if (!row) return null;
  const actor = maybeRequestContext()?.actor;
  const insider = (actor?.org !== undefined && actor.org === row.id) || contactsForAll;
  return {
    id: row.id, name: row.name, kind: row.kind, prefecture: row.prefecture, status: row.status,
    contact: insider ? row.contact : null, statusReason: insider ? row.statusReason ?? null : null,
    statusChangedAt: insider ? row.statusChangedAt ?? null : null,
  };
}

const registryContacts = new RequestSlot("registry.contacts", () => policyRuntime().permits("read-registry-contacts"));

/** May the caller see every institution's contact and status details (asked of the policy once per request)? */
export function contactsForAll(): Promise<boolean> {
  return registryContacts.get();
}

const organizations = requestLoader<string, OrganizationEntity>("consent.organizations",
  byIds((ids) => dataSource("consent").getRepository(OrganizationEntity).findBy({ id: In(ids) })));

/** Organizations for the request, batched: one query however many references a response holds. */
export async function loadOrganization(id: string): Promise<Organization | null> {
  const row = await organizations.get().load(id);
  return presentOrganization(row, await contactsForAll());
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: "An institution from the registry" }) @Category(NON_PATIENT) @Operation("read-registry")
  organization(@Arg("id", () => ID) id: string): Promise<Organization | null> {
    return loadOrganization(id);
  }

  @Query(() => OrganizationConnection, { description: "The institution registry, a page at a time by code: search by name or code, kind and prefecture" })
  @Category(NON_PATIENT) @Operation("read-registry")
  async organizations(@Args() args: OrganizationSearchArgs): Promise<Connection<Organization>> {
    const page = await searchOrganizations(args, config().maxPageSize);
    const all = await contactsForAll();
    return { nodes: page.nodes.map((r) => presentOrganization(r, all)!), pageInfo: page.pageInfo };
  }
}
