/**
 * Long work off the request path. The embedded database already runs on its own thread (see
 * src/core/db/pglite-thread.ts), so a long query never freezes the web; CPU-heavy work in Node
 * (parsing an import, building a workbook) runs in a worker thread with `runInWorker`. A job row
 * records who started what, its progress and its outcome, for the pages and the CLI to show.
 */
import { Worker } from 'node:worker_threads';
import type { Kysely, Updateable } from './db/kysely.ts';
import type { Database, JobTable } from './db/schema.ts';

export type JobProgress = { done: number; total?: number | undefined; message?: string | undefined };

/** Messages a worker module may post: progress as it goes, then its result. */
export type WorkerMessage<R> = { progress: JobProgress } | { result: R } | { error: string };

/**
 * Runs `moduleUrl` (a TypeScript module whose top level reads workerData.input and posts
 * WorkerMessage values) in a worker thread. Resolves with its result; rejects with its error.
 */
export function runInWorker<I, R>(moduleUrl: URL, input: I, onProgress?: (progress: JobProgress) => void): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../workers/bootstrap.mjs', import.meta.url), { workerData: { entry: moduleUrl.href, input } });
    let settled = false;
    worker.on('message', (message: WorkerMessage<R>) => {
      if ('progress' in message) onProgress?.(message.progress);
      else if ('result' in message) {
        settled = true;
        resolve(message.result);
        void worker.terminate();
      } else {
        settled = true;
        reject(new Error(message.error));
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`Worker ${moduleUrl.pathname} stopped (exit code ${code}) without a result`));
    });
  });
}

/** Records a job and returns handles to report its progress and outcome. */
export async function startJob(db: Kysely<Database>, job: { laCode: string; kind: string; createdBy?: string | null; total?: number }) {
  const row = await db
    .insertInto('job')
    .values({ la_code: job.laCode, kind: job.kind, status: 'running', total: job.total ?? null, message: null, result: null, created_by: job.createdBy ?? null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const update = (values: Updateable<JobTable>) =>
    db.updateTable('job').set(values).where('la_code', '=', job.laCode).where('id', '=', row.id).execute();
  let lastWrite = 0;
  return {
    id: row.id,
    /** Records progress, at most twice a second so a fast loop does not flood the database. */
    progress: async (p: JobProgress): Promise<void> => {
      const now = Date.now();
      if (now - lastWrite < 500) return;
      lastWrite = now;
      await update({ done: p.done, total: p.total ?? null, message: p.message ?? null });
    },
    succeed: async (result: unknown, done?: number): Promise<void> => {
      await update({ status: 'succeeded', result: JSON.stringify(result), finished_at: new Date(), ...(done === undefined ? {} : { done }) });
    },
    fail: async (message: string): Promise<void> => {
      await update({ status: 'failed', message, finished_at: new Date() });
    },
  };
}
