import { parseArgs } from "node:util";
import { config, type Role } from "@hub/common";
import { signDevToken } from "./token-sign.js";

/**
 * `npm run token -- --role doctor --sub D-001 --org 1310000002 [--mfa] [--patient P-0001]`: prints a dev JWT.
 * `--role system --org 1310000002 --scope "documents.write"`: a development system token (no registered client; real
 * systems get theirs from POST /oauth/token, and production refuses system tokens not issued there).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string" }, sub: { type: "string" }, org: { type: "string" }, patient: { type: "string" },
      mfa: { type: "boolean", default: false }, scope: { type: "string" }, ttl: { type: "string" },
    },
  });
  if (!values.role || !values.sub) throw new Error("usage: npm run token -- --role ROLE --sub ID [--org 10DIGITS] [--patient ID] [--mfa] [--scope \"documents.write documents.read\"] [--ttl SECONDS]");
  const cfg = config();
  if (cfg.env === "production") throw new Error("development tokens are not available in production");
  const token = await signDevToken({
    role: values.role as Role, sub: values.sub, org: values.org, patientId: values.patient, mfa: values.mfa, scope: values.scope,
    ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
  }, cfg.jwtSecret);
  process.stdout.write(token + "\n");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
