import "reflect-metadata";
import { AuditStore, fromRow, toFhirAuditEvent } from "@hub/policies";
import { openCliDataSource } from "./cli-db.js";
import { EXIT, cli, exitWith, runCli } from "./cli.js";

/**
 * `npm run audit -- verify`: recompute the hash chain; exit 1 when it is broken.
 * `npm run audit -- export [--patient P-0001]`: FHIR AuditEvent resources as NDJSON on stdout.
 * Connects to DATABASE_URL, or to the running hub's embedded database on PGLITE_PORT (5433).
 */
const program = cli("npm run audit --", "Verify and export the audit trail (DATABASE_URL, or the running hub's embedded database)");

program.command("verify").description("recompute the hash chain; exit 1 when it is broken")
  .action(exitWith(async () => {
    const ds = await openCliDataSource(2);
    try {
      const r = await new AuditStore(ds).verify();
      if (r.brokenAt === null) {
        console.log(`audit chain intact: ${r.events} events`);
        return EXIT.OK;
      }
      console.error(`audit chain BROKEN at event ${r.brokenAt}: ${r.reason} (${r.events} events verified before it)`);
      return EXIT.REFUSED;
    } finally {
      await ds.destroy();
    }
  }));

program.command("export").description("FHIR AuditEvent resources as NDJSON on stdout").option("--patient <id>", "only this patient's events")
  .action(exitWith(async (o: { patient?: string }) => {
    const ds = await openCliDataSource(2);
    try {
      let after = 0;
      for (;;) {
        const rows = (await ds.query(`SELECT * FROM consent.audit_events WHERE seq > $1 AND ($2::text IS NULL OR patient_id = $2) ORDER BY seq LIMIT 1000`, [after, o.patient ?? null])) as Parameters<typeof fromRow>[0][];
        if (rows.length === 0) return EXIT.OK;
        for (const r of rows) process.stdout.write(JSON.stringify(toFhirAuditEvent(fromRow(r))) + "\n");
        after = Number(rows[rows.length - 1].seq);
      }
    } finally {
      await ds.destroy();
    }
  }));

void runCli(program);
