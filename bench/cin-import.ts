/**
 * How long `haven import cin-census` takes and how much memory it needs: makes (or takes) a census
 * file, then imports it into a fresh embedded database as the command does (the first import,
 * every row inserted), then again (the same file: every row unchanged). Reports wall-clock
 * seconds, children per second and the process's peak resident memory (which includes the PGlite
 * thread). Target (issue 4): 100,000 children in under 15 s, under 500 MB.
 *
 *   npx tsx bench/cin-import.ts                     # 100,000 children, seed 1
 *   npx tsx bench/cin-import.ts --children 20000
 *   npx tsx bench/cin-import.ts --file census.xml   # an existing file
 *
 * The machine may be shared with other work: run it twice and read the better figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/core/db/index.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { importCinCensus } from '../src/modules/returns/cin/import.ts';
import { generateCinCensusFile } from './cin-generate.ts';

const { values } = parseArgs({ options: { children: { type: 'string', default: '100000' }, file: { type: 'string' }, batch: { type: 'string', default: '5000' } } });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cin-import-'));
let file = values.file;
if (file === undefined) {
  file = path.join(work, 'census.xml');
  const t = performance.now();
  generateCinCensusFile(file, { children: Number(values.children), seed: 1 });
  console.log(`generated ${values.children} children in ${((performance.now() - t) / 1000).toFixed(1)} s: ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);
}

const handle = await openDatabase({ dataDir: path.join(work, 'data') });
try {
  await migrateToLatest(handle.db);
  for (const label of ['first import', 'same file again']) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const result = await importCinCensus(handle.db, '309', file, { batchSize: Number(values.batch) });
    const seconds = (performance.now() - t) / 1000;
    const rows = Object.entries(result.changes).map(([table, c]) => `${table} +${c.inserted}/~${c.updated}/=${c.unchanged}`).join(', ');
    const used = process.cpuUsage(cpu);
    console.log(`${label}: ${result.children} children in ${seconds.toFixed(1)} s (${Math.round(result.children / seconds)}/s), CPU ${((used.user + used.system) / 1e6).toFixed(1)} s over all threads; ${rows}`);
    console.log(`  peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  }
} finally {
  await handle.close();
  fs.rmSync(work, { recursive: true, force: true });
}
