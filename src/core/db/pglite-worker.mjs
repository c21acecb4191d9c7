/**
 * The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly and blocks
 * the thread it runs on for the whole of each query, so Haven keeps it here: the main thread (web
 * requests, the CLI) talks to it in raw PostgreSQL wire protocol and never waits on a query.
 *
 * Plain JavaScript on purpose: the thread starts without registering the TypeScript loader, which
 * takes a fifth of a second off every start (the database is the longest step of `haven serve`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';

/** @typedef {{ id: number, bytes: Uint8Array } | { id: number, close: true }} Request */

const { dataDir, sharedBuffersMb } = /** @type {{ dataDir: string, sharedBuffersMb: number }} */ (workerData);
const port = parentPort;
if (!port) throw new Error('pglite-worker must run as a worker thread');

// PGlite's own start parameters (single-user mode, no parallel workers), then Haven's: the shared
// buffer pool is zeroed at every start (about 7 ms per MB), and the operating system's page cache
// already holds the files, so a small pool starts fast without slowing queries down.
const startParams = [
  '--single', '-F', '-O', '-j',
  '-c', 'search_path=public',
  '-c', 'exit_on_error=false',
  '-c', 'log_checkpoints=false',
  '-c', 'max_worker_processes=0',
  '-c', 'max_parallel_workers=0',
  '-c', 'max_parallel_workers_per_gather=0',
  '-c', 'io_method=sync',
  '-c', 'max_parallel_maintenance_workers=0',
  '-c', `shared_buffers=${sharedBuffersMb}MB`,
];

// The extensions Haven's migrations create (name search); a PostgreSQL server ships them in contrib.
const pglite = new PGlite(dataDir, { extensions: { pg_trgm, fuzzystrmatch }, startParams });
pglite.waitReady.then(
  () => port.postMessage({ ready: true }),
  (error) => port.postMessage({ ready: false, error: String(error) }),
);

port.on('message', (/** @type {Request} */ request) => {
  if ('close' in request) {
    void pglite.close().then(() => port.postMessage({ id: request.id, closed: true }));
    return;
  }
  // The raw stream, not execProtocolRaw: that one also parses every message of the reply into
  // objects and keeps them in a list it never empties (PGlite 0.5), so a thread answering many
  // large results grew by every row it had ever sent and spent its time building them.
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  pglite
    .execProtocolRawStream(request.bytes, {
      onRawData: (/** @type {Uint8Array} */ data) => {
        chunks.push(data.slice());
        size += data.length;
      },
    })
    .then(
      () => {
        const bytes = chunks.length === 1 ? /** @type {Uint8Array} */ (chunks[0]) : new Uint8Array(size);
        if (chunks.length !== 1) {
          let offset = 0;
          for (const chunk of chunks) {
            bytes.set(chunk, offset);
            offset += chunk.length;
          }
        }
        port.postMessage({ id: request.id, bytes }, [bytes.buffer]);
      },
      (error) => port.postMessage({ id: request.id, error: String(error) }),
    );
});
