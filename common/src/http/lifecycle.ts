import type { Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError } from "../config.js";

interface DrainState {
  inFlight: number;
  draining: boolean;
  idle: (() => void)[];
}

const states = new WeakMap<Server, DrainState>();

function stateOf(server: Server): DrainState {
  let s = states.get(server);
  if (!s) {
    s = { inFlight: 0, draining: false, idle: [] };
    states.set(server, s);
  }
  return s;
}

/** Count a request as in flight until its response is closed; while draining, its connection is not kept alive. */
export function trackRequest(server: Server, res: ServerResponse): void {
  const s = stateOf(server);
  s.inFlight++;
  if (s.draining) res.setHeader("connection", "close");
  res.once("close", () => {
    s.inFlight--;
    if (s.draining) server.closeIdleConnections();
    if (s.inFlight === 0) s.idle.splice(0).forEach((f) => f());
  });
}

/** Is the server stopping? (`/readyz` answers 503 then, so a load balancer stops sending.) */
export function isDraining(server: Server): boolean {
  return stateOf(server).draining;
}

/**
 * Listen and resolve with the bound port (0 = any free port). A port that is taken is a one-line configuration
 * error naming the setting, not a stack trace.
 */
export async function listen(server: Server, port: number, host: string, setting = "port"): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new ConfigError(`${setting} ${port} on ${host} is already in use (is another hub running? choose another port)`));
      else if (e.code === "EACCES") reject(new ConfigError(`${setting} ${port} on ${host} is not allowed for this user`));
      else if (e.code === "EADDRNOTAVAIL") reject(new ConfigError(`cannot listen on ${host}: no such local address (HOST)`));
      else reject(e);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Graceful stop: stop accepting connections, let in-flight requests finish for up to `graceMs` (new requests on
 * kept-alive connections are still served, with `Connection: close`), then close whatever is left.
 */
export async function close(server: Server, graceMs = 0): Promise<void> {
  const s = stateOf(server);
  s.draining = true;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (s.inFlight > 0 && graceMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => s.idle.push(resolve)),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); }),
    ]);
    clearTimeout(timer);
  }
  server.closeAllConnections();
  await closed;
}
