/**
 * Worker-thread entry (src/core/jobs.ts runInWorker): validates a return built from Haven's records
 * against a year's SSDA903 rules off the request path, and posts the findings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Ssda903Tables } from './model.ts';
import { validateSsda903Return } from './validate.ts';

const { tables, collectionYear, rulesYear } = (workerData as { input: { tables: Ssda903Tables; collectionYear: string; rulesYear: string } }).input;
try {
  const { issues, skipped } = validateSsda903Return({ current: tables }, { collectionYear, rulesYear });
  parentPort!.postMessage({ result: { issues, skipped } });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
