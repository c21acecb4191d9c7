// Worker threads start without the TypeScript loader the main thread has: register tsx, then load
// the worker's own module (workerData.entry, a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
