/**
 * `haven kpi --year YYYY-YY [--json] [--la CODE]`: every figure of kpi-definitions.md for a
 * reporting year. With --json, the contract's document and nothing else on stdout; without, a
 * table of this year against the previous year. Heavy modules load inside the action, so other
 * commands do not pay for them.
 */
import type { Command } from 'commander';

type KpiOptions = { year: string; json?: boolean; la?: string };

/** Adds `haven kpi` to the program. */
export function registerKpiCommands(program: Command): void {
  program
    .command('kpi')
    .description('the partnership KPIs for a reporting year, as kpi-definitions.md defines them')
    .requiredOption('--year <YYYY-YY>', 'reporting year, 1 April to 31 March (e.g. 2025-26)')
    .option('--json', 'print only the JSON document {"year","la","metrics"}')
    .option('--la <code>', 'three-digit local authority code of the partnership (default HAVEN_LA_CODE)')
    .action(async (options: KpiOptions) => {
      const { runKpiCommand } = await import('./report.ts');
      process.stdout.write(await runKpiCommand(options));
    });
}
