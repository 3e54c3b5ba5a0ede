import { hub } from "./client.js";

export interface StreamEvent { id: string; event: string; data: any; receivedAt: number }

/** Open the caller's notification stream at the gateway (Server-Sent Events over fetch, with the bearer token). */
export async function openStream(token: string, opts: { lastEventId?: string } = {}): Promise<{ events: StreamEvent[]; status: number; close(): void; waitFor(pred: (e: StreamEvent) => boolean, ms?: number): Promise<StreamEvent> }> {
  const abort = new AbortController();
  const url = hub().gateway.replace(/\/graphql$/, "/notifications/stream");
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...(opts.lastEventId ? { "last-event-id": opts.lastEventId } : {}) }, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters: (() => void)[] = [];
  if (res.ok && res.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buf = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const fields = Object.fromEntries(block.split("\n").filter((l) => l && !l.startsWith(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
            if (fields.data) {
              events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data), receivedAt: Date.now() });
              waiters.splice(0).forEach((w) => w());
            }
          }
        }
      } catch { /* closed */ }
    })();
  }
  const waitFor = (pred: (e: StreamEvent) => boolean, ms = 15_000) => new Promise<StreamEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching stream event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.data.kind))}`)), ms);
    const check = () => {
      const hit = events.find(pred);
      if (hit) { clearTimeout(timer); resolve(hit); } else waiters.push(check);
    };
    check();
  });
  return { events, status: res.status, close: () => abort.abort(), waitFor };
}

/** Poll `fn` until it returns a truthy value (generous overall limit, never a fixed sleep as a budget). */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, ms = 20_000, every = 100): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}
