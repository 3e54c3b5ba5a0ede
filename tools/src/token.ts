import { Option } from "commander";
import { ROLES, config, type Role } from "@hub/common";
import { EXIT, UsageError, cli, exitWith, runCli, wholeNumber } from "./cli.js";
import { signDevToken } from "./token-sign.js";

/**
 * `npm run token -- --role doctor --sub D-001 --org 1310000002 [--mfa] [--patient P-0001]`: prints a development JWT
 * alone on stdout, so `TOKEN=$(npm run -s token -- …)` works. `--role system --org 1310000002 --scope "documents.write"`
 * is a development system token (no registered client; real systems get theirs from POST /oauth/token, and
 * production refuses system tokens not issued there). Refused in production.
 */
const program = cli("npm run -s token --", "Print a development bearer token (not available in production)")
  .addOption(new Option("--role <role>", "the caller's role").choices(ROLES as unknown as string[]).makeOptionMandatory())
  .requiredOption("--sub <id>", "the caller's id (D-001, P-0001, …)")
  .option("--org <code>", "10-digit institution code (staff and systems)")
  .option("--patient <id>", "the patient id (role patient)")
  .option("--mfa", "two-factor login (amr contains mfa)", false)
  .option("--scope <scopes>", 'system scopes, space-separated ("documents.write documents.read")')
  .option("--ttl <seconds>", "lifetime in seconds", wholeNumber)
  .action(exitWith(async (o: { role: Role; sub: string; org?: string; patient?: string; mfa: boolean; scope?: string; ttl?: number }) => {
    const cfg = config();
    if (cfg.env === "production") throw new UsageError("development tokens are not available in production");
    if (o.org !== undefined && !/^\d{10}$/.test(o.org)) throw new UsageError("--org must be a 10-digit institution code");
    const token = await signDevToken({ role: o.role, sub: o.sub, org: o.org, patientId: o.patient, mfa: o.mfa, scope: o.scope, ttlSeconds: o.ttl }, cfg.jwtSecret);
    process.stdout.write(token + "\n");
    return EXIT.OK;
  }));

void runCli(program);
