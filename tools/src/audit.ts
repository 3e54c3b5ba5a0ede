import "reflect-metadata";
import { once } from "node:events";
import { openCliDataSource } from "./cli-db.js";
import { AuditStore, toFhirAuditEvent } from "@hub/policies";

/**
 * `npm run audit -- verify`            recompute the hash chain; exit 1 when it is broken
 * `npm run audit -- export [--patient P-0001]`  FHIR AuditEvent resources as NDJSON on stdout
 * Connects to DATABASE_URL, or to the running hub's embedded database on PGLITE_PORT (5433).
 */
async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  const ds = await openCliDataSource(2);
  try {
    if (cmd === "verify") {
      const r = await new AuditStore(ds).verify();
      if (r.brokenAt === null) {
        console.log(`audit chain intact: ${r.events} events`);
        return 0;
      }
      console.error(`audit chain BROKEN at event ${r.brokenAt}: ${r.reason} (${r.events} events verified before it)`);
      return 1;
    }
    if (cmd === "export") {
      const i = rest.indexOf("--patient");
      const patient = i >= 0 ? rest[i + 1] : null;
      let after = 0;
      for (;;) {
        const events = await new AuditStore(ds).page(after, 1000, patient);
        if (events.length === 0) return 0;
        // With backpressure: stdout to a pipe is asynchronous, and the exit below would cut off what is still queued.
        if (!process.stdout.write(events.map((e) => JSON.stringify(toFhirAuditEvent(e)) + "\n").join(""))) await once(process.stdout, "drain");
        after = events[events.length - 1].seq;
      }
    }
    console.error("usage: npm run audit -- verify | export [--patient ID]");
    return 2;
  } finally {
    await ds.destroy();
  }
}

main().then((code) => process.stdout.write("", () => process.exit(code)), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
