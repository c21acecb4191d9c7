/**
 * `haven import ssda903 DIR|FILE.xml [--year 2025-26]` and `haven export ssda903 --year 2025-26 --out DIR`.
 * Progress goes to stderr; the summary (rows inserted, updated and unchanged per table, findings)
 * to stdout. A return that cannot be read or held is refused with exit code 2, nothing stored.
 */
import type { Command } from 'commander';
import { commandGroup } from '../../../cli/groups.ts';

const YEAR = /^\d{4}-\d{2}$/;

/** CPU seconds of the whole process (the embedded database's thread included): less disturbed by a busy machine than the clock. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export function registerSsda903Commands(program: Command): void {
  registerSsda903ExportCommand(program);
  const imports = commandGroup(program, 'import', 'load data into Haven (all or nothing per file; the same file twice changes nothing)');
  imports
    .command('ssda903')
    .description('an SSDA903 return: a directory of header.csv, episodes.csv, reviews.csv … (any may be absent) or the DfE XML file')
    .argument('<source>', 'directory of the return’s CSV files, or its XML file')
    .option('--year <year>', 'collection year (YYYY-YY); by default the reporting year of the latest event date in the return')
    .option('--la <code>', 'the partnership’s DfE LA code (default HAVEN_LA_CODE)')
    .option('--quiet', 'no progress on stderr')
    .action(async (source: string, options: { year?: string; la?: string; quiet?: boolean }) => {
      if (options.year !== undefined && !YEAR.test(options.year)) throw new Error(`--year: expected a collection year YYYY-YY such as 2025-26, not ${JSON.stringify(options.year)}`);
      const { withCliDatabase } = await import('../../../cli/database.ts');
      const { loadConfig } = await import('../../../core/config.ts');
      const { importSsda903 } = await import('./import.ts');
      const laCode = options.la ?? loadConfig().laCode;
      const started = Date.now();
      const progress = options.quiet ? undefined : (message: string): void => void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s, cpu ${cpuSeconds().toFixed(1)} s, ${Math.round(process.memoryUsage().rss / 1e6)} MB] ${message}\n`);
      const result = await withCliDatabase(({ db }) =>
        importSsda903(db, laCode, source, { ...(options.year ? { year: options.year } : {}), ...(progress ? { progress } : {}) }),
      );
      console.log(
        `SSDA903 ${result.year} (${result.yearFrom === 'option' ? 'from --year' : 'from the latest event date'}): ${result.children} children, ${result.episodes} episodes imported in ${result.seconds.toFixed(1)} s${result.parts > 1 ? ` (in ${result.parts} parts by child)` : ''}.`,
      );
      if (result.newerYear !== null) console.log(`Older than the ${result.newerYear} return already imported: it added what Haven did not hold and changed no value.`);
      console.log(`${'table'.padEnd(22)}${'inserted'.padStart(10)}${'updated'.padStart(10)}${'unchanged'.padStart(11)}${'removed'.padStart(9)}`);
      for (const [table, c] of Object.entries(result.changes)) {
        console.log(`${table.padEnd(22)}${String(c.inserted).padStart(10)}${String(c.updated).padStart(10)}${String(c.unchanged).padStart(11)}${String(c.deleted ?? 0).padStart(9)}`);
      }
      if (result.rulesYear === null) {
        console.log(`Not validated: Haven has no SSDA903 rule set for ${result.year}.`);
      } else {
        console.log(`Validation (${result.rulesYear} rules): ${result.errors} errors and ${result.queries} queries recorded with import run ${result.runId}.`);
        const top = Object.entries(result.findings).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        for (const [rule, count] of top.slice(0, 10)) console.log(`  rule ${rule}: ${count}`);
        if (top.length > 10) console.log(`  and ${top.length - 10} more rules`);
      }
    });
}

export function registerSsda903ExportCommand(program: Command): void {
  const exports = commandGroup(program, 'export', 'write a statutory return from Haven’s records');
  exports
    .command('ssda903')
    .description('the SSDA903 CSV files (header.csv, episodes.csv …) for a collection year, checked with the year’s rules')
    .requiredOption('--year <year>', 'collection year (YYYY-YY), e.g. 2025-26')
    .requiredOption('--out <dir>', 'directory to write the CSV files into')
    .option('--la <code>', 'the partnership’s DfE LA code (default HAVEN_LA_CODE)')
    .action(async (options: { year: string; out: string; la?: string }) => {
      if (!YEAR.test(options.year)) throw new Error(`--year: expected a collection year YYYY-YY such as 2025-26, not ${JSON.stringify(options.year)}`);
      const { withCliDatabase } = await import('../../../cli/database.ts');
      const { loadConfig } = await import('../../../core/config.ts');
      const { exportSsda903 } = await import('./export.ts');
      const laCode = options.la ?? loadConfig().laCode;
      const result = await withCliDatabase(({ db }) => exportSsda903(db, laCode, options.year, options.out));
      console.log(`SSDA903 ${result.year} written to ${options.out}:`);
      for (const [file, rows] of Object.entries(result.files)) console.log(`  ${file.padEnd(26)}${String(rows).padStart(8)} rows`);
      if (result.validation) {
        const errors = result.validation.issues.filter((i) => i.type === 'error').length;
        console.log(`Checked with the ${result.year} rules: ${errors} errors and ${result.validation.issues.length - errors} queries (haven validate ssda903 ${options.out} lists them).`);
      } else {
        console.log(`Not checked: Haven has no SSDA903 rule set for ${result.year}.`);
      }
    });
}
