import type { Route } from "@hub/common";
import { assetRoutes, ASSET_PREFIX } from "./assets.js";
import { IDE_SCRIPT } from "./script.js";

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>GraphQL IDE — medical information exchange hub (development)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${ASSET_PREFIX}graphiql.min.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font: 14px system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; }
  #bar { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #17324d; color: #fff; }
  #bar strong { margin-right: auto; }
  #bar input { width: 28rem; font: inherit; }
  #bar a { color: #cfe3ff; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<div id="bar">
  <strong>GraphQL IDE (development)</strong>
  <label>Bearer token <input id="token" type="password" autocomplete="off" placeholder="TOKEN=$(npm run -s token -- --role doctor --sub D-001 --org 1310000002)"></label>
  <button id="use-token" type="button">Use token</button>
  <a href="/developers">Developer portal</a>
</div>
<div id="graphiql">Loading the IDE…</div>
<script src="${ASSET_PREFIX}react.production.min.js"></script>
<script src="${ASSET_PREFIX}react-dom.production.min.js"></script>
<script src="${ASSET_PREFIX}graphiql.min.js"></script>
<script src="${ASSET_PREFIX}ide.js"></script>
</body>
</html>`;

const send = (type: string, body: string): Route => (_req, res) => {
  res.writeHead(200, { "content-type": `${type}; charset=utf-8`, "content-length": Buffer.byteLength(body), ...SECURITY_HEADERS });
  res.end(body);
};

/**
 * The GraphQL IDE (GraphiQL) for development: `GET /graphql` from a browser, with its files under /graphiql/.
 * Not served in production (SPEC §3). The token typed into the bar is sent as `Authorization: Bearer …` with every
 * request, the schema introspection included; `?query=` opens with that operation.
 */
export function ideRoutes(): { page: Route; routes: Record<string, Route> } {
  return { page: send("text/html", PAGE), routes: { ...assetRoutes(), [`GET ${ASSET_PREFIX}ide.js`]: send("text/javascript", IDE_SCRIPT) } };
}
