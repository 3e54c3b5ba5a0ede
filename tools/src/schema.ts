import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_DIR } from "@hub/gateway";
import { buildAllSdl, buildApiSdl } from "./schema-build.js";
import { EXIT, cli, exitWith, runCli } from "./cli.js";

/** `npm run schema`: regenerate the checked-in SDL in schema/ (a test fails when it is stale). */
const program = cli("npm run schema --", "Regenerate schema/: each subgraph's SDL, the supergraph, and the client schema api.graphql")
  .action(exitWith(async () => {
    const { subgraphs, supergraph } = await buildAllSdl();
    mkdirSync(SCHEMA_DIR, { recursive: true });
    for (const s of subgraphs) writeFileSync(join(SCHEMA_DIR, `${s.name}.graphql`), s.sdl.trimEnd() + "\n");
    writeFileSync(join(SCHEMA_DIR, "supergraph.graphql"), supergraph.trimEnd() + "\n");
    writeFileSync(join(SCHEMA_DIR, "api.graphql"), (await buildApiSdl(supergraph)).trimEnd() + "\n");
    console.log(`wrote ${subgraphs.length} subgraph schemas, the supergraph and the client schema (api.graphql) to ${SCHEMA_DIR}`);
    return EXIT.OK;
  }));

void runCli(program);
