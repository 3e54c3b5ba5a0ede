import { describe, expect, it } from "vitest";
import { as, codes, db, gql, token } from "./support/client.js";
import { eventually, openStream } from "./support/sse.js";

const E_CENTER = "1310000005";
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const REQUEST = `mutation($i: RequestConsultationInput!) { requestConsultation(input: $i) { id status linkedId patientId basis categories } }`;
const NOTES = `{ notifications(first: 50) { nodes { id kind read recipient data } } }`;
const notes = async (t: string) => (await gql<any>(NOTES, { token: t })).data.notifications.nodes as any[];

describe("consultations between doctors (北条さん: Dr.X at みなと総合病院 asks Dr.Y at E医療センター)", () => {
  it("request → the patient approves → Dr.Y reads under a linked id without her name → answers → Dr.X reads the answer; the patient sees every step", async () => {
    const patient = await as.patient("P-0001");
    const drX = await as.doctorB();
    const drY = await as.doctorE();
    const stream = await openStream(patient);
    expect(stream.status).toBe(200);

    const conditions = await gql<any>(`{ patient(id: "P-0001") { conditions { nodes { id } } } }`, { token: drX });
    const recordIds = conditions.data.patient.conditions.nodes.map((n: any) => n.id);
    expect(recordIds.length).toBeGreaterThan(0);

    const req = await gql<any>(REQUEST, { token: drX, variables: { i: {
      patientId: "P-0001", specialistOrganizationId: E_CENTER, specialistPractitionerId: "D-005", question: "心房細動の抗凝固療法について御意見をお願いします",
      categories: ["CONDITION", "ALLERGY"], expiresAt: inAWeek(), askPatient: true } } });
    expect(req.errors).toBeUndefined();
    const c = req.data.requestConsultation;
    expect(c).toMatchObject({ status: "PENDING", patientId: "P-0001", basis: null });
    expect(c.linkedId).toMatch(/^L-[0-9A-Z]{12}$/);

    // Before the patient decides, Dr.Y has nothing: not in the inbox, unknown by id, the linked id opens nothing.
    const inboxBefore = await gql<any>(`{ consultations(first: 50) { nodes { id } } }`, { token: drY });
    expect(inboxBefore.data.consultations.nodes.map((n: any) => n.id)).not.toContain(c.id);
    expect(codes(await gql(`{ consultation(id: "${c.id}") { id } }`, { token: drY }))).toEqual(["NOT_FOUND"]);

    // The patient is told, in her list and on her stream, and approves.
    const requested = await stream.waitFor((e) => e.data.kind === "CONSULTATION_REQUESTED" && e.data.data.consultationId === c.id);
    expect(requested.data.data).toMatchObject({ organizationId: E_CENTER, requesterOrganizationId: "1310000002" });
    expect((await notes(patient)).find((n) => n.kind === "CONSULTATION_REQUESTED" && n.data.consultationId === c.id)).toBeTruthy();
    const approved = await gql<any>(`mutation { approveConsultation(id: "${c.id}") { status basis identityShared } }`, { token: patient });
    expect(approved.data.approveConsultation).toEqual({ status: "OPEN", basis: "PATIENT_APPROVAL", identityShared: false });

    // Dr.Y is notified under the linked id, never the hub id.
    const received = (await notes(drY)).find((n) => n.kind === "CONSULTATION_RECEIVED" && n.data.consultationId === c.id);
    expect(received.data.linkedId).toBe(c.linkedId);
    expect(JSON.stringify(received)).not.toContain("P-0001");

    // Dr.Y reads the question and the records under the linked id; no name, no hub id anywhere in the answer.
    const seen = await gql<any>(`{ consultation(id: "${c.id}") { question status linkedId patientId requesterOrganization { name }
        patient { id name birthDate conditions { nodes { id display fhir } } allergies { nodes { id } } prescriptions { nodes { id } } } } }`, { token: drY });
    const view = seen.data.consultation;
    expect(view).toMatchObject({ question: c.question ?? expect.any(String), status: "OPEN", linkedId: c.linkedId, patientId: null, requesterOrganization: { name: "みなと総合病院" } });
    expect(view.patient.id).toBe(c.linkedId);
    expect(view.patient.name).toBeNull();
    expect(view.patient.birthDate).toBeNull();
    expect(view.patient.conditions.nodes.map((n: any) => n.id).sort()).toEqual([...recordIds].sort());
    expect(view.patient.allergies.nodes.length).toBeGreaterThan(0);
    expect(view.patient.prescriptions).toBeNull();
    // (The demo's record ids embed the patient id, a seed artefact; ingested records get random ids.)
    expect(JSON.stringify(seen.data)).not.toContain('"P-0001"');
    expect(JSON.stringify(seen.data)).not.toContain("Patient/P-0001");
    expect(JSON.stringify(seen.data)).not.toContain("北条");
    expect(JSON.stringify(view.patient.conditions.nodes[0].fhir)).toContain(`Patient/${c.linkedId}`);
    // The same through the patient root and by record id.
    const root = await gql<any>(`{ patient(id: "${c.linkedId}") { id conditions { nodes { id } } } }`, { token: drY });
    expect(root.data.patient.id).toBe(c.linkedId);
    expect(root.data.patient.conditions.nodes.length).toBe(recordIds.length);
    const one = await gql<any>(`{ clinicalRecord(id: "${recordIds[0]}") { ... on Condition { fhir } } }`, { token: drY });
    expect(JSON.stringify(one.data)).toContain(`Patient/${c.linkedId}`);
    // The linked id means nothing to Dr.Y's colleague.
    const colleague = await token({ role: "doctor", sub: "D-006", org: E_CENTER });
    const stranger = await gql<any>(`{ patient(id: "${c.linkedId}") { conditions { nodes { id } } } }`, { token: colleague });
    expect(stranger.data.patient.conditions?.nodes ?? []).toEqual([]);

    // A bad FHIR resource is refused and changes nothing; then Dr.Y answers with text and a valid R4 resource.
    const bad = await gql<any>(`mutation($a: ConsultationAnswerInput!) { answerConsultation(id: "${c.id}", answer: $a) { status } }`,
      { token: drY, variables: { a: { text: "所見", resources: [{ resourceType: "Basic", cdoe: { text: "x" } }] } } });
    expect(codes(bad)).toEqual(["FHIR_VALIDATION_FAILED"]);
    const answer = await gql<any>(`mutation($a: ConsultationAnswerInput!) { answerConsultation(id: "${c.id}", answer: $a) { status answer { text resources } } }`,
      { token: drY, variables: { a: { text: "DOAC への切り替えを推奨します。", resources: [{ resourceType: "Basic", code: { text: "consultation-opinion" } }] } } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.answerConsultation.status).toBe("ANSWERED");

    // Access ends with the answer.
    const after = await gql<any>(`{ patient(id: "${c.linkedId}") { conditions { nodes { id } } } }`, { token: drY });
    expect(after.data.patient.conditions).toBeNull();

    // Dr.X is notified and reads the answer.
    const toX = await eventually(async () => (await notes(drX)).find((n) => n.kind === "CONSULTATION_ANSWERED" && n.data.consultationId === c.id));
    expect(toX.data.patientId).toBe("P-0001");
    const sent = await gql<any>(`{ consultation(id: "${c.id}") { status answer { text resources } patientId } }`, { token: drX });
    expect(sent.data.consultation).toMatchObject({ status: "ANSWERED", patientId: "P-0001", answer: { text: "DOAC への切り替えを推奨します。" } });
    expect(sent.data.consultation.answer.resources[0].resourceType).toBe("Basic");
    const box = await gql<any>(`{ consultations(box: SENT, status: ANSWERED) { nodes { id } } }`, { token: drX });
    expect(box.data.consultations.nodes.map((n: any) => n.id)).toContain(c.id);

    // The patient sees every step: her consultations, her consents, her access log, her stream.
    const mine = await gql<any>(`{ patient(id: "P-0001") { consultations { nodes { id status linkedId answer { text } } }
        consents(first: 100) { nodes { source status practitionerId } } accessLog(first: 100) { nodes { event actorRole } } } }`, { token: patient });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.patient.consultations.nodes.find((n: any) => n.id === c.id)).toMatchObject({ status: "ANSWERED", linkedId: c.linkedId, answer: { text: "DOAC への切り替えを推奨します。" } });
    expect(mine.data.patient.consents.nodes).toContainEqual({ source: "CONSULTATION", status: "REVOKED", practitionerId: "D-005" });
    const events = mine.data.patient.accessLog.nodes.map((n: any) => n.event);
    for (const e of ["consultation-requested", "consultation-read", "consultation-answered", "consent-ended"]) expect(events).toContain(e);
    expect(mine.data.patient.accessLog.nodes).toContainEqual({ event: "access", actorRole: "DOCTOR" });
    await stream.waitFor((e) => e.data.kind === "CONSULTATION_ANSWERED" && e.data.data.consultationId === c.id);
    const kinds = stream.events.map((e) => Number(e.id));
    expect([...kinds].sort((a, b) => a - b)).toEqual(kinds); // in order
    stream.close();
  });

  it("rides on the onward-sharing consent she gave before; a record the requester may not read is refused like an unknown one", async () => {
    const drX = await as.doctorB();
    const ride = await gql<any>(REQUEST, { token: drX, variables: { i: {
      patientId: "P-0001", specialistOrganizationId: E_CENTER, specialistPractitionerId: "D-005", question: "アレルギー歴の確認", categories: ["ALLERGY"], expiresAt: inAWeek() } } });
    expect(ride.data.requestConsultation).toMatchObject({ status: "OPEN", basis: "ONWARD_SHARING" });
    // Unlinkable: a new consultation, a new linked id.
    const first = await gql<any>(`{ consultations(box: SENT, first: 5) { nodes { linkedId } } }`, { token: drX });
    expect(new Set(first.data.consultations.nodes.map((n: any) => n.linkedId)).size).toBe(first.data.consultations.nodes.length);
    // The patient can be asked about P-0003 only with records the requester may read: none here.
    const none = await gql<any>(REQUEST, { token: drX, variables: { i: {
      patientId: "P-0003", specialistOrganizationId: E_CENTER, specialistPractitionerId: "D-005", question: "?", categories: ["CONDITION"], recordIds: ["no-such-record"], expiresAt: inAWeek() } } });
    expect(none.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "recordIds" });
    const beyond = await gql<any>(REQUEST, { token: drX, variables: { i: {
      patientId: "P-0003", specialistOrganizationId: E_CENTER, specialistPractitionerId: "D-005", question: "?", categories: ["CONDITION"], expiresAt: inAWeek() } } });
    expect(beyond.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "consultation-beyond-access" });
    // Withdrawn: the specialist's access ends.
    const id = ride.data.requestConsultation.id;
    const w = await gql<any>(`mutation { withdrawConsultation(id: "${id}") { status } }`, { token: drX });
    expect(w.data.withdrawConsultation.status).toBe("WITHDRAWN");
    expect(codes(await gql(`mutation { withdrawConsultation(id: "${id}") { status } }`, { token: await as.doctorE() }))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(`mutation { approveConsultation(id: "${id}") { status } }`, { token: await as.patient("P-0002") }))).toEqual(["NOT_FOUND"]);
  });

  it("expires: the specialist's access ends with its consent, the consultation reads EXPIRED and the requester and the patient are told", async () => {
    const drX = await as.doctorB();
    const drY = await as.doctorE();
    const r = await gql<any>(REQUEST, { token: drX, variables: { i: {
      patientId: "P-0001", specialistOrganizationId: E_CENTER, specialistPractitionerId: "D-005", question: "処方の確認", categories: ["PRESCRIPTION"], expiresAt: inAWeek() } } });
    const { id, linkedId } = r.data.requestConsultation;
    expect((await gql<any>(`{ patient(id: "${linkedId}") { prescriptions { nodes { id } } } }`, { token: drY })).data.patient.prescriptions.nodes.length).toBeGreaterThan(0);
    const c = await db();
    try {
      // A week passes (the consultation and its consent end together).
      await c.query(`UPDATE consent.consultations SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      await c.query(`UPDATE consent.consents SET expires_at = now() - interval '1 second' WHERE detail->>'consultationId' = $1`, [id]);
    } finally {
      await c.end();
    }
    expect((await gql<any>(`{ patient(id: "${linkedId}") { prescriptions { nodes { id } } } }`, { token: drY })).data.patient.prescriptions).toBeNull();
    const told = await eventually(async () => (await notes(drX)).find((n) => n.kind === "CONSULTATION_EXPIRED" && n.data.consultationId === id));
    expect(told.data.patientId).toBe("P-0001");
    expect((await gql<any>(`{ consultation(id: "${id}") { status } }`, { token: drX })).data.consultation.status).toBe("EXPIRED");
    expect((await notes(await as.patient("P-0001"))).find((n) => n.kind === "CONSULTATION_EXPIRED" && n.data.consultationId === id)).toBeTruthy();
    const answer = await gql(`mutation { answerConsultation(id: "${id}", answer: { text: "遅れて回答" }) { status } }`, { token: drY });
    expect(codes(answer)).toEqual(["CONFLICT"]);
  });
});
