import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** Message types after which the backend answers and the client waits: Sync, simple Query. */
const SYNC_POINTS = new Set([0x53, 0x51]);
const TERMINATE = 0x58;
const ROLLING_BACK = -1;

/**
 * Serves one PGlite (a single-session engine) to many PostgreSQL clients over the wire protocol.
 *
 * Why not PGLiteSocketServer's multiplexer: it forwards each protocol message on its own, so two connections'
 * extended-query messages interleave (A: Parse, B: Parse, A: Bind …) and corrupt each other's unnamed statement
 * ("bind message supplies 3 parameters, but prepared statement requires 2"). Here a connection's messages are
 * batched up to the next sync point (Sync or Query) and each batch runs whole; while a connection has a
 * transaction open, only that connection's batches run.
 */
export class PGliteWireServer {
  private readonly server: Server;
  private owner: number | null = null;
  private queue: { id: number; batch: Uint8Array; write: (b: Uint8Array) => void; resolve(): void; reject(e: unknown): void }[] = [];
  private draining = false;
  private nextId = 1;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly db: PGlite) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve((this.server.address() as { port: number }).port));
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Queue one batch for connection `id`; batches run one at a time, in arrival order. */
  private run(id: number, batch: Uint8Array, write: (b: Uint8Array) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id, batch, write, resolve, reject });
      void this.drain();
    });
  }

  /** Run queued batches; while a connection holds an open transaction, only its batches are eligible. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (;;) {
        const i = this.owner === null ? 0 : this.queue.findIndex((t) => t.id === this.owner);
        if (i < 0 || this.queue.length === 0) return;
        const [task] = this.queue.splice(i, 1);
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(task.batch, { onRawData: task.write }));
          task.resolve();
        } catch (e) {
          task.reject(e);
        } finally {
          this.owner = this.db.isInTransaction() ? task.id : null;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** A connection went away: drop its queued work and roll back a transaction it left open. */
  private async release(id: number): Promise<void> {
    this.queue = this.queue.filter((t) => t.id !== id || (t.reject(new Error("connection closed")), false));
    if (this.owner === id) {
      this.owner = ROLLING_BACK; // no queued batch matches: nothing runs until the rollback is done
      await this.db.exec("ROLLBACK").catch(() => undefined); // exec takes PGlite's lock itself
      this.owner = null;
    }
    void this.drain();
  }

  private accept(socket: Socket): void {
    const id = this.nextId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let pending: Buffer[] = [];
    let chain = Promise.resolve();
    const write = (b: Uint8Array) => { if (b.length > 0 && socket.writable) socket.write(b); };
    const release = async () => {
      this.sockets.delete(socket);
      await this.release(id);
    };
    socket.on("data", (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      const batches: Buffer[] = [];
      for (;;) {
        if (!started) {
          if (buffer.length < 8) break;
          const len = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (buffer.length < len) break;
          const msg = buffer.subarray(0, len);
          buffer = buffer.subarray(len);
          if (code === SSL_REQUEST) { socket.write("N"); continue; }
          if (code === CANCEL_REQUEST) { socket.end(); return; }
          if (code === PROTOCOL_3) { started = true; batches.push(Buffer.from(msg)); continue; }
          socket.destroy();
          return;
        }
        if (buffer.length < 5) break;
        const len = 1 + buffer.readInt32BE(1);
        if (buffer.length < len) break;
        const type = buffer[0];
        const msg = Buffer.from(buffer.subarray(0, len));
        buffer = buffer.subarray(len);
        if (type === TERMINATE) { socket.end(); return; }
        pending.push(msg);
        if (SYNC_POINTS.has(type) || (type !== 0x50 && type !== 0x42 && type !== 0x44 && type !== 0x45 && type !== 0x43 && type !== 0x48)) {
          batches.push(Buffer.concat(pending));
          pending = [];
        }
      }
      for (const b of batches) chain = chain.then(() => this.run(id, new Uint8Array(b), write)).catch(() => { socket.destroy(); });
    });
    socket.on("close", () => void release());
    socket.on("error", () => socket.destroy());
  }
}
