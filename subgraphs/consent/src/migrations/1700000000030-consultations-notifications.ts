import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Consultations between doctors with their linked ids (連結ID), notifications with per-reader read marks, webhook
 * endpoints and their delivery queue (dead letters included), and job leases (one runner across replicas).
 */
export class ConsentConsultationsNotifications1700000000030 implements MigrationInterface {
  name = "ConsentConsultationsNotifications1700000000030";
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE consent.consultations (
      id text PRIMARY KEY, patient_id text NOT NULL, requester_org text NOT NULL, requester_sub text NOT NULL,
      specialist_org text NOT NULL REFERENCES consent.organizations(id), specialist_sub text NOT NULL, question text NOT NULL,
      categories text[] NOT NULL, record_ids text[], expires_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING','OPEN','ANSWERED','DECLINED','WITHDRAWN','EXPIRED')),
      consent_id text, based_on text, share_identity boolean NOT NULL DEFAULT false,
      answer_text text, answer_resources jsonb, answered_at timestamptz, closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX consultations_specialist ON consent.consultations (specialist_org, specialist_sub, created_at DESC)`);
    await q.query(`CREATE INDEX consultations_requester ON consent.consultations (requester_org, created_at DESC)`);
    await q.query(`CREATE INDEX consultations_patient ON consent.consultations (patient_id, created_at DESC)`);
    await q.query(`CREATE TABLE consent.linked_ids (
      linked_id text PRIMARY KEY, patient_id text NOT NULL, consultation_id text NOT NULL UNIQUE,
      organization_id text NOT NULL, practitioner_sub text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX linked_ids_holder ON consent.linked_ids (organization_id, practitioner_sub, patient_id)`);
    await q.query(`CREATE TABLE consent.notifications (
      seq bigserial PRIMARY KEY, recipient text NOT NULL, recipient_org text, kind text NOT NULL,
      data jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX notifications_recipient ON consent.notifications (recipient, seq DESC)`);
    await q.query(`CREATE TABLE consent.notification_reads (seq bigint NOT NULL, reader text NOT NULL, read_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (seq, reader))`);
    await q.query(`CREATE TABLE consent.webhook_endpoints (
      id text PRIMARY KEY, organization_id text NOT NULL REFERENCES consent.organizations(id), url text NOT NULL, secret text NOT NULL,
      active boolean NOT NULL DEFAULT true, created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX webhook_endpoints_org ON consent.webhook_endpoints (organization_id) WHERE active`);
    await q.query(`CREATE TABLE consent.webhook_deliveries (
      id bigserial PRIMARY KEY, endpoint_id text NOT NULL REFERENCES consent.webhook_endpoints(id), notification_seq bigint NOT NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','DELIVERED','DEAD')),
      attempts int NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL DEFAULT now(), last_error text,
      delivered_at timestamptz, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON consent.webhook_deliveries (endpoint_id, notification_seq) WHERE status = 'PENDING'`);
    await q.query(`CREATE TABLE consent.job_leases (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const t of ["job_leases", "webhook_deliveries", "webhook_endpoints", "notification_reads", "notifications", "linked_ids", "consultations"]) {
      await q.query(`DROP TABLE consent.${t}`);
    }
  }
}
