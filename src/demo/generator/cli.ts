/**
 * `haven demo [--scale S] [--seed N] [--replace]`: fills the partnership's journey tables with a
 * realistic, deterministic synthetic partnership over three reporting years. This file stays
 * small; the generator loads only when the command runs.
 */
import { InvalidArgumentError, type Command } from 'commander';

function scaleOption(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100) throw new InvalidArgumentError('Enter a scale more than 0 and at most 100, for example 1 or 0.05.');
  return scale;
}

function seedOption(value: string): number {
  const seed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seed)) throw new InvalidArgumentError('Enter a seed as a whole number, for example 1.');
  return seed;
}

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('generate a realistic, deterministic synthetic partnership over three reporting years')
    .option('--scale <scale>', 'volume: 1 is an inner-London borough (13,000 contacts a year); fractions allowed', scaleOption, 1)
    .option('--seed <seed>', 'random seed: the same seed and scale give the same data', seedOption, 1)
    .option('--replace', 'first delete the partnership’s journey records and generated children (the audit trail is kept)')
    .option('--last-year <year>', 'the last of the three reporting years', '2025-26')
    .action(async (options: { scale: number; seed: number; replace?: boolean; lastYear: string }) => {
      const [{ loadConfig }, { withCliDatabase }, { ConflictError }, generator, { progressReporter }, { formatSummary }] = await Promise.all([
        import('../../core/config.ts'),
        import('../../cli/database.ts'),
        import('../../core/errors.ts'),
        import('./generate.ts'),
        import('./progress.ts'),
        import('./format.ts'),
      ]);
      const config = loadConfig();
      const progress = progressReporter();
      await withCliDatabase(async (handle) => {
        const existing = await generator.hasJourneyData(handle.db, config.laCode);
        if (existing > 0 && !options.replace) {
          throw new ConflictError(
            `The partnership ${config.laCode} already has ${existing.toLocaleString('en-GB')} journey records (contacts, referrals, care and early help). ` +
              'Run `haven demo --replace` to delete them and generate the demonstration again (the audit trail is kept).',
          );
        }
        if (options.replace) {
          const removed = await generator.deleteJourneyData(handle.db, config.laCode, progress.update);
          progress.done();
          for (const [table, rows] of Object.entries(removed.elsewhere)) console.log(`Also deleted ${rows.toLocaleString('en-GB')} rows of ${table} that referred to deleted records.`);
        }
        const result = await generator.generateDemo(handle.db, {
          laCode: config.laCode,
          scale: options.scale,
          seed: options.seed,
          dataDir: config.dataDir,
          lastYear: options.lastYear,
          onProgress: progress.update,
        });
        progress.done();
        console.log(formatSummary(config.laCode, options.scale, options.seed, result, handle.engine));
        if (result.signIns.length > 0) {
          console.log('\nDemonstration sign-ins (one per role, same password):');
          for (const s of result.signIns) console.log(`  ${s.role.padEnd(32)} ${s.email}`);
          console.log(`  Password: ${result.signIns[0]?.password}`);
        }
      }).finally(() => progress.done());
    });
}
