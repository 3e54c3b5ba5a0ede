import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Route } from "@hub/common";

/** Where a package's files are (by its package.json: graphiql and react expose no subpath exports for these). */
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * The IDE's static files, served from node_modules by the gateway itself: GraphiQL 3's UMD build and stylesheet,
 * React 18's UMD builds (React 19 and GraphiQL 4+ ship no UMD builds, so they would need a bundler). The browser
 * makes no request anywhere but the hub.
 */
const FILES: Record<string, { pkg: string; file: string; type: string }> = {
  "graphiql.min.js": { pkg: "graphiql", file: "graphiql.min.js", type: "text/javascript" },
  "graphiql.min.css": { pkg: "graphiql", file: "graphiql.min.css", type: "text/css" },
  "react.production.min.js": { pkg: "react", file: "umd/react.production.min.js", type: "text/javascript" },
  "react-dom.production.min.js": { pkg: "react-dom", file: "umd/react-dom.production.min.js", type: "text/javascript" },
};

interface Loaded { body: Buffer; gzip: Buffer; type: string }

export const ASSET_PREFIX = "/graphiql/";

/** `GET /graphiql/<file>` for each asset, read (and gzipped) once on first use. */
export function assetRoutes(): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const [name, f] of Object.entries(FILES)) {
    let loaded: Loaded | undefined;
    routes[`GET ${ASSET_PREFIX}${name}`] = (req, res) => {
      if (!loaded) {
        const body = readFileSync(join(packageDir(f.pkg), f.file));
        loaded = { body, gzip: gzipSync(body), type: f.type };
      }
      const gz = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      const body = gz ? loaded.gzip : loaded.body;
      res.writeHead(200, {
        "content-type": `${loaded.type}; charset=utf-8`, "content-length": body.length, "cache-control": "public, max-age=3600",
        "x-content-type-options": "nosniff", ...(gz ? { "content-encoding": "gzip", vary: "Accept-Encoding" } : {}),
      });
      res.end(body);
    };
  }
  return routes;
}
