import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { attributeContext, rowsOf } from "../attributes/context.js";

/**
 * Webhooks: an institution's system receives what is addressed to the institution and its members, signed with
 * HMAC-SHA256 over `<timestamp>.<body>` with the endpoint's secret (shown once, at registration). Deliveries are a
 * queue in `consent.webhook_deliveries`, filled in the transaction of the notification itself (see
 * `notificationInsert`); the delivery job sends each endpoint's oldest pending delivery first, so events reach a
 * receiver in order, retries with exponential backoff and moves a delivery to the dead-letter list after the last
 * attempt. At least once: a receiver deduplicates by `x-hub-delivery`.
 */
export interface WebhookEndpoint { id: string; organizationId: string; url: string; active: boolean; createdAt: Date }
export interface WebhookDelivery {
  id: number; endpointId: string; url: string; secret: string; notificationSeq: number; attempts: number; status: "PENDING" | "DELIVERED" | "DEAD";
  lastError: string | null; createdAt: Date; body: { seq: number; kind: string; recipient: string; data: Record<string, unknown>; at: string };
}

interface EndpointRow { id: string; organization_id: string; url: string; active: boolean; created_at: Date | string }
const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({ id: r.id, organizationId: r.organization_id, url: r.url, active: r.active, createdAt: new Date(r.created_at) });

export async function registerWebhook(organizationId: string, url: string, createdBy: string): Promise<WebhookEndpoint & { secret: string }> {
  const secret = randomBytes(32).toString("base64url");
  const [r] = rowsOf<EndpointRow>(await attributeContext().db.query(
    `INSERT INTO consent.webhook_endpoints (id, organization_id, url, secret, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, organization_id, url, active, created_at`, [randomUUID(), organizationId, url, secret, createdBy]));
  return { ...toEndpoint(r), secret };
}

export async function webhooksOf(organizationId: string): Promise<WebhookEndpoint[]> {
  return rowsOf<EndpointRow>(await attributeContext().db.query(
    `SELECT id, organization_id, url, active, created_at FROM consent.webhook_endpoints WHERE organization_id = $1 ORDER BY created_at DESC`, [organizationId])).map(toEndpoint);
}

/** Stop an endpoint (its pending deliveries are dropped to the dead-letter list); null when not the institution's. */
export async function deactivateWebhook(organizationId: string, id: string): Promise<WebhookEndpoint | null> {
  const db = attributeContext().db;
  const [r] = rowsOf<EndpointRow>(await db.query(
    `UPDATE consent.webhook_endpoints SET active = false WHERE id = $1 AND organization_id = $2 RETURNING id, organization_id, url, active, created_at`, [id, organizationId]));
  if (r) await db.query(`UPDATE consent.webhook_deliveries SET status = 'DEAD', last_error = 'endpoint deactivated' WHERE endpoint_id = $1 AND status = 'PENDING'`, [id]);
  return r ? toEndpoint(r) : null;
}

interface DeliveryRow {
  id: string; endpoint_id: string; url: string; secret: string; notification_seq: string; attempts: number; status: WebhookDelivery["status"];
  last_error: string | null; created_at: Date | string; kind: string; recipient: string; data: Record<string, unknown>; at: Date | string;
}
const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: Number(r.id), endpointId: r.endpoint_id, url: r.url, secret: r.secret, notificationSeq: Number(r.notification_seq), attempts: r.attempts, status: r.status,
  lastError: r.last_error, createdAt: new Date(r.created_at),
  body: { seq: Number(r.notification_seq), kind: r.kind, recipient: r.recipient, data: r.data, at: new Date(r.at).toISOString() },
});
const DELIVERY = `d.id, d.endpoint_id, e.url, e.secret, d.notification_seq, d.attempts, d.status, d.last_error, d.created_at, n.kind, n.recipient, n.data, n.at
  FROM consent.webhook_deliveries d JOIN consent.webhook_endpoints e ON e.id = d.endpoint_id JOIN consent.notifications n ON n.seq = d.notification_seq`;

/** Each endpoint's oldest pending delivery, when it is due (later ones wait behind it: order per receiver). */
export async function dueDeliveries(limit: number): Promise<WebhookDelivery[]> {
  return rowsOf<DeliveryRow>(await attributeContext().db.query(
    `SELECT ${DELIVERY} WHERE d.id IN (SELECT DISTINCT ON (endpoint_id) id FROM consent.webhook_deliveries WHERE status = 'PENDING'
        ORDER BY endpoint_id, notification_seq, id)
       AND d.next_attempt_at <= now() AND e.active ORDER BY d.notification_seq LIMIT $1`, [limit])).map(toDelivery);
}

export async function deliverySucceeded(id: number): Promise<void> {
  await attributeContext().db.query(`UPDATE consent.webhook_deliveries SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = now(), last_error = NULL WHERE id = $1`, [id]);
}

/** A failed attempt: retried at `retryAt`, or dead-lettered when this was the last one. */
export async function deliveryFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
  await attributeContext().db.query(
    `UPDATE consent.webhook_deliveries SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3::timestamptz IS NULL THEN 'DEAD' ELSE 'PENDING' END,
       next_attempt_at = coalesce($3::timestamptz, next_attempt_at) WHERE id = $1`, [id, error.slice(0, 500), retryAt?.toISOString() ?? null]);
}

/** The institution's dead letters, newest first (paged by id). */
export async function deadLetters(organizationId: string, limit: number, beforeId: number | null): Promise<WebhookDelivery[]> {
  return rowsOf<DeliveryRow>(await attributeContext().db.query(
    `SELECT ${DELIVERY} WHERE e.organization_id = $1 AND d.status = 'DEAD' AND ($2::bigint IS NULL OR d.id < $2) ORDER BY d.id DESC LIMIT $3`,
    [organizationId, beforeId, limit])).map(toDelivery);
}

/** Put dead letters of the institution back in the queue (of active endpoints); returns the ids requeued. */
export async function replayDeliveries(organizationId: string, ids: readonly number[]): Promise<number[]> {
  const rows = rowsOf<{ id: string }>(await attributeContext().db.query(
    `UPDATE consent.webhook_deliveries d SET status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL
       FROM consent.webhook_endpoints e WHERE e.id = d.endpoint_id AND e.organization_id = $1 AND e.active AND d.status = 'DEAD' AND d.id = ANY($2::bigint[])
     RETURNING d.id`, [organizationId, [...ids]]));
  return rows.map((r) => Number(r.id));
}

/** The signature header value of a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signWebhook(secret: string, body: string, at = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}
