#!/usr/bin/env node
// The `haven` command: registers tsx so Node runs Haven's TypeScript as it is, then hands over.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// A census import streams: what it keeps is small, but V8 lets garbage grow the heap to several
// hundred MB before collecting it, which with the database thread took the process past 500 MB. Run
// it with a bounded heap (HAVEN_IMPORT_HEAP_MB, default 256; a heap limit can only be set when
// Node starts, hence the second process). SSDA903 and Annex A returns are held whole to be
// validated, so they keep Node's default.
const boundHeap = process.argv[2] === 'import' && process.argv[3] === 'cin-census';
if (boundHeap && ![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('max-old-space-size'))) {
  const heap = Number(process.env.HAVEN_IMPORT_HEAP_MB || 256);
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heap}`, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

// `haven serve` on the embedded database spends most of its start booting PostgreSQL. Start that
// thread now, before the TypeScript loader and the web application load, so the two overlap; the
// database module takes this thread when it opens the same directory. (A first start, with no
// data directory yet, takes the ordinary path: it creates the directory first.)
if (process.argv[2] === 'serve' && !process.env.DATABASE_URL) {
  const dataDir = path.resolve(process.env.HAVEN_DATA || './data');
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const { startPgliteWorker } = await import('../src/core/db/pglite-start.mjs');
    startPgliteWorker(dataDir, Number(process.env.HAVEN_PGLITE_SHARED_BUFFERS_MB || 32));
  }
}

const { register } = await import('tsx/esm/api');
register();
// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
