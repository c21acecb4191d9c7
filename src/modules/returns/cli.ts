/**
 * `haven validate cin-census FILE [--json]` and `haven validate ssda903 DIR [--json]`: every rule of
 * the 2025-26 lists. With --json, exactly {"issues":[{"rule","child","fields","message","type"}]};
 * without, a readable report grouped by rule. Exit code 1 when there are errors (not only queries),
 * 2 when the file cannot be read.
 */
import type { Command } from 'commander';
import { commandGroup } from '../../cli/groups.ts';
import { registerSsda903Commands } from './ssda903/cli.ts';

type Issue = { rule: string; child: string; fields: string[]; message: string; type: 'error' | 'query' };

/** Prints findings as JSON or grouped by rule, and sets the exit code. */
export function reportFindings(issues: Issue[], options: { json?: boolean }, summary: string): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ issues })}\n`);
  } else {
    const byRule = new Map<string, Issue[]>();
    for (const i of issues) byRule.set(i.rule, [...(byRule.get(i.rule) ?? []), i]);
    console.log(summary);
    const rules = [...byRule.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    for (const [rule, list] of rules) {
      const first = list[0]!;
      console.log(`\n${rule} (${first.type}) ${first.message}\n  ${list.length} finding${list.length === 1 ? '' : 's'}; fields ${first.fields.join(', ')}`);
      const children = [...new Set(list.map((i) => i.child || '(return)'))];
      console.log(`  ${children.slice(0, 20).join(', ')}${children.length > 20 ? `, and ${children.length - 20} more` : ''}`);
    }
    if (issues.length === 0) console.log('No findings.');
  }
  if (issues.some((i) => i.type === 'error')) process.exitCode = 1;
}

export function registerReturnsCommands(program: Command): void {
  registerSsda903Commands(program);
  const imports = commandGroup(program, 'import', 'load data into Haven (all or nothing per file; the same file twice changes nothing)');
  imports
    .command('cin-census')
    .description('a CIN census XML file (any year from 2023-24; the header says which) into the children’s records')
    .argument('<file>', 'CIN census XML')
    .option('--la <code>', 'three-digit local authority code of the partnership (default HAVEN_LA_CODE); the census\u2019s <LEA> must be the same')
    .option('--batch <n>', 'children written per statement batch', '5000')
    .action(async (file: string, options: { la?: string; batch: string }) => {
      const { runCinImportCommand } = await import('./cin/commands.ts');
      await runCinImportCommand(file, options);
    });

  const exports = commandGroup(program, 'export', 'write a statutory return from Haven’s records');
  exports
    .command('cin-census')
    .description('the CIN census for a reporting year, from Haven’s records (XML, to stdout unless --out)')
    .requiredOption('--year <YYYY-YY>', 'reporting year, e.g. 2025-26')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--la <code>', 'three-digit local authority code of the partnership (default HAVEN_LA_CODE)')
    .action(async (options: { year: string; out?: string; la?: string }) => {
      const { runCinExportCommand } = await import('./cin/commands.ts');
      await runCinExportCommand(options);
    });

  registerValidateCommands(program);
}

/**
 * `haven validate cin-census` and `haven validate ssda903`: also registered on their own by
 * src/cli/validate-main.ts, the lean entry bin/haven.js runs for `haven validate`.
 */
export function registerValidateCommands(program: Command): void {
  const validate = commandGroup(program, 'validate', 'check a statutory return against the DfE’s validation rules (2025-26 lists)');
  validate
    .command('cin-census')
    .description('validate a CIN census XML file (any year from 2023-24; the header says which)')
    .argument('<file>', 'CIN census XML')
    .option('--json', 'print {"issues":[…]} only')
    .action(async (file: string, options: { json?: boolean }) => {
      const { validateCinCensus } = await import('./cin/index.ts');
      const result = await validateCinCensus(file);
      const errors = result.issues.filter((i) => i.type === 'error').length;
      reportFindings(result.issues, options, `${file}: ${result.children} children, ${errors} errors and ${result.issues.length - errors} queries (${result.seconds.toFixed(2)} s)${result.warnings.length ? `; ${result.warnings.length} warnings` : ''}`);
    });

  validate
    .command('ssda903')
    .description('validate an SSDA903 return: a directory of header.csv, episodes.csv, reviews.csv … (any may be absent)')
    .argument('<dir>', 'directory of the return’s CSV files')
    .option('--json', 'print {"issues":[…]} only')
    .option('--year <year>', 'collection year', '2025-26')
    .option('--la-gss <code>', 'the local authority’s GSS code, for rules about placements out of area (e.g. E09000014)')
    .option('--previous <dir>', 'last year’s return, for the rules that compare years')
    .action(async (dir: string, options: { json?: boolean; year: string; laGss?: string; previous?: string }) => {
      const { validateSsda903Directory } = await import('./ssda903/index.ts');
      const result = await validateSsda903Directory(dir, {
        collectionYear: options.year,
        ...(options.laGss ? { laGss: options.laGss } : {}),
        ...(options.previous ? { previousDir: options.previous } : {}),
      });
      const errors = result.issues.filter((i) => i.type === 'error').length;
      const skipped = result.skipped.length ? `; ${result.skipped.length} rules not run (${[...new Set(result.skipped.map((s) => s.reason))].join('; ')})` : '';
      reportFindings(result.issues, options, `${dir}: ${result.children} children, ${result.episodes} episodes, ${errors} errors and ${result.issues.length - errors} queries (${result.seconds.toFixed(2)} s)${skipped}`);
    });
}
