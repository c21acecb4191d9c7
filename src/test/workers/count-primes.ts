// A CPU-heavy worker module for tests of runInWorker: counts primes below workerData.input.limit.
import { parentPort, workerData } from 'node:worker_threads';

const { limit, fail } = (workerData as { input: { limit: number; fail?: boolean } }).input;
if (fail) {
  parentPort!.postMessage({ error: `Cannot count primes below ${limit}` });
} else {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
    if (prime) count++;
    if (n % 50_000 === 0) parentPort!.postMessage({ progress: { done: n, total: limit } });
  }
  parentPort!.postMessage({ result: count });
}
