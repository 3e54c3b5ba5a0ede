import { createHmac, timingSafeEqual } from "node:crypto";
import { config, type Actor, type Purpose } from "@hub/common";

/** How long a signed attachment URL stays usable. */
export const ATTACHMENT_URL_TTL_SECONDS = 300;

export interface AttachmentGrant {
  documentId: string;
  sha256: string;
  /** Who the URL was issued to (audited on download). */
  sub: string;
  role: Actor["role"];
  org: string | null;
  purpose: Purpose;
  exp: number;
}

const key = () => createHmac("sha256", config().hubContextSecret).update("attachment-url/v1").digest();
const mac = (g: AttachmentGrant) =>
  createHmac("sha256", key()).update([g.documentId, g.sha256, g.sub, g.role, g.org ?? "", g.purpose, g.exp].join("\n")).digest("base64url");

/**
 * A short-lived URL for one attachment, issued only after the PDP allowed the caller to read the document, and bound
 * to that caller: fetching it needs the caller's own bearer token, and the document is decided again at download
 * time (see attachment.route.ts). Path relative to the gateway, which forwards it to the documents subgraph.
 */
export function signAttachmentUrl(g: Omit<AttachmentGrant, "exp">, now = Date.now()): string {
  const grant = { ...g, exp: Math.floor(now / 1000) + ATTACHMENT_URL_TTL_SECONDS };
  const q = new URLSearchParams({ d: grant.documentId, a: grant.sha256, s: grant.sub, r: grant.role, o: grant.org ?? "", p: grant.purpose, exp: String(grant.exp), sig: mac(grant) });
  return `/attachments?${q.toString()}`;
}

/** The grant a URL carries, or null if it is forged, altered or expired. */
export function verifyAttachmentUrl(search: URLSearchParams, now = Date.now()): AttachmentGrant | null {
  const g: AttachmentGrant = {
    documentId: search.get("d") ?? "", sha256: search.get("a") ?? "", sub: search.get("s") ?? "", role: (search.get("r") ?? "") as Actor["role"],
    org: search.get("o") || null, purpose: (search.get("p") ?? "") as Purpose, exp: Number(search.get("exp")),
  };
  const sig = Buffer.from(search.get("sig") ?? "", "base64url");
  const want = Buffer.from(mac(g), "base64url");
  if (sig.length !== want.length || !timingSafeEqual(sig, want)) return null;
  if (!Number.isFinite(g.exp) || g.exp * 1000 < now) return null;
  return g;
}
