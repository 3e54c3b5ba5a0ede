import { ForbiddenError, HubError, type Actor, type HubConfig } from "@hub/common";
import type { TrustStore } from "./trust-store.js";

/**
 * After authentication, before anything else: is the caller's institution registered and ACTIVE, and (system
 * clients with a hub-issued token) is the client and the key it proved still ACTIVE? Checked on every request
 * against the database, so a suspension or revocation takes effect on the next request in every process.
 *
 * - institution not registered → FORBIDDEN, rule `institution-unknown`
 * - institution SUSPENDED → FORBIDDEN, rule `institution-suspended`
 * - client or key revoked (or unknown) → UNAUTHENTICATED, rule `client-revoked` / `client-key-revoked`
 * - role `system` without a hub-issued token (no client id) → refused in production, rule `client-unregistered`
 */
export async function checkTrust(store: TrustStore, actor: Actor, cfg: HubConfig): Promise<void> {
  const system = actor.role === "system";
  if (system && !actor.org) throw new HubError("UNAUTHENTICATED", "a system token must name its institution (org)", { rule: "client-unregistered" });
  if (system && !actor.clientId && cfg.env === "production") {
    throw new HubError("UNAUTHENTICATED", "system tokens must be obtained from POST /oauth/token", { rule: "client-unregistered" });
  }
  if (!actor.org) return;
  const s = await store.status(actor.org, system ? actor.clientId : undefined, system ? actor.clientKeyId : undefined);
  if (s.org === null) throw new ForbiddenError(`institution ${actor.org} is not in the registry`, { rule: "institution-unknown" });
  if (s.org !== "ACTIVE") throw new ForbiddenError(`institution ${actor.org} is suspended`, { rule: "institution-suspended" });
  if (system && actor.clientId) {
    if (s.client !== "ACTIVE") throw new HubError("UNAUTHENTICATED", "this system client is revoked", { rule: "client-revoked" });
    if (s.key !== "ACTIVE") throw new HubError("UNAUTHENTICATED", "the key this token was obtained with is revoked", { rule: "client-key-revoked" });
  }
}
