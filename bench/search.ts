/**
 * Search speed at the benchmark size: generates (or reuses) a scale-20 synthetic partnership on the
 * embedded database, then times searches the way people type them — misspelt names, partial
 * names, names with a date of birth, dates of birth alone, NHS numbers, UPNs, postcodes — and
 * likely-duplicate checks. Prints p50, p95 and p99 per kind and overall.
 *   npx tsx bench/search.ts [scale=20] [dataDir]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/core/db/index.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { findLikelyDuplicates, parseSearch, searchChildren } from '../src/modules/people/search.ts';

const scale = Number(process.argv[2] ?? 20);
const dataDir = process.argv[3] ?? path.join(os.tmpdir(), `haven-bench-scale-${scale}`);
const laCode = '309';

if (!fs.existsSync(path.join(dataDir, 'BENCH_READY'))) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`Generating a scale-${scale} partnership in ${dataDir} …`);
  const env: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: dataDir, HAVEN_LA_CODE: laCode };
  delete env.DATABASE_URL;
  const run = spawnSync(process.execPath, [new URL('../bin/haven.js', import.meta.url).pathname, 'demo', '--scale', String(scale), '--seed', '1'], { env, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('haven demo failed');
  fs.writeFileSync(path.join(dataDir, 'BENCH_READY'), new Date().toISOString());
}

const handle = await openDatabase({ dataDir });
await migrateToLatest(handle.db);
const db = handle.db;
const total = await db.selectFrom('child').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
const sample = await db.selectFrom('child').select(['first_name', 'last_name', 'date_of_birth', 'nhs_number', 'upn', 'postcode']).where('la_code', '=', laCode)
  .where('first_name', 'is not', null).orderBy('la_child_id').limit(100_000).execute();
let seed = 7;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
const pick = () => sample[rand(sample.length)]!;
/** One typing slip: a letter dropped, doubled or swapped for a neighbour. */
const misspell = (s: string) => {
  const i = 1 + rand(Math.max(1, s.length - 2));
  const kind = rand(3);
  return kind === 0 ? s.slice(0, i) + s.slice(i + 1) : kind === 1 ? s.slice(0, i) + s[i] + s.slice(i) : s.slice(0, i) + 'e' + s.slice(i + 1);
};
const ukDate = (iso: string) => iso.split('-').reverse().join('/');

const kinds: Record<string, () => string | null> = {
  'misspelt name': () => { const c = pick(); return `${c.first_name} ${misspell(c.last_name ?? '')}`; },
  'partial name': () => { const c = pick(); return `${c.first_name?.slice(0, 3)} ${c.last_name?.slice(0, 4)}`; },
  'surname + date of birth': () => { const c = pick(); return c.date_of_birth ? `${c.last_name} ${ukDate(c.date_of_birth)}` : null; },
  'date of birth': () => pick().date_of_birth,
  'NHS number': () => pick().nhs_number,
  UPN: () => pick().upn,
  postcode: () => pick().postcode,
};

const timings: Record<string, number[]> = {};
const time = async (kind: string, work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  (timings[kind] ??= []).push(performance.now() - started);
};
// Warm up the caches as a running service would be.
for (let i = 0; i < 30; i++) await searchChildren(db, laCode, parseSearch(kinds['misspelt name']!()!));
const perKind = 200;
for (const [kind, make] of Object.entries(kinds)) {
  for (let i = 0; i < perKind; i++) {
    const q = make();
    if (q) await time(kind, () => searchChildren(db, laCode, parseSearch(q)));
  }
}
for (let i = 0; i < perKind; i++) {
  const c = pick();
  await time('likely duplicates', () => findLikelyDuplicates(db, laCode, { firstName: c.first_name ?? '', lastName: misspell(c.last_name ?? ''), dateOfBirth: c.date_of_birth }));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`\n${Number(total.n).toLocaleString('en-GB')} children (scale ${scale}), embedded database, ${perKind} searches per kind\n`);
console.log('kind'.padEnd(26), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8));
const all: number[] = [];
for (const [kind, xs] of Object.entries(timings)) {
  all.push(...xs);
  console.log(kind.padEnd(26), pct(xs, 50).toFixed(1).padStart(8), pct(xs, 95).toFixed(1).padStart(8), pct(xs, 99).toFixed(1).padStart(8));
}
console.log('all'.padEnd(26), pct(all, 50).toFixed(1).padStart(8), pct(all, 95).toFixed(1).padStart(8), pct(all, 99).toFixed(1).padStart(8));
console.log(`\ntarget: p95 under 50 ms -> ${pct(all, 95) < 50 ? 'met' : 'NOT met'}`);
await handle.close();
