import { createHash } from "node:crypto";
import type { ValidationIssue } from "@hub/common";
import { issue } from "./issue.js";
import { entries, isObject, type Json } from "./walk.js";

/** Content types the hub takes as attachments, with the leading bytes each file format starts with. */
export const ATTACHMENT_TYPES: Record<string, Buffer[]> = {
  "image/png": [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  "image/jpeg": [Buffer.from([0xff, 0xd8, 0xff])],
  "application/pdf": [Buffer.from("%PDF-")],
  "application/dicom": [], // checked at offset 128 ("DICM"), see matches()
};

function matches(type: string, data: Buffer): boolean {
  if (type === "application/dicom") return data.length > 132 && data.subarray(128, 132).toString("latin1") === "DICM";
  return (ATTACHMENT_TYPES[type] ?? []).some((magic) => data.subarray(0, magic.length).equals(magic));
}

export interface FoundAttachment {
  /** JSON path of the attachment object, for issues. */
  path: string;
  /** The attachment object itself (mutated when the data is moved out). */
  node: Json;
}

/** Every Attachment with inline data: DocumentReference.content[].attachment, Media.content, Binary (data). */
export function inlineAttachments(bundle: Json): FoundAttachment[] {
  const out: FoundAttachment[] = [];
  for (const e of entries(bundle)) {
    const base = `Bundle.entry[${e.index}].resource`;
    const r = e.resource;
    if (r.resourceType === "DocumentReference" && Array.isArray(r.content)) {
      (r.content as unknown[]).forEach((c, i) => { if (isObject(c) && isObject(c.attachment) && c.attachment.data !== undefined) out.push({ path: `${base}.content[${i}].attachment`, node: c.attachment }); });
    }
    if (r.resourceType === "Media" && isObject(r.content) && r.content.data !== undefined) out.push({ path: `${base}.content`, node: r.content });
    if (r.resourceType === "Binary" && r.data !== undefined) out.push({ path: base, node: r });
  }
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Attachments (FHIR R4 Attachment; att-1: data needs a contentType): a content type the hub takes, base64 data
 * whose leading bytes are that format, no larger than the limit, and `size` / `hash` (SHA-1) true when given.
 */
export function attachmentRules(bundle: Json, maxBytes: number): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const { path, node } of inlineAttachments(bundle)) {
    const type = node.contentType;
    if (typeof type !== "string") { out.push(issue("att-1", `${path}.contentType`, "an attachment with data needs a contentType")); continue; }
    if (!(type in ATTACHMENT_TYPES)) { out.push(issue("attachment-content-type", `${path}.contentType`, `content type ${type} is not accepted (${Object.keys(ATTACHMENT_TYPES).join(", ")})`)); continue; }
    if (typeof node.data !== "string" || node.data.length % 4 !== 0 || !BASE64.test(node.data)) { out.push(issue("fhir-datatype", `${path}.data`, "attachment data must be base64")); continue; }
    if (node.data.length * 0.75 > maxBytes + 2) { out.push(issue("attachment-size", `${path}.data`, `an attachment may have at most ${maxBytes} bytes`)); continue; }
    const data = Buffer.from(node.data, "base64");
    if (!matches(type, data)) out.push(issue("attachment-content-type", `${path}.data`, `the data is not ${type}`));
    if (node.size !== undefined && node.size !== data.length) out.push(issue("attachment-size", `${path}.size`, `size says ${String(node.size)} bytes, the data has ${data.length}`));
    if (node.hash !== undefined && node.hash !== createHash("sha1").update(data).digest("base64")) out.push(issue("attachment-hash", `${path}.hash`, "hash is not the SHA-1 of the data"));
  }
  return out;
}

/**
 * Move inline data out of the Bundle: each attachment's bytes are returned keyed by SHA-256 (content-addressed),
 * and the attachment keeps contentType, size, hash, title and a `urn:hub:attachment:<sha256>` url instead.
 */
export function extractAttachments(bundle: Json): { sha256: string; contentType: string; data: Buffer; title: string | null }[] {
  return inlineAttachments(bundle).map(({ node }) => {
    const data = Buffer.from(String(node.data), "base64");
    const sha256 = createHash("sha256").update(data).digest("hex");
    delete node.data;
    node.url = `urn:hub:attachment:${sha256}`;
    node.size = data.length;
    node.hash ??= createHash("sha1").update(data).digest("base64");
    return { sha256, contentType: String(node.contentType), data, title: typeof node.title === "string" ? node.title : null };
  });
}
