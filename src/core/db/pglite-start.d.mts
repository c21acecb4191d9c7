import type { Worker } from 'node:worker_threads';

export function startPgliteWorker(dataDir: string, sharedBuffersMb: number): { worker: Worker; ready: Promise<void> };
export function takePgliteWorker(dataDir: string, sharedBuffersMb: number): { worker: Worker; ready: Promise<void> };
