/**
 * Times `haven demo` generation on a fresh embedded (PGlite) database at each scale given (default
 * 1 and 20), and prints rows written, seconds and rows a second. Seed 1, as the CLI's default.
 *
 *   npx tsx bench/demo-generate.ts [scale ...]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/core/db/index.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { generateDemo } from '../src/demo/generator/generate.ts';

const scales = process.argv.slice(2).map(Number);
for (const scale of scales.length > 0 ? scales : [1, 20]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-demo-'));
  try {
    const handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    let phase = '';
    const result = await generateDemo(handle.db, {
      laCode: '309',
      scale,
      seed: 1,
      dataDir,
      onProgress: (next) => {
        if (next !== phase) process.stderr.write(`  scale ${scale}: ${(phase = next)}\n`);
      },
    });
    await handle.close();
    const last = result.years[result.years.length - 1];
    console.log(
      `scale ${scale}: ${result.rows.toLocaleString('en-GB')} rows in ${result.seconds.toFixed(1)} s ` +
        `(${Math.round(result.rows / result.seconds).toLocaleString('en-GB')} rows a second); ` +
        `${last?.year}: ${last?.contacts.toLocaleString('en-GB')} contacts, ${last?.referrals.toLocaleString('en-GB')} referrals, ` +
        `${last?.claAtYearEnd.toLocaleString('en-GB')} looked after at 31 March`,
    );
    console.log(`  phases: ${result.phases.map((p) => `${p.name} ${p.seconds.toFixed(1)} s`).join('; ')}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
