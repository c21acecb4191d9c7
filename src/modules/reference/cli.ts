/** `haven import population` and `haven import comparators`. */
import type { Command } from 'commander';
import { commandGroup } from '../../cli/groups.ts';

export function registerReferenceCommands(program: Command): void {
  const imports = commandGroup(program, 'import', 'load data into Haven (all or nothing per file; the same file twice changes nothing)');
  imports
    .command('population')
    .description('the 0-17 population per local authority and year (columns la_code,year,population_0_17)')
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      const { withCliDatabase } = await import('../../cli/database.ts');
      const { importPopulation } = await import('./import-csv.ts');
      const result = await withCliDatabase(({ db }) => importPopulation(db, file));
      console.log(`Population: ${result.rows} rows read, ${result.changed} added or changed.`);
    });
  imports
    .command('comparators')
    .description('published figures to compare with (columns area,year,metric,value)')
    .argument('<file>', 'CSV file')
    .action(async (file: string) => {
      const { withCliDatabase } = await import('../../cli/database.ts');
      const { importComparators } = await import('./import-csv.ts');
      const { loadConfig } = await import('../../core/config.ts');
      const result = await withCliDatabase(({ db }) => importComparators(db, loadConfig().laCode, file));
      console.log(`Comparators: ${result.rows} rows read, ${result.changed} added or changed.`);
    });
}
