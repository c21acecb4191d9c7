/**
 * What `haven import cin-census` and `haven export cin-census` do and print. Loaded by
 * returns/cli.ts only when one of them runs.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { recordAudit } from '../../../core/audit.ts';
import { loadConfig } from '../../../core/config.ts';
import { reportingYear } from '../../../core/dates.ts';
import { ValidationError } from '../../../core/errors.ts';
import { withCliDatabase } from '../../../cli/database.ts';
import { censusChildrenFromRecords, exportHeader } from './export.ts';
import { CIN_IMPORT_TABLES, importCinCensus } from './import.ts';
import { CIN_CENSUS_CLOSING, cinCensusOpening, cinChildXml } from './write.ts';

function checkLa(la: string | undefined): string {
  const code = la ?? loadConfig().laCode;
  if (!/^\d{3}$/.test(code)) throw new ValidationError([{ field: 'la', message: 'Enter a three-digit local authority code, for example 309' }]);
  return code;
}

const WHOLE = new Intl.NumberFormat('en-GB');

/** `haven import cin-census FILE`: progress on stderr, the summary on stdout. */
export async function runCinImportCommand(file: string, options: { la?: string; batch: string }): Promise<void> {
  const laCode = checkLa(options.la);
  const batchSize = Number(options.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValidationError([{ field: 'batch', message: 'Enter a whole number of children per batch, for example 2000' }]);
  const started = Date.now();
  const result = await withCliDatabase(({ db }) =>
    importCinCensus(db, laCode, file, {
      batchSize,
      onProgress: (children) => process.stderr.write(`cin-census: ${WHOLE.format(children)} children written (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
    }),
  );
  const lines = [`${result.file}: CIN census ${result.year}, ${WHOLE.format(result.children)} children imported into partnership ${laCode} in ${result.seconds.toFixed(1)} s.`];
  if (result.newerYear !== null) lines.push(`Older than the ${result.newerYear} census already imported: it added what Haven did not hold and changed no value.`);
  for (const table of CIN_IMPORT_TABLES) {
    const c = result.changes[table];
    lines.push(`  ${table.padEnd(16)} ${WHOLE.format(c.inserted).padStart(8)} inserted ${WHOLE.format(c.updated).padStart(8)} updated ${WHOLE.format(c.unchanged).padStart(8)} unchanged`);
  }
  lines.push(`Validation: ${WHOLE.format(result.errors)} errors and ${WHOLE.format(result.queries)} queries (${Object.keys(result.findings).length} rules); \`haven validate cin-census\` lists them.`);
  const top = Object.entries(result.findings).sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (top.length > 0) lines.push(`  most frequent: ${top.map(([rule, n]) => `${rule} ×${n}`).join(', ')}`);
  if (result.notInFile > 0) {
    lines.push(`Kept: ${WHOLE.format(result.notInFile)} episodes open in ${result.year} that Haven holds for children in this census, though the census does not have them (an episode whose CINreferralDate was corrected stays under its old date: close or remove it in Haven).`);
  }
  for (const [what, n] of Object.entries(result.skipped)) lines.push(`Not stored: ${WHOLE.format(n)} × ${what}.`);
  for (const [what, n] of Object.entries(result.dropped)) lines.push(`Value left out: ${WHOLE.format(n)} × ${what}.`);
  if (result.parseWarnings > 0) lines.push(`${WHOLE.format(result.parseWarnings)} values could not be read (dates not written YYYY-MM-DD, stray text): read as missing.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `haven export cin-census --year Y [--out F]`: the census XML, streamed to the file or stdout. */
export async function runCinExportCommand(options: { year: string; out?: string; la?: string }): Promise<void> {
  const laCode = checkLa(options.la);
  try {
    reportingYear(options.year);
  } catch {
    throw new ValidationError([{ field: 'year', message: 'Enter a reporting year in the form YYYY-YY, for example 2025-26' }]);
  }
  if (Number(options.year.slice(0, 4)) < 2024) throw new ValidationError([{ field: 'year', message: 'Enter a reporting year from 2024-25 on (the census with Sex)' }]);
  const out = options.out ? fs.createWriteStream(options.out) : process.stdout;
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const children = await withCliDatabase(async ({ db }) => {
    await write(cinCensusOpening(exportHeader(laCode, options.year)));
    let count = 0;
    for await (const { child } of censusChildrenFromRecords(db, laCode, options.year)) {
      await write(cinChildXml(child));
      count += 1;
    }
    await write(CIN_CENSUS_CLOSING);
    await recordAudit(db, {
      laCode,
      action: 'returns.export',
      recordType: 'return',
      purpose: 'CIN census export',
      outcome: 'succeeded',
      detail: { kind: 'cin-census', year: options.year, children: count, out: options.out ? 'file' : 'stdout' },
    });
    return count;
  });
  if (options.out) {
    out.end();
    await once(out, 'finish');
    process.stderr.write(`CIN census ${options.year}: ${WHOLE.format(children)} children written to ${options.out}\n`);
  }
}
