/**
 * The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly and blocks
 * the thread it runs on for the whole of each query, so Haven keeps it here: the main thread (web
 * requests, the CLI) talks to it in raw PostgreSQL wire protocol and never waits on a query.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';

type Request = { id: number; bytes: Uint8Array } | { id: number; close: true };

const { dataDir } = workerData as { dataDir: string };
const port = parentPort;
if (!port) throw new Error('pglite-worker must run as a worker thread');

// The extensions Haven's migrations create (name search); a PostgreSQL server ships them in contrib.
const pglite = new PGlite(dataDir, { extensions: { pg_trgm, fuzzystrmatch } });
pglite.waitReady.then(
  () => port.postMessage({ ready: true }),
  (error: unknown) => port.postMessage({ ready: false, error: String(error) }),
);

port.on('message', (request: Request) => {
  if ('close' in request) {
    void pglite.close().then(() => port.postMessage({ id: request.id, closed: true }));
    return;
  }
  pglite.execProtocolRaw(request.bytes).then(
    (result) => port.postMessage({ id: request.id, bytes: result }, [result.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage({ id: request.id, error: String(error) }),
  );
});
