import type { IncomingMessage } from "node:http";
import { HubError } from "../errors.js";

/** Read a request body up to `limit` bytes; larger bodies are refused before they are buffered whole. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export class BodyTooLargeError extends HubError {
  constructor(limit: number) {
    super("BAD_USER_INPUT", `request body exceeds ${limit} bytes`);
  }
}
