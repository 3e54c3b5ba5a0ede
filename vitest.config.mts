import { existsSync } from "node:fs";
import { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Is a PostgreSQL server answering (DATABASE_URL's host, or 127.0.0.1:5432)? Then e2e tests run against it too. */
async function postgresUp(): Promise<string | null> {
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const { hostname, port } = new URL(url);
  const up = await new Promise<boolean>((resolve) => {
    const s = new Socket();
    s.setTimeout(1000);
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
    s.once("timeout", () => { s.destroy(); resolve(false); });
    s.connect(Number(port || 5432), hostname);
  });
  return up ? url : null;
}

const shared = {
  resolve: { alias: { graphql: "graphql/index.js" } },
};

export default defineConfig(async () => {
  const pg = await postgresUp();
  if (!pg) console.warn("PostgreSQL not reachable: end-to-end tests run on the embedded database only");
  // The IG's examples (CC BY-ND) are not in the repository; without them only their conformance suite is skipped.
  const fixtures = process.env.JP_CLINS_FIXTURES ?? fileURLToPath(new URL("../shared/fixtures/jp-clins", import.meta.url));
  if (!existsSync(fixtures)) console.warn(`JP-CLINS IG examples not found at ${fixtures}: the IG conformance suite is skipped; every other test uses the project's own examples`);
  const e2e = (name: string, env: Record<string, string>) => ({
    ...shared,
    test: {
      name,
      include: ["test/**/*.test.ts"],
      exclude: ["test/scale/**", "**/node_modules/**"],
      globalSetup: ["test/support/global-setup.ts"],
      env,
      // Generous limits: a busy machine makes the hub slower, never wrong; tests wait for conditions, not times.
      // A test names a longer limit only when it does more (several proofs, a soak); never a shorter one.
      testTimeout: 300_000,
      hookTimeout: 300_000,
      fileParallelism: false,
    },
  });
  return {
    test: {
      projects: [
        { ...shared, test: { name: "unit", include: ["{common,policies,gateway,tools,subgraphs/*}/src/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 300_000 } },
        ...(process.env.HUB_LOAD === "1"
          ? [{ ...shared, test: { name: "load", include: ["test/load/**/*.load.ts"], globalSetup: ["test/support/global-setup.ts"], env: { HUB_DB: pg ?? "pglite" }, testTimeout: 600_000, hookTimeout: 120_000 } }]
          : [e2e("e2e-pglite", { HUB_DB: "pglite" }), ...(pg ? [e2e("e2e-postgres", { HUB_DB: pg })] : []),
            // Replicas behind HAProxy over a PostgreSQL primary and standby it makes itself (skipped, visibly, without HAProxy).
            { ...shared, test: { name: "scale", include: ["test/scale/**/*.test.ts"], testTimeout: 900_000, hookTimeout: 900_000 } }]),
      ],
    },
  };
});
