import { randomUUID } from "node:crypto";
import { config, logger } from "@hub/common";
import { acquireLease, deliveryFailed, deliverySucceeded, dueDeliveries, releaseLease, signWebhook, type WebhookDelivery } from "@hub/policies";

/**
 * The webhook delivery job: one small module, so it can move onto a shared scheduler as it is. Every replica runs the
 * timer; only the holder of the `webhook-delivery` lease (consent.job_leases) sends, so each delivery is attempted by
 * one process at a time. Each round sends every endpoint's oldest due delivery (order per receiver), marks it
 * delivered on a 2xx, else schedules a retry with exponential backoff (WEBHOOK_RETRY_BASE_MS × 2^attempt, capped at
 * WEBHOOK_RETRY_MAX_MS) and dead-letters it after WEBHOOK_MAX_ATTEMPTS. Returns a stop function.
 */
export function startWebhookDeliveryJob(): () => void {
  const cfg = config().notifications;
  const holder = randomUUID();
  const log = logger("webhooks");
  let running = false;
  let stopped = false;
  const ttl = Math.max(10_000, cfg.webhookTimeoutMs * 3);
  // Held until then (renewed at half-time, so a round costs one query while the lease is ours).
  let heldUntil = 0;

  async function send(d: WebhookDelivery): Promise<void> {
    const body = JSON.stringify({ id: String(d.body.seq), deliveryId: String(d.id), ...d.body });
    try {
      const res = await fetch(d.url, {
        method: "POST", signal: AbortSignal.timeout(cfg.webhookTimeoutMs), redirect: "manual",
        headers: { "content-type": "application/json", "x-hub-signature": signWebhook(d.secret, body), "x-hub-delivery": String(d.id), "x-hub-event": d.body.kind },
        body,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return deliverySucceeded(d.id);
      return failed(d, `HTTP ${res.status}`);
    } catch (e) {
      return failed(d, (e as Error).message || "unreachable");
    }
  }

  function failed(d: WebhookDelivery, error: string): Promise<void> {
    const attempt = d.attempts + 1;
    const retryAt = attempt >= cfg.webhookMaxAttempts ? null : new Date(Date.now() + Math.min(cfg.webhookRetryMaxMs, cfg.webhookRetryBaseMs * 2 ** (attempt - 1)));
    return deliveryFailed(d.id, error, retryAt);
  }

  async function round(): Promise<void> {
    if (running || stopped) return;
    running = true;
    try {
      if (Date.now() > heldUntil - ttl / 2) {
        const at = Date.now();
        heldUntil = (await acquireLease("webhook-delivery", holder, ttl)) ? at + ttl : 0;
      }
      if (heldUntil === 0) return;
      const due = await dueDeliveries(50);
      await Promise.all(due.map(send));
    } catch (err) {
      log.error({ err }, "webhook delivery round failed");
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void round(), cfg.webhookPollMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    void releaseLease("webhook-delivery", holder).catch(() => undefined);
  };
}
