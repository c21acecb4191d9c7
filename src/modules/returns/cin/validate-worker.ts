/**
 * Worker-thread entry (src/core/jobs.ts runInWorker): validates census children against the
 * 2025-26 rules off the request path, and posts the findings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CinChild, CinHeader } from './model.ts';
import { validateCinChildren } from './validate.ts';

const { header, children } = (workerData as { input: { header: CinHeader; children: CinChild[] } }).input;
try {
  parentPort!.postMessage({ result: validateCinChildren(header, children).issues });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
