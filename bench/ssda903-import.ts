/**
 * How long `haven import ssda903` takes on a big return, as a council runs it: whole processes,
 * on a fresh embedded database (migrated beforehand, so initdb is not counted).
 *
 *   npx tsx bench/ssda903-import.ts [--children 41000] [--seed 1] [--dir DIR]
 *   npx tsx bench/ssda903-import.ts --children 250000   # about 80 MB: imported in parts by child
 *
 * Generates the return with bench/ssda903-generate.ts (41,000 children give about 54,000
 * episodes) unless DIR already holds one, then times two imports into the same database: the
 * first load, and the same return again (every row unchanged). Prints wall-clock seconds, CPU
 * seconds (user + system, the database thread included) and peak resident memory from
 * /usr/bin/time. Target: 50,000 episodes in under 15 s and 500 MB. The CPU figure is the one to
 * trust on a shared machine, where the wall clock also counts other processes' turns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { children: { type: 'string', default: '41000' }, seed: { type: 'string', default: '1' }, dir: { type: 'string' } } });
const root = new URL('..', import.meta.url).pathname;
const dir = values.dir ?? path.join(os.tmpdir(), `haven-903-bench-${values.children}-${values.seed}`);
if (!fs.existsSync(path.join(dir, 'episodes.csv'))) {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/ssda903-generate.ts'), dir, '--children', values.children ?? '41000', '--seed', values.seed ?? '1', '--errors', '0', '--no-invalid-dates'], { stdio: 'inherit' });
}
const episodes = fs.readFileSync(path.join(dir, 'episodes.csv'), 'utf8').split('\n').filter(Boolean).length - 1;
const megabytes = fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0) / 1e6;
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-903-bench-db-'));
const env: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: data };
delete env.DATABASE_URL;
const bin = path.join(root, 'bin/haven.js');
try {
  // Creates and migrates the database outside the timed runs.
  execFileSync(process.execPath, [bin, 'migrate'], { env, stdio: 'ignore' });
  console.log(`Return: ${dir} (${episodes} episodes, ${megabytes.toFixed(0)} MB)`);
  for (const run of ['first import', 'same return again']) {
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, bin, 'import', 'ssda903', dir, '--quiet'], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${run} failed:\n${r.stdout}\n${r.stderr}`);
    const [wall, user, sys, kb] = (/TIME (\S+) (\S+) (\S+) (\S+)/.exec(r.stderr) ?? []).slice(1).map(Number);
    const own = /imported in ([\d.]+) s/.exec(r.stdout)?.[1];
    console.log(`${run.padEnd(18)} wall ${wall?.toFixed(1)} s (import itself ${own} s), cpu ${((user ?? 0) + (sys ?? 0)).toFixed(1)} s, peak memory ${Math.round((kb ?? 0) / 1024)} MB`);
  }
  console.log(`Load average now: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
} finally {
  fs.rmSync(data, { recursive: true, force: true });
}
