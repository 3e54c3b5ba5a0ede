import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Trust management: the institution registry's status and audit columns, system clients with their public keys,
 * and the client-assertion `jti`s seen (replay protection across every gateway process).
 */
export class ConsentTrust1700000000005 implements MigrationInterface {
  name = "ConsentTrust1700000000005";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.organizations
      ADD CONSTRAINT organizations_status CHECK (status IN ('ACTIVE','SUSPENDED')),
      ADD CONSTRAINT organizations_prefecture CHECK (prefecture ~ '^(0[1-9]|[1-3][0-9]|4[0-7])$'),
      ADD COLUMN status_reason text, ADD COLUMN status_changed_at timestamptz,
      ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN updated_by text`);
    await q.query(`CREATE TABLE consent.system_clients (
      id text PRIMARY KEY, organization_id text NOT NULL REFERENCES consent.organizations(id),
      name text NOT NULL, kind text NOT NULL, scopes text[] NOT NULL,
      status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','REVOKED')),
      created_at timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL, revoked_at timestamptz, revoked_by text)`);
    await q.query(`CREATE INDEX system_clients_org ON consent.system_clients (organization_id)`);
    await q.query(`CREATE TABLE consent.system_client_keys (
      client_id text NOT NULL REFERENCES consent.system_clients(id), kid text NOT NULL, alg text NOT NULL CHECK (alg IN ('RS256','ES256')),
      jwk jsonb NOT NULL, status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','REVOKED')),
      created_at timestamptz NOT NULL DEFAULT now(), revoked_at timestamptz, PRIMARY KEY (client_id, kid))`);
    await q.query(`CREATE TABLE consent.client_assertion_jtis (
      client_id text NOT NULL, jti text NOT NULL, expires_at timestamptz NOT NULL, PRIMARY KEY (client_id, jti))`);
    await q.query(`CREATE INDEX client_assertion_jtis_expiry ON consent.client_assertion_jtis (expires_at)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.client_assertion_jtis, consent.system_client_keys, consent.system_clients`);
    await q.query(`ALTER TABLE consent.organizations DROP CONSTRAINT organizations_status, DROP CONSTRAINT organizations_prefecture,
      DROP COLUMN status_reason, DROP COLUMN status_changed_at, DROP COLUMN created_at, DROP COLUMN updated_at, DROP COLUMN updated_by`);
  }
}
