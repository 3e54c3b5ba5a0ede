import { readFileSync } from "node:fs";
import { join } from "node:path";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

/** Where the checked-in SDL lives (repo root /schema). */
export const SCHEMA_DIR = join(__dirname, "..", "..", "schema");

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** Compose subgraph SDLs into the supergraph; throws with every composition error listed. */
export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join("\n")}`);
  return result.supergraphSdl;
}

export function readSupergraph(dir = SCHEMA_DIR): string {
  return readFileSync(join(dir, "supergraph.graphql"), "utf8");
}
