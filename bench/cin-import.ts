/**
 * How long `haven import cin-census` takes and how much memory it needs, as a council runs it:
 * whole processes on a fresh embedded database (created and migrated beforehand, so initdb is not
 * counted). Makes (or takes) a census file, then times two imports into the same database: the
 * first load (every row inserted) and the same file again (every row unchanged). Prints wall-clock
 * seconds, CPU seconds (user + system, the database thread included) and peak resident memory
 * (the database thread included) from /usr/bin/time. Target (issue 4): 100,000 children in under
 * 15 s and 500 MB. On a shared machine the CPU figure is the one to trust.
 *
 *   npx tsx bench/cin-import.ts                     # 100,000 children, seed 1
 *   npx tsx bench/cin-import.ts --children 20000
 *   npx tsx bench/cin-import.ts --file census.xml --la 309   # an existing file of LA 309 (its <LEA>)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCinCensusFile } from './cin-generate.ts';

const { values } = parseArgs({ options: { children: { type: 'string', default: '100000' }, file: { type: 'string' }, batch: { type: 'string', default: '5000' }, la: { type: 'string', default: '201' } } });
const root = new URL('..', import.meta.url).pathname;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cin-import-'));
let file = values.file;
if (file === undefined) {
  file = path.join(work, 'census.xml');
  generateCinCensusFile(file, { children: Number(values.children), seed: 1 });
}
const env: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: path.join(work, 'data') };
delete env.DATABASE_URL;
const bin = path.join(root, 'bin/haven.js');
try {
  execFileSync(process.execPath, [bin, 'migrate'], { env, stdio: 'ignore' });
  console.log(`Census: ${file} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
  for (const run of ['first import', 'same file again']) {
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, bin, 'import', 'cin-census', file, '--batch', values.batch ?? '5000', '--la', values.la ?? '201'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${run} failed:\n${r.stdout}\n${r.stderr}`);
    const [wall, user, sys, kb] = (/TIME (\S+) (\S+) (\S+) (\S+)/.exec(r.stderr) ?? []).slice(1).map(Number);
    const summary = /([\d,]+) children imported .* in ([\d.]+) s/.exec(r.stdout);
    console.log(`${run.padEnd(16)} ${summary?.[1]} children: wall ${wall?.toFixed(1)} s (import itself ${summary?.[2]} s), cpu ${((user ?? 0) + (sys ?? 0)).toFixed(1)} s, peak memory ${Math.round((kb ?? 0) / 1024)} MB`);
  }
  console.log(`Load average now: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
