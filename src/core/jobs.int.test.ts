/**
 * Heavy work stays off the request path: a long query on the embedded engine and CPU-heavy work in
 * a worker both leave the event loop free to serve requests, and jobs record their progress.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from './db/kysely.ts';
import { createTestDatabase, testEngines } from '../test/database.ts';
import { runInWorker, startJob } from './jobs.ts';

const engine = testEngines()[0]!;

/** Counts event-loop turns while `work` runs: a blocked loop turns no times at all. */
async function loopTurnsDuring(work: () => Promise<unknown>): Promise<{ turns: number; ms: number }> {
  let turns = 0;
  const timer = setInterval(() => turns++, 5);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  return { turns, ms };
}

test('a long query on the embedded database does not block the event loop', async () => {
  const database = await createTestDatabase(engine);
  try {
    const { turns, ms } = await loopTurnsDuring(() => sql`SELECT count(*) FROM generate_series(1, 4000000)`.execute(database.db));
    assert.ok(ms > 100, `the query should take a while (took ${ms.toFixed(0)} ms)`);
    // A blocked loop would not turn at all; a free one turns many times (every 5 ms at best).
    assert.ok(turns >= 5, `event loop turned ${turns} times during a ${ms.toFixed(0)} ms query`);
  } finally {
    await database.close();
  }
});

test('CPU-heavy work runs in a worker thread, reports progress, and returns its result or error', async () => {
  const progress: number[] = [];
  const { turns } = await loopTurnsDuring(async () => {
    const count = await runInWorker<{ limit: number }, number>(new URL('../test/workers/count-primes.ts', import.meta.url), { limit: 400_000 }, (p) => progress.push(p.done));
    assert.equal(count, 33_860);
  });
  assert.ok(progress.length >= 7, 'progress was reported');
  assert.ok(turns >= 3, 'the event loop kept turning');
  await assert.rejects(runInWorker(new URL('../test/workers/count-primes.ts', import.meta.url), { limit: 10, fail: true }), /Cannot count primes below 10/);
});

test('a job records its progress and outcome', async () => {
  const database = await createTestDatabase(engine);
  try {
    await database.db.insertInto('partnership').values({ la_code: '309', name: 'Jobs' }).execute();
    const job = await startJob(database.db, { laCode: '309', kind: 'test.count', total: 10 });
    await job.progress({ done: 4, total: 10, message: 'counting' });
    let row = await database.db.selectFrom('job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.done, row.total, row.message], ['running', 4, 10, 'counting']);
    await job.succeed({ counted: 10 }, 10);
    row = await database.db.selectFrom('job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.done, row.result], ['succeeded', 10, { counted: 10 }]);
    assert.ok(row.finished_at);
  } finally {
    await database.close();
  }
});
