import type { GraphQLSchema } from "graphql";
import type { Route } from "@hub/common";
import { portalPage } from "./page.js";

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export interface DeveloperPortalOptions {
  /** The API schema the gateway serves (set once the supergraph is loaded). */
  schema(): GraphQLSchema | undefined;
  tokenUrl(): string;
  graphqlUrl(): string;
}

/** `GET /developers`: the portal, rendered once per schema from the running supergraph. */
export function developerRoutes(opts: DeveloperPortalOptions): Record<string, Route> {
  let cached: { schema: GraphQLSchema; html: string } | undefined;
  return {
    "GET /developers": (_req, res) => {
      const schema = opts.schema();
      if (!schema) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end("the schema is not loaded yet");
        return;
      }
      if (cached?.schema !== schema) cached = { schema, html: portalPage(schema, { graphql: opts.graphqlUrl(), token: opts.tokenUrl() }) };
      res.writeHead(200, { ...HEADERS, "content-length": Buffer.byteLength(cached.html) });
      res.end(cached.html);
    },
  };
}
