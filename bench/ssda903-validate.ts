/**
 * Speed of Haven's SSDA903 validator against data-to-insight's on the same files.
 *
 *   D2I_903_DIR=/tmp/d2i-903 D2I_POSTCODES_DIR=/tmp/d2i-pc HAVEN_POSTCODES_FILE=/tmp/haven-postcodes.txt \
 *     npx tsx bench/ssda903-validate.ts [--dir /tmp/haven-bench-903] [--runs 3] [--no-d2i]
 *
 * Generates (once, deterministically) a ~900-child / ~1,100-episode return and a 50,000-episode
 * return, then times Haven on each in a fresh process per run (so each run is a cold start of the
 * validator, reading included) and reports seconds and peak RSS; then, on the small one, whole
 * processes side by side: `haven validate ssda903 --json` and d2i's driver, each from its start to
 * its exit. Prints both ratios: the validators' own seconds, and whole processes (the target, 30x).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateReturn, writeFiles } from './ssda903-generate.ts';
import { validateSsda903Directory } from '../src/modules/returns/ssda903/index.ts';
import { runD2i } from './ssda903-agreement.ts';

const root = new URL('..', import.meta.url).pathname;

type Run = { seconds: number; cpuSeconds: number; maxRssMb: number; children: number; episodes: number; issues: number };

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** One measured validation in this process (the child side of a fresh-process run). */
async function measure(dir: string): Promise<void> {
  const cpu = process.cpuUsage();
  const result = await validateSsda903Directory(dir, { collectionYear: '2025-26', laGss: 'E09000014' });
  const used = process.cpuUsage(cpu);
  const run: Run = {
    seconds: result.seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    children: result.children,
    episodes: result.episodes,
    issues: result.issues.length,
  };
  console.log(JSON.stringify(run));
}

function freshRun(dir: string): Run {
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--measure', dir], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0) throw new Error(`measurement failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as Run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const measureDir = option(args, '--measure');
  if (measureDir) return measure(measureDir);

  const base = option(args, '--dir') ?? '/tmp/haven-bench-903';
  const runs = Number(option(args, '--runs') ?? 3);
  const postcodesFile = process.env.HAVEN_POSTCODES_FILE;
  const sets = [
    { name: 'small', children: 900, seed: 903 },
    { name: 'large', children: 38_000, seed: 50_000 },
  ];
  for (const set of sets) {
    const dir = join(base, set.name);
    if (existsSync(join(dir, 'episodes.csv'))) continue;
    const generated = generateReturn({ children: set.children, seed: set.seed, errors: 0.3, previous: false, invalidDates: false, ...(postcodesFile ? { postcodesFile } : {}) });
    writeFiles(dir, generated.current);
  }
  console.log(`postcode lookup: ${postcodesFile ?? 'none (postcode rules skipped)'}; machine load ${(await import('node:os')).loadavg()[0]?.toFixed(2)}`);

  const results: Record<string, Run[]> = {};
  for (const set of sets) {
    const dir = join(base, set.name);
    results[set.name] = Array.from({ length: runs }, () => freshRun(dir));
    const list = results[set.name] as Run[];
    const first = list[0] as Run;
    console.log(
      `Haven ${set.name}: ${first.children} children, ${first.episodes} episodes, ${first.issues} issues; ` +
        `seconds ${list.map((r) => r.seconds.toFixed(3)).join(' ')} (median ${median(list.map((r) => r.seconds)).toFixed(3)}; ` +
        `CPU ${median(list.map((r) => r.cpuSeconds)).toFixed(3)}); ` +
        `peak RSS ${Math.max(...list.map((r) => r.maxRssMb)).toFixed(0)} MB`,
    );
  }

  // Whole processes, as a council runs the check: `haven validate ssda903 DIR --json` (one run first,
  // untimed, so the prebuilt command is built) against the Python driver, start-up included.
  const small = join(base, 'small');
  const command = [join(root, 'bin/haven.js'), 'validate', 'ssda903', small, '--json', '--la-gss', 'E09000014'];
  const wholeRun = (): number => {
    const started = performance.now();
    const child = spawnSync(process.execPath, command, { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (child.status !== 0 && child.status !== 1) throw new Error(`haven validate failed: ${child.stderr}`);
    return (performance.now() - started) / 1000;
  };
  wholeRun();
  const whole = Array.from({ length: runs }, wholeRun);
  console.log(`Haven small, whole process (haven validate ssda903 --json): ${whole.map((w) => w.toFixed(3)).join(' ')} s (median ${median(whole).toFixed(3)})`);

  if (!args.includes('--no-d2i')) {
    const started = performance.now();
    const d2i = runD2i(small, { mode: 'driver', la: 'E09000014', year: '2025-26' });
    const wall = (performance.now() - started) / 1000;
    const haven = median((results.small as Run[]).map((r) => r.seconds));
    console.log(`d2i small: ${d2i.seconds.toFixed(2)} s (${wall.toFixed(1)} s with Python start-up and imports)`);
    console.log(`ratio d2i / Haven on the small return: validators' own seconds ${(d2i.seconds / haven).toFixed(1)}x; whole processes ${(wall / median(whole)).toFixed(1)}x`);
  }
}

await main();
