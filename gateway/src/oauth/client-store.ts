import type { JWK } from "jose";
import { registeredClient, rememberAssertionJti } from "@hub/consent";
import type { TrustStore } from "../trust/trust-store.js";

export interface ClientKey {
  kid: string;
  alg: string;
  jwk: JWK;
  status: string;
}

export interface ClientRecord {
  id: string;
  organizationId: string;
  scopes: string[];
  status: string;
  orgStatus: string;
  keys: ClientKey[];
}

/** A registered client with its institution's status and its keys, in one round trip; null when unknown. */
export async function loadClient(store: TrustStore, clientId: string): Promise<ClientRecord | null> {
  return (await registeredClient(store, clientId)) as ClientRecord | null;
}

/** Remember an assertion's jti until it expires; false when this client already used it (every gateway process). */
export function rememberJti(store: TrustStore, clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
  return rememberAssertionJti(store, clientId, jti, expiresAt);
}
