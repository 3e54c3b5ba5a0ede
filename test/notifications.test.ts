import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { as, codes, db, gql, token } from "./support/client.js";
import { eventually, openStream } from "./support/sse.js";
import { buildDischargeSummary, TINY_PNG } from "../subgraphs/documents/src/fhir/build/discharge-summary.js";

const E_CENTER = "1310000005";
const PHR = "1399999999";

/** A webhook receiver on a fixed port that can be down (not listening) or up, answering `status`. */
function receiver() {
  const got: { body: any; raw: string; headers: IncomingMessage["headers"] }[] = [];
  let server: Server | null = null;
  let port = 0;
  let status = 200;
  const listen = () => new Promise<void>((resolve) => {
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => { raw += c; });
      req.on("end", () => {
        if (status === 200) got.push({ body: JSON.parse(raw), raw, headers: req.headers });
        res.writeHead(status).end();
      });
    });
    server.listen(port, "127.0.0.1", () => { port = (server!.address() as AddressInfo).port; resolve(); });
  });
  const down = () => new Promise<void>((r) => { if (!server) return r(); server.closeAllConnections(); server.close(() => r()); server = null; });
  return { got, listen, down, url: () => `http://127.0.0.1:${port}/hook`, setStatus: (s: number) => { status = s; } };
}

const verify = (secret: string, header: string, raw: string) => {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  return v1 === createHmac("sha256", secret).update(`${t}.${raw}`).digest("hex");
};

describe("notifications that reach people", () => {
  const receivers: ReturnType<typeof receiver>[] = [];
  afterAll(async () => { for (const r of receivers) await r.down(); });

  it("an emergency access reaches the patient's stream within a second, and her list; she marks it read", async () => {
    const patient = await as.patient("P-0003");
    const stream = await openStream(patient);
    const responder = await token({ role: "emergency_responder", sub: "ER-N22", org: "1310000009", mfa: true });
    const sentAt = Date.now();
    const started = await gql<any>(`mutation($i: StartEmergencyAccessInput!) { startEmergencyAccess(input: $i) { id } }`,
      { token: responder, variables: { i: { patientId: "P-0003", reason: "EMERGENCY", justification: "意識障害で搬送、本人同意取得不能" } } });
    expect(started.errors).toBeUndefined();
    const answeredAt = Date.now();
    const grantId = started.data.startEmergencyAccess.id;
    const ev = await stream.waitFor((e) => e.data.kind === "EMERGENCY_ACCESS" && e.data.data.emergencyAccessId === grantId, 10_000);
    // After the mutation's answer (the grant has committed by then); it may even arrive before the answer does.
    const latency = Math.max(0, ev.receivedAt - answeredAt);
    console.log(`emergency access → patient's stream: ${ev.receivedAt - sentAt} ms from the request, ${ev.receivedAt - answeredAt} ms after its answer`);
    expect(latency).toBeLessThan(1000);
    expect(ev.data.data).toMatchObject({ organizationId: "1310000009", reason: "EMERGENCY" });
    stream.close();

    const list = await gql<any>(`{ notifications(unreadOnly: true, first: 20) { nodes { id kind read } } }`, { token: patient });
    const n = list.data.notifications.nodes.find((x: any) => x.id === ev.data.id);
    expect(n).toEqual({ id: ev.data.id, kind: "EMERGENCY_ACCESS", read: false });
    // Someone else's notification ids are ignored like unknown ones.
    expect((await gql<any>(`mutation { markNotificationsRead(ids: ["${n.id}"]) }`, { token: await as.patient("P-0002") })).data.markNotificationsRead).toEqual([]);
    expect((await gql<any>(`mutation { markNotificationsRead(ids: ["${n.id}"]) }`, { token: patient })).data.markNotificationsRead).toEqual([n.id]);
    const unread = await gql<any>(`{ notifications(unreadOnly: true, first: 100) { nodes { id } } }`, { token: patient });
    expect(unread.data.notifications.nodes.map((x: any) => x.id)).not.toContain(n.id);
    // Resuming with Last-Event-ID replays what came after.
    const resumed = await openStream(patient, { lastEventId: String(Number(ev.data.id) - 1) });
    expect((await resumed.waitFor((e) => e.data.id === ev.data.id)).data.read).toBe(true);
    resumed.close();
    // Without a token there is no stream.
    const anon = await fetch(`${(await import("./support/client.js")).hub().gateway.replace(/\/graphql$/, "")}/notifications/stream`);
    expect(anon.status).toBe(401);
    await anon.body?.cancel();
  });

  it("a document for her: the patient is told of it and of its withdrawal, the receiving institution of the incoming document", async () => {
    const system = await token({ role: "system", sub: "EHR-1310000002", org: "1310000002", scope: "documents.write documents.read" });
    const bundle = buildDischargeSummary({
      institution: "1310000002", insuredId: `06139992:け-1:22${String(Date.now() % 100000)}:01`, patientName: "通知 太郎", birthDate: "1960-02-03", gender: "male",
      admittedOn: "2026-10-01", dischargedOn: "2026-10-20", diagnosisOnAdmission: "心不全", hospitalCourse: "利尿薬で改善",
      attachments: [{ contentType: "image/png", data: TINY_PNG, title: "胸部X線 キー画像" }],
    });
    const reg = await gql<any>(`mutation($i: RegisterDocumentInput!) { registerDocument(input: $i) { document { id } } }`,
      { token: system, variables: { i: { bundle, destinationOrganizationId: E_CENTER, consentAtIssuance: true } } });
    expect(reg.errors).toBeUndefined();
    const docId = reg.data.registerDocument.document.id;
    const c = await db();
    const [{ patient_id: pid }] = (await c.query(`SELECT patient_id FROM documents.documents WHERE id = $1`, [docId])).rows;
    await c.end();
    const clerkE = await token({ role: "clerk", sub: "CL-E2", org: E_CENTER });
    const incoming = await eventually(async () => (await gql<any>(`{ notifications(first: 50) { nodes { kind recipient data } } }`, { token: clerkE }))
      .data.notifications.nodes.find((n: any) => n.kind === "INCOMING_DOCUMENT" && n.data.documentId === docId));
    expect(incoming).toMatchObject({ recipient: `org:${E_CENTER}`, data: { fromOrganizationId: "1310000002", type: expect.any(String) } });
    expect(JSON.stringify(incoming)).not.toContain("心不全");
    const patient = await as.patient(pid);
    await gql(`mutation { withdrawDocument(id: "${docId}", reason: "誤った患者に発行") }`, { token: system });
    const mine = await eventually(async () => {
      const kinds = (await gql<any>(`{ notifications(first: 50) { nodes { kind data } } }`, { token: patient })).data.notifications.nodes
        .filter((n: any) => n.data.documentId === docId).map((n: any) => n.kind);
      return kinds.length === 2 ? kinds : null;
    });
    expect(mine).toEqual(["DOCUMENT_WITHDRAWN", "NEW_DOCUMENT"]);
  });

  it("a PHR operator is told of a grant, lists its consenting patients, and is told of the revocation", async () => {
    const operator = await token({ role: "phr_operator", sub: "OP-N22", org: PHR });
    const patient = await as.patient("P-0003");
    const g = await gql<any>(`mutation { grantConsent(input: { organizationId: "${PHR}", purpose: PATRQT, categories: [PHR_VITAL] }) { id } }`, { token: patient });
    const consentId = g.data.grantConsent.id;
    const told = await eventually(async () => (await gql<any>(`{ notifications(first: 50) { nodes { kind data } } }`, { token: operator }))
      .data.notifications.nodes.find((n: any) => n.kind === "CONSENT_GRANTED" && n.data.consentId === consentId));
    expect(told.data.patientId).toBe("P-0003");
    const users = await gql<any>(`{ phrConsentingPatients(first: 50) { nodes { patient { id } consentId categories } } }`, { token: operator });
    expect(users.data.phrConsentingPatients.nodes).toContainEqual({ patient: { id: "P-0003" }, consentId, categories: ["PHR_VITAL"] });
    await gql(`mutation { revokeConsent(id: "${consentId}") { status } }`, { token: patient });
    const after = await gql<any>(`{ phrConsentingPatients(first: 50) { nodes { consentId } } }`, { token: operator });
    expect(after.data.phrConsentingPatients.nodes.map((n: any) => n.consentId)).not.toContain(consentId);
    expect((await gql<any>(`{ notifications(first: 50) { nodes { kind data } } }`, { token: operator })).data.notifications.nodes)
      .toContainEqual({ kind: "CONSENT_REVOKED", data: { consentId, patientId: "P-0003" } });
    // Only PHR operators list consenting patients.
    expect(codes(await gql(`{ phrConsentingPatients { nodes { consentId } } }`, { token: await as.doctorB() }))).toEqual(["FORBIDDEN"]);
  });

  it("a webhook receiver that is down gets the signed event after it comes back; dead letters can be replayed", async () => {
    const hook = receiver();
    receivers.push(hook);
    await hook.listen();
    await hook.down(); // keeps its port, not listening: down
    const system = await token({ role: "clerk", sub: "CL-E", org: E_CENTER });
    const reg = await gql<any>(`mutation($u: String!) { registerWebhook(url: $u) { id url secret active } }`, { token: system, variables: { u: hook.url() } });
    expect(reg.errors).toBeUndefined();
    const { id: endpointId, secret } = reg.data.registerWebhook;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await gql<any>(`{ webhooks { id secret } }`, { token: system })).data.webhooks).toContainEqual({ id: endpointId, secret: null });
    expect(codes(await gql(`mutation { registerWebhook(url: "ftp://x") { id } }`, { token: system }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(`{ webhooks { id } }`, { token: await as.patient() }))).toEqual(["FORBIDDEN"]);

    // An event for the institution while the receiver is down.
    const patient = await as.patient("P-0002");
    const g = await gql<any>(`mutation { grantConsent(input: { organizationId: "${E_CENTER}", purpose: TREAT, categories: [ALLERGY] }) { id } }`, { token: patient });
    const consentId = g.data.grantConsent.id;
    const c = await db();
    try {
      const attempts = async () => Number((await c.query(`SELECT coalesce(max(d.attempts), 0) AS n FROM consent.webhook_deliveries d
        JOIN consent.notifications n ON n.seq = d.notification_seq WHERE d.endpoint_id = $1 AND n.data->>'consentId' = $2`, [endpointId, consentId])).rows[0].n);
      await eventually(async () => (await attempts()) >= 1);
      await hook.listen(); // back up
      const delivered = await eventually(async () => hook.got.find((x) => x.body.data.consentId === consentId), 30_000);
      expect(delivered.body).toMatchObject({ kind: "CONSENT_GRANTED", recipient: `org:${E_CENTER}`, data: { consentId, patientId: "P-0002" } });
      expect(verify(secret, String(delivered.headers["x-hub-signature"]), delivered.raw)).toBe(true);
      expect(verify("wrong", String(delivered.headers["x-hub-signature"]), delivered.raw)).toBe(false);

      // A receiver that keeps failing: after the last attempt the delivery is a dead letter its admins read and replay.
      hook.setStatus(500);
      const r2 = await gql<any>(`mutation { revokeConsent(id: "${consentId}") { status } }`, { token: patient });
      expect(r2.errors).toBeUndefined();
      const pending = await eventually(async () => (await c.query(`SELECT d.id FROM consent.webhook_deliveries d JOIN consent.notifications n ON n.seq = d.notification_seq
        WHERE d.endpoint_id = $1 AND n.kind = 'CONSENT_REVOKED' AND n.data->>'consentId' = $2 AND d.attempts >= 1`, [endpointId, consentId])).rows[0]);
      // Skip ahead to the last attempt rather than wait out the backoff.
      await c.query(`UPDATE consent.webhook_deliveries SET attempts = 9, next_attempt_at = now() WHERE id = $1`, [pending.id]);
      const dead = await eventually(async () => (await gql<any>(`{ webhookDeadLetters(first: 10) { nodes { id attempts lastError notification { kind data } } } }`, { token: system }))
        .data.webhookDeadLetters.nodes.find((d: any) => d.id === String(pending.id)));
      expect(dead).toMatchObject({ attempts: 10, lastError: "HTTP 500", notification: { kind: "CONSENT_REVOKED", data: { consentId } } });
      hook.setStatus(200);
      expect((await gql<any>(`mutation { replayWebhookDeliveries(ids: ["${pending.id}"]) }`, { token: system })).data.replayWebhookDeliveries).toEqual([String(pending.id)]);
      await eventually(async () => hook.got.find((x) => x.body.kind === "CONSENT_REVOKED" && x.body.data.consentId === consentId), 30_000);
      // Another institution's admins cannot replay it.
      const other = await token({ role: "clerk", sub: "CL-B", org: "1310000002" });
      expect((await gql<any>(`mutation { replayWebhookDeliveries(ids: ["${pending.id}"]) }`, { token: other })).data.replayWebhookDeliveries).toEqual([]);
    } finally {
      await c.end();
      await gql(`mutation { deactivateWebhook(id: "${endpointId}") { active } }`, { token: system });
    }
  });
});
