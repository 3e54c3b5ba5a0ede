import { createHash, randomUUID } from "node:crypto";

/** Where the builders get fullUrls and local ids: random by default, seeded for the committed examples. */
export interface Ids {
  /** A fullUrl: `urn:uuid:` + a version-4 UUID. */
  urn(): string;
  /** A local id (Bundle identifier part, resource identifiers): prefix + 8 hex digits. */
  local(prefix: string): string;
}

export const randomIds = (): Ids => ({ urn: () => `urn:uuid:${randomUUID()}`, local: (p) => `${p}-${randomUUID().slice(0, 8)}` });

/** Reproducible ids from a seed (sha256 of seed and a counter), so generating the examples twice gives the same files. */
export function seededIds(seed: string): Ids {
  let n = 0;
  const next = () => createHash("sha256").update(`${seed}:${n++}`).digest("hex");
  return {
    urn: () => {
      const h = next();
      const variant = (8 + (parseInt(h[16], 16) & 3)).toString(16);
      return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    local: (p) => `${p}-${next().slice(0, 8)}`,
  };
}
