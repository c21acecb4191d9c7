#!/usr/bin/env node
// The `haven` command: registers tsx so Node runs Haven's TypeScript as it is, then hands over.
import fs from 'node:fs';
import path from 'node:path';

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
