import type { Route } from "@hub/common";
import { CONSOLE_HTML } from "./console-html.js";
import { CONSOLE_JS } from "./console-js.js";

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const send = (type: string, body: string): Route => (_req, res) => {
  res.writeHead(200, { "content-type": `${type}; charset=utf-8`, ...SECURITY_HEADERS });
  res.end(body);
};

/** The policy console: a static page; everything it does goes through /graphql with the admin's own token. */
export const consoleRoutes: Record<string, Route> = {
  "GET /admin": send("text/html", CONSOLE_HTML),
  "GET /admin/console.js": send("text/javascript", CONSOLE_JS),
};
