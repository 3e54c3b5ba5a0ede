import { printSchema } from "graphql";
import { buildFederatedSchema, config, subgraphSdl } from "@hub/common";
import { apiSchemaOf, composeSupergraph, type SubgraphSdl } from "@hub/gateway";
import { enforcement } from "@hub/policies";
import { SERVICES } from "./services.js";

/** Build every subgraph schema in process (no database needed) and compose the supergraph. */
export async function buildAllSdl(): Promise<{ subgraphs: SubgraphSdl[]; supergraph: string }> {
  const cfg = config();
  const subgraphs: SubgraphSdl[] = [];
  for (const s of SERVICES) {
    const schema = await buildFederatedSchema(s.definition, enforcement);
    subgraphs.push({ name: s.name, url: `http://127.0.0.1:${cfg.subgraphPorts[s.name]}/graphql`, sdl: subgraphSdl(schema) });
  }
  return { subgraphs, supergraph: composeSupergraph(subgraphs) };
}

/**
 * The client schema (`schema/api.graphql`): the API the gateway serves, as a frontend sees it by introspection,
 * without federation internals (no `join__`/`link__` types or directives, no `_entities`/`_service`). This is the
 * file to give graphql-codegen and IDE plugins.
 */
export async function buildApiSdl(supergraph: string): Promise<string> {
  return printSchema(await apiSchemaOf(supergraph));
}
