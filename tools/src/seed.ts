import { config } from "@hub/common";
import { prepareDatabase } from "./database.js";

/**
 * `npm run seed [-- --reset]`: migrate and load the demo data into an empty database (DATABASE_URL, or the embedded
 * one in PGLITE_DATA_DIR). `--reset` drops the hub's schemas first (not in production).
 */
async function main(): Promise<void> {
  const reset = process.argv.includes("--reset");
  const cfg = config();
  if (cfg.env === "production") throw new Error("npm run seed loads synthetic demo patients and is refused in production");
  if (!cfg.databaseUrl && !cfg.pgliteDataDir) {
    console.error("note: no DATABASE_URL or PGLITE_DATA_DIR: seeding an in-memory database that ends with this command");
  }
  const db = await prepareDatabase(cfg, { reset });
  console.log(db.seeded ? "demo data loaded" : "database already holds data: nothing seeded (use --reset to start over)");
  await db.close();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
