import { describe, expect, it } from "vitest";
import { as, db, etreat, gql, hub, token } from "../support/client.js";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);

describe("load", () => {
  it(`${CLIENTS} concurrent clients for ${SECONDS} s of mixed queries: no 5xx, every data response audited, memory stable`, async () => {
    const responder = await as.responderTokyo();
    const grant = (await gql<any>(`mutation { startEmergencyAccess(input: { patientId: "P-0003", reason: EMERGENCY, justification: "load test: unconscious patient" }) { id } }`, { token: responder })).data.startEmergencyAccess.id;
    // Distinct actors, so the per-actor rate limit measures fairness rather than throttling the whole test.
    const mix = async (i: number) => {
      const doctor = await token({ role: "doctor", sub: `LOAD-D-${i}`, org: "1310000002" });
      const patient = await as.patient("P-0001");
      const er = await token({ role: "emergency_responder", sub: "ER-001", org: "1310000009", mfa: true });
      return [
        () => gql(`{ patient(id: "P-0001") { name conditions { nodes { id } } documents { nodes { id } } vitals(first: 3) { nodes { id } } eligibility { insurerNumber } } }`, { token: doctor }),
        () => gql(`{ patient(id: "P-0001") { allergies { nodes { id } } accessLog(first: 5) { nodes { at } } } }`, { token: patient }),
        () => gql(`{ emergencySummary(patientId: "P-0003") { allergies { nodes { id } } infections { nodes { id } } } }`, { token: er, headers: etreat(grant) }),
        () => gql(`{ patient(id: "P-0002") { conditions { nodes { id } } } }`, { token: doctor }),
      ];
    };
    const metricsUrl = hub().subgraphs.clinical.replace(/\/graphql$/, "/metrics");
    const rss = async () => Number((await (await fetch(metricsUrl)).text()).match(/^process_resident_memory_bytes (\S+)$/m)?.[1]);
    const end = Date.now() + SECONDS * 1000;
    const samples: number[] = [];
    const sampler = setInterval(() => void rss().then((v) => samples.push(v)), 2000);
    let total = 0;
    let fiveXX = 0;
    const withData: string[] = [];
    await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      const ops = await mix(i);
      let k = i;
      while (Date.now() < end) {
        const r = await ops[k++ % ops.length]();
        total++;
        if (r.status >= 500) fiveXX++;
        const data = JSON.stringify(r.data ?? {});
        if (r.extensions?.requestId && /"id":/.test(data)) withData.push(r.extensions.requestId);
      }
    }));
    clearInterval(sampler);
    expect(total).toBeGreaterThan(CLIENTS * 5);
    expect(fiveXX).toBe(0);
    const c = await db();
    const { rows } = await c.query(`SELECT count(DISTINCT request_id)::int AS n FROM consent.audit_events WHERE request_id = ANY($1)`, [withData]);
    await c.end();
    expect(rows[0].n).toBe(new Set(withData).size);
    const warm = samples[Math.floor(samples.length / 3)] ?? samples[0];
    const last = samples[samples.length - 1];
    console.log(`load: ${total} requests (${(total / SECONDS).toFixed(0)}/s), ${withData.length} with patient data, all audited; RSS ${(warm / 2 ** 20).toFixed(0)} → ${(last / 2 ** 20).toFixed(0)} MiB`);
    expect(last).toBeLessThan(warm * 1.5);
  }, (SECONDS + 120) * 1000);
});
