import { Arg, Args, ID, Mutation, Query, Resolver } from "type-graphql";
import { BadUserInputError, Category, NON_PATIENT, NotFoundError, Operation, PageArgs, caller, callerInstitution, config, decodeCursor, pageSize, toConnection } from "@hub/common";
import { audit, deactivateWebhook, deadLetters, registerWebhook, replayDeliveries, webhooksOf } from "@hub/policies";
import { WebhookDeadLetterConnection, WebhookEndpoint } from "./notification.type.js";

/** Loopback, private, link-local and unspecified addresses (a production webhook never points inside the hub's network). */
const INTERNAL = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|0\.|\[?::1\]?$|\[?f[cd][0-9a-f]{2}:|\[?fe80:)/i;

/** Where a webhook may point: https to an outside host, or anything http(s) in development and tests (a local receiver). */
function checkUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new BadUserInputError("url is not a URL", { argument: "url" });
  }
  const http = u.protocol === "http:" && config().env !== "production";
  if ((u.protocol !== "https:" && !http) || u.username || u.password || raw.length > 2000) {
    throw new BadUserInputError("url must be an https URL without credentials", { argument: "url" });
  }
  if (config().env === "production" && INTERNAL.test(u.hostname)) throw new BadUserInputError("url must point outside the hub's network", { argument: "url" });
  return u.toString();
}

@Resolver()
export class WebhookResolver {
  @Mutation(() => WebhookEndpoint, { description: "Register an endpoint of your institution's system; the answer shows its signing secret, once" })
  @Category(NON_PATIENT) @Operation("manage-webhooks", { forInstitution: true })
  async registerWebhook(@Arg("url", () => String) url: string): Promise<WebhookEndpoint> {
    const org = callerInstitution();
    const e = await registerWebhook(org, checkUrl(url), caller().sub);
    await audit().event({ eventType: "webhook-changed", detail: { action: "registered", endpointId: e.id, organizationId: org, url: e.url } });
    return e;
  }

  @Mutation(() => WebhookEndpoint) @Category(NON_PATIENT) @Operation("manage-webhooks", { forInstitution: true })
  async deactivateWebhook(@Arg("id", () => ID) id: string): Promise<WebhookEndpoint> {
    const org = callerInstitution();
    const e = await deactivateWebhook(org, id);
    if (!e) throw new NotFoundError("webhook not found");
    await audit().event({ eventType: "webhook-changed", detail: { action: "deactivated", endpointId: id, organizationId: org } });
    return { ...e, secret: null };
  }

  @Query(() => [WebhookEndpoint]) @Category(NON_PATIENT) @Operation("manage-webhooks", { forInstitution: true })
  async webhooks(): Promise<WebhookEndpoint[]> {
    return (await webhooksOf(callerInstitution())).map((e) => ({ ...e, secret: null }));
  }

  @Query(() => WebhookDeadLetterConnection, { description: "Deliveries to your institution's endpoints that failed their last attempt, newest first" })
  @Category(NON_PATIENT) @Operation("manage-webhooks", { forInstitution: true })
  async webhookDeadLetters(@Args() { first, after }: PageArgs) {
    const limit = pageSize(first, config().maxPageSize);
    const cursor = decodeCursor(after);
    const rows = await deadLetters(callerInstitution(), limit + 1, cursor ? Number(cursor.id) : null);
    return toConnection(rows.map((d) => ({
      id: String(d.id), endpointId: d.endpointId, attempts: d.attempts, lastError: d.lastError, createdAt: d.createdAt,
      notification: { id: String(d.body.seq), kind: d.body.kind, at: new Date(d.body.at), read: false, recipient: d.body.recipient, data: d.body.data },
    })), limit, (d) => ({ at: d.createdAt.toISOString(), id: d.id }));
  }

  @Mutation(() => [ID], { description: "Send dead letters again (in order, with fresh retries); returns the ids queued" })
  @Category(NON_PATIENT) @Operation("manage-webhooks", { forInstitution: true })
  async replayWebhookDeliveries(@Arg("ids", () => [ID]) ids: string[]): Promise<string[]> {
    if (ids.length > 500 || ids.some((i) => !/^\d{1,18}$/.test(i))) throw new BadUserInputError("ids: at most 500 delivery ids", { argument: "ids" });
    const org = callerInstitution();
    const queued = await replayDeliveries(org, ids.map(Number));
    await audit().event({ eventType: "webhook-changed", detail: { action: "replayed", organizationId: org, deliveries: queued } });
    return queued.map(String);
  }
}
