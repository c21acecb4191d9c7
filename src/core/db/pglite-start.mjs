/**
 * Starts the embedded database's thread (pglite-worker.mjs) and remembers it, so that `bin/haven.js`
 * can start PostgreSQL booting before the TypeScript loader and the web application have loaded:
 * the two then overlap, and `haven serve` is ready sooner. PgliteThread takes the thread started
 * here for the same directory, or starts a new one.
 *
 * Plain JavaScript because bin/haven.js calls it before the TypeScript loader is registered.
 */
import { Worker } from 'node:worker_threads';

/** @type {Map<string, { worker: Worker, ready: Promise<void> }>} */
const started = new Map();

/**
 * A new thread for dataDir (an absolute path), with a promise of its readiness.
 * @param {string} dataDir
 * @param {number} sharedBuffersMb
 */
function createPgliteWorker(dataDir, sharedBuffersMb) {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir, sharedBuffersMb }, resourceLimits: { maxOldGenerationSizeMb: 64 } });
  const ready = new Promise((resolve, reject) => {
    /** @param {{ ready?: boolean, error?: string }} reply */
    const onReady = (reply) => {
      if (!('ready' in reply)) return;
      worker.off('message', onReady);
      if (reply.ready) resolve(undefined);
      else reject(new Error(`The embedded database at ${dataDir} could not start: ${reply.error}`));
    };
    worker.on('message', onReady);
    worker.once('error', reject);
  });
  // A start that nobody takes (the command failed first) must not be an unhandled rejection.
  ready.catch(() => undefined);
  return { worker, ready: /** @type {Promise<void>} */ (ready) };
}

/**
 * Starts the thread for dataDir ahead of need and keeps it for the first takePgliteWorker.
 * @param {string} dataDir
 * @param {number} sharedBuffersMb
 */
export function startPgliteWorker(dataDir, sharedBuffersMb) {
  const entry = createPgliteWorker(dataDir, sharedBuffersMb);
  started.set(`${dataDir}\u0000${sharedBuffersMb}`, entry);
  return entry;
}

/**
 * The thread started early for this directory, if any (once only), else a new one.
 * @param {string} dataDir
 * @param {number} sharedBuffersMb
 */
export function takePgliteWorker(dataDir, sharedBuffersMb) {
  const key = `${dataDir}\u0000${sharedBuffersMb}`;
  const early = started.get(key);
  started.delete(key);
  return early ?? createPgliteWorker(dataDir, sharedBuffersMb);
}
