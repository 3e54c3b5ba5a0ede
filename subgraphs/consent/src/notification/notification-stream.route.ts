import type { IncomingMessage, ServerResponse } from "node:http";
import { config, logger, type ContextRoute } from "@hub/common";
import { latestNotificationSeq, notificationsAfter } from "@hub/policies";
import { myKeys, toNotification } from "./notification.resolver.js";

/**
 * GET /notifications/stream (Server-Sent Events, through the gateway, which authenticates the bearer token like any
 * request): the caller's notifications as they happen, in order, each as an event whose id is its sequence number.
 * A client that reconnects sends `Last-Event-ID` (or `?after=`) and gets what it missed first; without it the stream
 * starts now. The stream polls the notification table every NOTIFY_POLL_MS (250 ms): a notice committed in any
 * process reaches the browser within that, plus the network.
 */
export const notificationStreamRoute: ContextRoute = { operation: { action: "read-notifications" }, handle: async (req: IncomingMessage, res: ServerResponse, recorded) => {
  await recorded();
  const { keys, reader } = myKeys();
  const url = new URL(req.url ?? "/", "http://localhost");
  const given = String(req.headers["last-event-id"] ?? url.searchParams.get("after") ?? "");
  let last = /^\d{1,18}$/.test(given) ? Number(given) : await latestNotificationSeq();
  const cfg = config().notifications;
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
  res.write(`retry: 2000\n: stream of ${keys.length} recipient key(s) after ${last}\n\n`);
  let open = true;
  let lastWrite = Date.now();
  const log = logger("notifications");
  req.on("close", () => { open = false; });
  res.on("close", () => { open = false; });
  while (open) {
    try {
      for (const n of await notificationsAfter(keys, reader, last)) {
        if (!open) break;
        res.write(`id: ${n.seq}\nevent: notification\ndata: ${JSON.stringify(toNotification(n))}\n\n`);
        last = n.seq;
        lastWrite = Date.now();
      }
      if (open && Date.now() - lastWrite > 15_000) {
        res.write(": keep-alive\n\n");
        lastWrite = Date.now();
      }
    } catch (err) {
      log.warn({ err }, "notification stream poll failed");
    }
    await new Promise((r) => setTimeout(r, cfg.streamPollMs));
  }
  res.end();
} };
