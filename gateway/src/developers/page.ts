import type { GraphQLSchema } from "graphql";
import { EXAMPLES, GROUPS, type Example, type Group } from "./examples.js";
import { esc, pre, STYLE, table } from "./html.js";
import { BUNDLE_ID_SYSTEM, CLINICAL_BUNDLE_PROFILE, ERROR_CODES, TOKEN_FACTS, acceptedDocuments } from "./reference.js";
import { schemaReference } from "./schema-html.js";

export interface PortalUrls {
  graphql: string;
  token: string;
}

function curlFor(e: Example, graphql: string): string {
  const headers = Object.entries(e.headers ?? {}).map(([k, v]) => ` \\\n  -H '${k}: ${v}'`).join("");
  const body = JSON.stringify({ query: e.operation.split("\n").map((l) => l.trim()).join(" "), ...(e.variables ? { variables: e.variables } : {}) });
  return `curl -s ${graphql} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN"${headers} \\\n  --data '${body.replace(/'/g, "'\\''")}'`;
}

function example(e: Example, graphql: string): string {
  const token = e.group === "system" ? "TOKEN=<access_token from POST /oauth/token>" : `TOKEN=$(npm run -s token -- ${e.as})`;
  return `<h4>${esc(e.title)}</h4>${e.note ? `<p>${esc(e.note)}</p>` : ""}${pre(e.operation)}${
    e.variables ? `<p>Variables</p>${pre(JSON.stringify(e.variables, null, 2))}` : ""}<p>As curl</p>${pre(`${token}\n${curlFor(e, graphql)}`)}`;
}

function examples(graphql: string): string {
  return (Object.keys(GROUPS) as Group[]).map((g) =>
    `<h3 id="group-${g}">${esc(GROUPS[g])}</h3>${EXAMPLES.filter((e) => e.group === g).map((e) => example(e, graphql)).join("\n")}`).join("\n");
}

function tokenSteps(u: PortalUrls): string {
  const t = TOKEN_FACTS;
  return `<ol>
<li>Create a key pair on the system's side (the private key never leaves it). RS256 (RSA ≥ 2048 bits) or ES256 (P-256):
${pre(`node -e 'const j=require("jose");j.generateKeyPair("ES256",{extractable:true}).then(async({publicKey,privateKey})=>{
  console.log("public ", JSON.stringify({...await j.exportJWK(publicKey), kid:"2026-01"}));
  console.log("private", JSON.stringify({...await j.exportJWK(privateKey), kid:"2026-01"}));})'`)}</li>
<li>Your institution asks a policy admin to register the system with the <em>public</em> JWK and the scopes it needs
(<code>registerSystemClient</code>, below). The answer's <code>id</code> is your <code>client_id</code>.</li>
<li>For every token, sign a fresh assertion with the private key: header <code>{"alg":"ES256","kid":"2026-01"}</code>, claims
<code>iss</code> = <code>sub</code> = client_id, <code>aud</code> = <code>${esc(u.token)}</code>, <code>exp</code> at most ${t.assertionLifetime} s ahead,
a unique <code>jti</code> (a used jti is refused), optional <code>iat</code>. Clocks may differ by ${t.skew} s.
${pre(`const { SignJWT, importJWK } = require("jose");
const key = await importJWK(PRIVATE_JWK, "ES256");
const assertion = await new SignJWT({})
  .setProtectedHeader({ alg: "ES256", kid: "2026-01" })
  .setIssuer(CLIENT_ID).setSubject(CLIENT_ID).setAudience("${u.token}")
  .setIssuedAt().setExpirationTime("5m").setJti(crypto.randomUUID())
  .sign(key);`)}</li>
<li>Exchange it for an access token (form-encoded; <code>scope</code> optional, a subset of what was granted):
${pre(`curl -s ${u.token} -H 'content-type: application/x-www-form-urlencoded' \\
  --data-urlencode grant_type=client_credentials \\
  --data-urlencode client_assertion_type=${t.assertionType} \\
  --data-urlencode client_assertion=$ASSERTION \\
  --data-urlencode 'scope=documents.write documents.read'
# → {"access_token":"…","token_type":"Bearer","expires_in":${t.tokenLifetime},"scope":"documents.write documents.read"}`)}</li>
<li>Call <code>${esc(u.graphql)}</code> with <code>authorization: Bearer &lt;access_token&gt;</code>. The token lasts ${t.tokenLifetime} s
and acts for your institution only, within its scopes; get a new one (new assertion, new jti) when it expires.</li>
<li>Rotate keys without downtime: register the new public key (<code>addSystemClientKey</code>; two may be active), switch the
system to it, then revoke the old one (<code>revokeSystemClientKey</code>). A revoked key or client, or a suspended institution,
is refused from the next request on, tokens already issued included.</li>
</ol>
<h3>Scopes</h3>${table(["scope", "allows"], Object.entries(t.scopes).map(([s, d]) => [`<code>${esc(s)}</code>`, esc(d)]))}
<h3>Token endpoint errors (RFC 6749 §5.2)</h3>
<p>JSON <code>{ error, error_description, code, rule }</code>: <code>error</code> is the OAuth code, <code>code</code> the hub's
(section Errors), <code>rule</code> the exact reason.</p>
${table(["error", "when"], Object.entries(t.oauthErrors).map(([k, v]) => [`<code>${esc(k)}</code>`, esc(v)]))}
${table(["rule", "meaning"], Object.entries(t.refusalRules).map(([k, v]) => [`<code>${esc(k)}</code>`, esc(v)]))}`;
}

function fhirProfiles(): string {
  const docs = acceptedDocuments();
  if (!docs) return "<p>(the documents subgraph's rules are not installed next to this gateway)</p>";
  return `<p><code>registerDocument</code> takes FHIR R4 document Bundles after JP-CLINS; <code>Composition.type</code> is coded in
<code>${esc(docs.typeSystem)}</code>, <code>Bundle.identifier.system</code> is <code>${esc(BUNDLE_ID_SYSTEM)}</code>.
Failures answer <code>FHIR_VALIDATION_FAILED</code> with rule ids.</p>
${table(["type code", "document", "Bundle profile", "Composition profile"], docs.profiles.map((p) =>
    [`<code>${esc(p.code)}</code>`, esc(p.document), `<code>${esc(p.bundleProfile)}</code>`, `<code>${esc(p.compositionProfile)}</code>`]))}
<p>The six kinds of clinical information arrive as <code>collection</code> Bundles, profile <code>${esc(CLINICAL_BUNDLE_PROFILE)}</code>
(Patient first, then resources of one type).</p>`;
}

/** The developer portal, generated from the running schema and the code's own constants. */
export function portalPage(schema: GraphQLSchema, u: PortalUrls): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Medical information exchange hub — developers</title>
<style>${STYLE}</style></head><body>
<h1>Medical information exchange hub — developer portal</h1>
<nav><a href="#token">System token</a><a href="#examples">Examples</a><a href="#errors">Errors</a><a href="#fhir">FHIR profiles</a><a href="#schema">Schema</a></nav>
<p>One GraphQL endpoint: <code>POST ${esc(u.graphql)}</code> with <code>authorization: Bearer &lt;JWT&gt;</code> and, when needed,
<code>x-purpose-of-use</code> (TREAT, ETREAT, PATRQT, HRESCH, HOPERAT, PUBHLTH, DISASTER) and <code>x-emergency-access</code>.
Every field of patient data is decided by consent, seals and policy; denied fields are <code>null</code> with an error, the rest resolves.</p>
<p>Researchers fetch approved datasets with any FHIR Bulk Data client: <code>GET ${esc(u.graphql.replace(/\/graphql$/, ""))}/fhir/Group/{datasetRequestId}/$export</code>
with <code>Prefer: respond-async</code> and the bearer token (202 and a status URL in <code>Content-Location</code>; NDJSON files;
<code>DELETE</code> on the status URL cancels).</p>
<h2 id="token">Obtaining a system token (client credentials, private_key_jwt)</h2>${tokenSteps(u)}
<h2 id="examples">Example operations</h2>${examples(u.graphql)}
<h2 id="errors">Errors</h2><p>Every error carries a stable <code>extensions.code</code>:</p>
${table(["code", "meaning"], Object.entries(ERROR_CODES).map(([k, v]) => [`<code>${esc(k)}</code>`, esc(v)]))}
<h2 id="fhir">FHIR profiles accepted</h2>${fhirProfiles()}
<h2 id="schema">Schema reference</h2>${schemaReference(schema)}
</body></html>`;
}
