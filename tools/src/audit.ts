import "reflect-metadata";
import { once } from "node:events";
import { AuditStore, toFhirAuditEvent } from "@hub/policies";
import { openCliDataSource } from "./cli-db.js";
import { EXIT, cli, exitWith, runCli, wholeNumber } from "./cli.js";

/**
 * `npm run audit -- verify`: recompute the hash chain; exit 1 when it is broken.
 * `npm run audit -- export [--patient P-0001] [--after 1234]`: FHIR AuditEvent resources as NDJSON on stdout, optionally
 * only the events recorded after a sequence number (an incremental export, or a test reading only what it caused).
 * Connects to DATABASE_URL, or to the running hub's embedded database on PGLITE_PORT (5433).
 */
const program = cli("npm run audit --", "Verify and export the audit trail (DATABASE_URL, or the running hub's embedded database)");

program.command("verify").description("recompute the hash chain; exit 1 when it is broken")
  .action(exitWith(async () => {
    const ds = await openCliDataSource(2);
    try {
      const r = await new AuditStore(ds).verify();
      if (r.brokenAt === null) {
        console.log(`audit chain intact: ${r.events} events in ${r.chains ?? 1} chains`);
        return EXIT.OK;
      }
      console.error(`audit chain BROKEN at event ${r.brokenAt}: ${r.reason} (${r.events} events verified before it)`);
      return EXIT.REFUSED;
    } finally {
      await ds.destroy();
    }
  }));

program.command("export").description("FHIR AuditEvent resources as NDJSON on stdout").option("--patient <id>", "only this patient's events")
  .option("--after <seq>", "only events recorded after this sequence number", wholeNumber)
  .action(exitWith(async (o: { patient?: string; after?: number }) => {
    const ds = await openCliDataSource(2);
    try {
      let after = o.after ?? 0;
      for (;;) {
        const events = await new AuditStore(ds).page(after, 1000, o.patient ?? null);
        if (events.length === 0) return EXIT.OK;
        // With backpressure: stdout to a pipe is asynchronous, and the exit would cut off what is still queued.
        if (!process.stdout.write(events.map((e) => JSON.stringify(toFhirAuditEvent(e)) + "\n").join(""))) await once(process.stdout, "drain");
        after = events[events.length - 1].seq;
      }
    } finally {
      await ds.destroy();
    }
  }));

void runCli(program);
