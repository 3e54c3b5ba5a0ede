import { config } from "@hub/common";
import { prepareDatabase } from "./database.js";
import { EXIT, UsageError, cli, exitWith, runCli } from "./cli.js";

/**
 * `npm run seed [-- --reset]`: migrate and load the demo data into an empty database (DATABASE_URL, or the embedded
 * one in PGLITE_DATA_DIR). `--reset` drops the hub's schemas first. Refused in production: demo patients are synthetic.
 */
const program = cli("npm run seed --", "Migrate and load the synthetic demo data into an empty database (not in production)")
  .option("--reset", "drop the hub's schemas first", false)
  .action(exitWith(async (o: { reset: boolean }) => {
    const cfg = config();
    if (cfg.env === "production") throw new UsageError("npm run seed loads synthetic demo patients and is refused in production");
    if (!cfg.databaseUrl && !cfg.pgliteDataDir) {
      console.error("note: no DATABASE_URL or PGLITE_DATA_DIR: seeding an in-memory database that ends with this command");
    }
    const db = await prepareDatabase(cfg, { reset: o.reset });
    console.log(db.seeded ? "demo data loaded" : "database already holds data: nothing seeded (use --reset to start over)");
    await db.close();
    return EXIT.OK;
  }));

void runCli(program);
