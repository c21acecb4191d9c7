/**
 * `haven import annex-a FILE.xlsx` (sheets "List 1" .. "List 11") or `FILE.csv --list N`,
 * `haven export annex-a --out F.xlsx` and `haven export dfe-api --out F.json`.
 */
import type { Command } from 'commander';
import { commandGroup } from '../../../cli/groups.ts';

export function registerAnnexACommands(program: Command): void {
  const imports = commandGroup(program, 'import', 'load data into Haven (all or nothing per file; the same file twice changes nothing)');
  imports
    .command('annex-a')
    .description('Ofsted Annex A: a workbook with sheets "List 1" .. "List 11", or one list as CSV with --list N')
    .argument('<file>', 'Annex A workbook (.xlsx) or one list as CSV')
    .option('--list <n>', 'the list a CSV file holds (1 .. 11)')
    .action(async (file: string, options: { list?: string }) => {
      const { withCliDatabase } = await import('../../../cli/database.ts');
      const { loadConfig } = await import('../../../core/config.ts');
      const { importAnnexA } = await import('./import.ts');
      const list = options.list === undefined ? undefined : Number(options.list);
      if (list !== undefined && !(Number.isInteger(list) && list >= 1 && list <= 11)) throw new Error(`--list ${options.list}: expected a list number from 1 to 11`);
      if (list === undefined && /\.csv$/i.test(file)) throw new Error(`${file}: a CSV holds one list; say which with --list N`);
      const result = await withCliDatabase(({ db }) =>
        importAnnexA(db, loadConfig().laCode, file, {
          ...(list ? { list: list as 1 } : {}),
          progress: (message) => process.stderr.write(`${message}\n`),
        }),
      );
      const lists = Object.entries(result.rowsByList).map(([n, rows]) => `List ${n}: ${rows} rows`).join(', ');
      console.log(`${file}: ${lists || 'no rows'}`);
      for (const [table, c] of Object.entries(result.changes).sort()) console.log(`  ${table}: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged`);
      if (result.notStored.length) {
        const reasons = new Map<string, number>();
        for (const n of result.notStored) reasons.set(`List ${n.list}: ${n.reason}`, (reasons.get(`List ${n.list}: ${n.reason}`) ?? 0) + 1);
        for (const [reason, n] of reasons) console.log(`  not stored, ${n} row${n === 1 ? '' : 's'}: ${reason}`);
      }
    });

  const exports = commandGroup(program, 'export', 'write statutory returns from Haven’s records');
  exports
    .command('annex-a')
    .description('Ofsted Annex A: a workbook with one sheet per list ("List 1" .. "List 11") from Haven’s records')
    .requiredOption('--out <file>', 'the workbook to write (.xlsx)')
    .action(async (options: { out: string }) => {
      const { withCliDatabase } = await import('../../../cli/database.ts');
      const { loadConfig } = await import('../../../core/config.ts');
      const { exportAnnexA } = await import('./export.ts');
      const counts = await withCliDatabase(({ db }) => exportAnnexA(db, loadConfig().laCode, options.out));
      console.log(`${options.out}: ${Object.entries(counts).map(([n, rows]) => `List ${n}: ${rows}`).join(', ')} rows`);
    });

  exports
    .command('dfe-api')
    .description('the DfE children’s social care daily API: request bodies of up to 100 children (F.json, F-2.json …), valid against the DfE schema')
    .requiredOption('--out <file>', 'the JSON file to write (.json)')
    .action(async (options: { out: string }) => {
      const { withCliDatabase } = await import('../../../cli/database.ts');
      const { loadConfig } = await import('../../../core/config.ts');
      const { exportDfeApi } = await import('./dfe-api.ts');
      const result = await withCliDatabase(({ db }) => exportDfeApi(db, loadConfig().laCode, options.out));
      console.log(`${result.children} children in ${result.files.length} request file${result.files.length === 1 ? '' : 's'}: ${result.files.join(', ')}`);
      if (result.skipped) console.log(`${result.skipped} children not written: their LA child ID is not letters and digits, as the API requires`);
    });
}
