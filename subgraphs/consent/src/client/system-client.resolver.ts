import { randomBytes } from "node:crypto";
import { Arg, ID, Mutation, Query, Resolver } from "type-graphql";
import {
  BadUserInputError, Category, ConflictError, dataSource, isSystemScope, JSONScalar, NON_PATIENT, NotFoundError, Operation, caller, requestContext,
} from "@hub/common";
import { audit, policyRuntime } from "@hub/policies";
import { OrganizationEntity } from "../organization/organization.entity.js";
import { contactsForAll, presentOrganization } from "../organization/organization.resolver.js";
import { checkPublicJwk } from "./jwk.js";
import { SystemClientEntity, SystemClientKeyEntity } from "./system-client.entity.js";
import { RegisterSystemClientInput } from "./system-client.input.js";
import { SystemClient, SystemClientKind } from "./system-client.type.js";

/** Keys that may be ACTIVE at once: the current one and its successor during rotation. */
export const MAX_ACTIVE_KEYS = 2;

/** Listing clients: of the institution asked for, else the caller's own. */
const clientListFacts = (args: Record<string, unknown>) => ({ institution: (args.organizationId as string | null | undefined) ?? requestContext().actor.org ?? null });

async function toSystemClient(c: SystemClientEntity): Promise<SystemClient> {
  const ds = dataSource("consent");
  const [org, keys] = await Promise.all([
    ds.getRepository(OrganizationEntity).findOneBy({ id: c.organizationId }),
    ds.getRepository(SystemClientKeyEntity).find({ where: { clientId: c.id }, order: { createdAt: "DESC", kid: "ASC" } }),
  ]);
  return {
    id: c.id, organization: presentOrganization(org, await contactsForAll())!, name: c.name, kind: c.kind as SystemClientKind, scopes: c.scopes, status: c.status,
    createdAt: c.createdAt, keys: keys.map((k) => ({ kid: k.kid, alg: k.alg, status: k.status, createdAt: k.createdAt, revokedAt: k.revokedAt })),
  };
}

async function findClient(id: string): Promise<SystemClientEntity> {
  const c = await dataSource("consent").getRepository(SystemClientEntity).findOneBy({ id });
  if (!c) throw new NotFoundError("no such system client");
  return c;
}

/**
 * System clients (SPEC §4 role `system`): registered by policy admins for an institution with a public JWK; keys
 * rotate (two active at most) and are revoked; a revoked client or key gets no further token and its issued
 * tokens are refused at the gateway on their next request.
 */
@Resolver()
export class SystemClientResolver {
  @Query(() => [SystemClient], { description: "System clients, of one institution or all (policy admins; staff of that institution see their own)" })
  @Category(NON_PATIENT) @Operation("read-clients", { facts: clientListFacts })
  async systemClients(@Arg("organizationId", () => ID, { nullable: true }) organizationId?: string | null): Promise<SystemClient[]> {
    // Every institution's clients for those the policy lets see all; otherwise the caller's own institution's only.
    const org = (await policyRuntime().permits("read-all-clients")) ? organizationId ?? null : requestContext().actor.org ?? "";
    const rows = await dataSource("consent").getRepository(SystemClientEntity).find({ where: org !== null ? { organizationId: org } : {}, order: { createdAt: "ASC" } });
    return Promise.all(rows.map(toSystemClient));
  }

  @Mutation(() => SystemClient, { description: "Register an institution's system as an OAuth client with its public key (policy admins)" }) @Category(NON_PATIENT) @Operation("manage-clients")
  async registerSystemClient(@Arg("input", () => RegisterSystemClientInput) input: RegisterSystemClientInput): Promise<SystemClient> {
    const by = caller().sub;
    const org = await dataSource("consent").getRepository(OrganizationEntity).findOneBy({ id: input.organizationId });
    if (!org) throw new BadUserInputError("unknown institution", { argument: "organizationId" });
    if (org.status !== "ACTIVE") throw new ConflictError(`institution ${org.id} is ${org.status}`);
    const name = input.name.trim();
    if (!name || name.length > 200) throw new BadUserInputError("name must be 1–200 characters", { argument: "name" });
    const scopes = [...new Set(input.scopes)];
    if (scopes.length === 0 || !scopes.every(isSystemScope)) throw new BadUserInputError("scopes must be known system scopes", { argument: "scopes" });
    const key = await checkPublicJwk(input.jwk);
    const now = new Date();
    const client: SystemClientEntity = {
      id: `sys-${org.id}-${randomBytes(6).toString("hex")}`, organizationId: org.id, name, kind: input.kind, scopes, status: "ACTIVE",
      createdAt: now, createdBy: by, revokedAt: null, revokedBy: null,
    };
    await dataSource("consent").transaction(async (m) => {
      await m.getRepository(SystemClientEntity).insert(client);
      await m.getRepository(SystemClientKeyEntity).insert({ clientId: client.id, kid: key.kid, alg: key.alg, jwk: key.jwk, status: "ACTIVE", createdAt: now, revokedAt: null });
    });
    await audit().event({ eventType: "client-changed", detail: { action: "registered", clientId: client.id, institution: org.id, kind: client.kind, scopes, kid: key.kid } });
    return toSystemClient(client);
  }

  @Mutation(() => SystemClient, { description: "Add a public key for rotation (policy admins); CONFLICT when two keys are already active" }) @Category(NON_PATIENT) @Operation("manage-clients")
  async addSystemClientKey(@Arg("clientId", () => ID) clientId: string, @Arg("jwk", () => JSONScalar) jwk: unknown): Promise<SystemClient> {
    const key = await checkPublicJwk(jwk);
    const client = await dataSource("consent").transaction(async (m) => {
      const [c] = (await m.query(`SELECT status FROM consent.system_clients WHERE id = $1 FOR UPDATE`, [clientId])) as { status: string }[];
      if (!c) throw new NotFoundError("no such system client");
      if (c.status !== "ACTIVE") throw new ConflictError("the client is revoked");
      const keys = m.getRepository(SystemClientKeyEntity);
      if (await keys.existsBy({ clientId, kid: key.kid })) throw new ConflictError(`key ${key.kid} is already registered for this client`);
      if ((await keys.countBy({ clientId, status: "ACTIVE" })) >= MAX_ACTIVE_KEYS) {
        throw new ConflictError(`a client has at most ${MAX_ACTIVE_KEYS} active keys: revoke the old one first`);
      }
      await keys.insert({ clientId, kid: key.kid, alg: key.alg, jwk: key.jwk, status: "ACTIVE", createdAt: new Date(), revokedAt: null });
      return m.getRepository(SystemClientEntity).findOneByOrFail({ id: clientId });
    });
    await audit().event({ eventType: "client-changed", detail: { action: "key-added", clientId, institution: client.organizationId, kid: key.kid } });
    return toSystemClient(client);
  }

  @Mutation(() => SystemClient, { description: "Revoke one key: assertions signed with it and tokens obtained with it are refused from now on" }) @Category(NON_PATIENT) @Operation("manage-clients")
  async revokeSystemClientKey(@Arg("clientId", () => ID) clientId: string, @Arg("kid", () => String) kid: string): Promise<SystemClient> {
    const client = await findClient(clientId);
    const result = await dataSource("consent").getRepository(SystemClientKeyEntity).update({ clientId, kid, status: "ACTIVE" }, { status: "REVOKED", revokedAt: new Date() });
    if (!result.affected) throw new NotFoundError("no such active key");
    await audit().event({ eventType: "client-changed", detail: { action: "key-revoked", clientId, institution: client.organizationId, kid } });
    return toSystemClient(client);
  }

  @Mutation(() => SystemClient, { description: "Revoke a client: no further tokens, and tokens already issued are refused on their next request" }) @Category(NON_PATIENT) @Operation("manage-clients")
  async revokeSystemClient(@Arg("clientId", () => ID) clientId: string): Promise<SystemClient> {
    const by = caller().sub;
    const client = await findClient(clientId);
    if (client.status === "REVOKED") throw new ConflictError("the client is already revoked");
    Object.assign(client, { status: "REVOKED", revokedAt: new Date(), revokedBy: by });
    await dataSource("consent").getRepository(SystemClientEntity).update({ id: clientId }, { status: "REVOKED", revokedAt: client.revokedAt, revokedBy: by });
    await audit().event({ eventType: "client-changed", detail: { action: "revoked", clientId, institution: client.organizationId } });
    return toSystemClient(client);
  }
}
