import type { DataSource } from "typeorm";
import { ConflictError } from "@hub/common";
import { readPolicyFiles } from "../role-policy.js";

export interface PolicyVersion {
  version: number;
  rules: string;
  comment: string;
  author: string;
  createdAt: Date;
  basedOn: number | null;
}

interface Row { version: number; rules: string; comment: string; author: string; created_at: Date; based_on: number | null }
const toVersion = (r: Row): PolicyVersion => ({ version: Number(r.version), rules: r.rules, comment: r.comment, author: r.author, createdAt: new Date(r.created_at), basedOn: r.based_on });

/**
 * Policy versions in `consent.policy_versions`. The highest version is live; every process notices a new one on its
 * next decision (the attribute query reads the current version number in the same round trip).
 */
export class PolicyStore {
  constructor(private readonly ds: DataSource) {}

  /** Make sure version 1 exists (the shipped policy.csv); safe when several processes start at once. */
  async ensureInitial(): Promise<void> {
    await this.ds.query(
      `INSERT INTO consent.policy_versions (version, rules, comment, author) VALUES (1, $1, 'shipped default (policies/policy.csv)', 'system')
       ON CONFLICT (version) DO NOTHING`,
      [readPolicyFiles().policy],
    );
  }

  async current(): Promise<PolicyVersion> {
    const [row] = (await this.ds.query(`SELECT * FROM consent.policy_versions ORDER BY version DESC LIMIT 1`)) as Row[];
    if (!row) throw new Error("no policy version stored");
    return toVersion(row);
  }

  async get(version: number): Promise<PolicyVersion | null> {
    const [row] = (await this.ds.query(`SELECT * FROM consent.policy_versions WHERE version = $1`, [version])) as Row[];
    return row ? toVersion(row) : null;
  }

  async list(limit = 100): Promise<PolicyVersion[]> {
    return ((await this.ds.query(`SELECT * FROM consent.policy_versions ORDER BY version DESC LIMIT $1`, [limit])) as Row[]).map(toVersion);
  }

  /** Store a new version on top of `basedOn`; refuses when someone else changed the policy meanwhile. */
  async append(rules: string, comment: string, author: string, basedOn: number): Promise<PolicyVersion> {
    try {
      const [row] = (await this.ds.query(
        `INSERT INTO consent.policy_versions (version, rules, comment, author, based_on) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [basedOn + 1, rules, comment, author, basedOn],
      )) as Row[];
      return toVersion(row);
    } catch (e) {
      if ((e as { code?: string }).code === "23505") throw new ConflictError(`the policy changed meanwhile (version ${basedOn} is no longer current): reload and try again`);
      throw e;
    }
  }
}

/** Sub-select for the attribute load (PIP): the live policy version number. */
export const policyVersionSql = (): string => `(SELECT max(version) FROM consent.policy_versions)`;
