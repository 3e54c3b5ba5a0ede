import type { GraphQLSchema } from "graphql";
import { readSupergraph } from "../compose.js";
import { newApolloGateway } from "../apollo-gateway.js";

/** The client-facing API schema of a supergraph (what the gateway serves), without starting any server. */
export async function apiSchemaOf(supergraphSdl = readSupergraph()): Promise<GraphQLSchema> {
  const gateway = newApolloGateway({ supergraphSdl, logger: { debug() {}, info() {}, warn() {}, error: console.error } });
  try {
    return (await gateway.load()).schema;
  } finally {
    await gateway.stop();
  }
}
