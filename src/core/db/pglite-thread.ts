/**
 * Main-thread handle on the PGlite worker (see pglite-worker.mjs). It looks to
 * `@electric-sql/pglite/node-postgres` like a PGlite instance (waitReady and execProtocolStream), so
 * `pg` and Kysely use the embedded engine exactly as they use a PostgreSQL server.
 */
import type { Worker } from 'node:worker_threads';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { takePgliteWorker } from './pglite-start.mjs';

type Reply =
  | { ready: true }
  | { ready: false; error: string }
  | { id: number; bytes: Uint8Array }
  | { id: number; error: string }
  | { id: number; closed: true };

export class PgliteThread {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  constructor(dataDir: string, sharedBuffersMb: number) {
    const { worker, ready } = takePgliteWorker(dataDir, sharedBuffersMb);
    this.worker = worker;
    this.waitReady = ready;
    this.worker.on('message', (reply: Reply) => {
      if (!('id' in reply)) return;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply);
    });
    this.worker.on('error', (error) => this.failPending(error));
    this.worker.on('exit', () => this.failPending(new Error('The embedded database thread has stopped')));
  }

  private closed: Promise<void> | undefined;

  private failPending(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  private send(message: { bytes: Uint8Array } | { close: true }, transfer: ArrayBuffer[] = []): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  /** Runs one wire-protocol exchange on the worker and parses the answer into backend messages. */
  async execProtocolStream(message: Uint8Array): Promise<BackendMessage[]> {
    const copy = new Uint8Array(message);
    const reply = await this.send({ bytes: copy }, [copy.buffer]);
    if (!('bytes' in reply)) throw new Error('The embedded database answered without data');
    const messages: BackendMessage[] = [];
    new Parser().parse(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength), (m) => {
      messages.push(m);
    });
    return messages;
  }

  /** Flushes the database to disk and stops the worker. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await this.send({ close: true });
      await this.worker.terminate();
    })();
    return this.closed;
  }
}
