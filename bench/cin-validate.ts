/**
 * Speed of Haven's CIN census validation: a 5,000-child and a 100,000-child census (generated with
 * bench/cin-generate.ts, 30% of children with planted errors), each read and validated in a fresh
 * process, with its seconds, CPU seconds and peak RSS; then data-to-insight's Python validator on
 * the 5,000-child one (its XML reading grows quadratically, so never more) and the ratio.
 *
 *   D2I_CIN_DIR=/tmp/d2i-cin npx tsx bench/cin-validate.ts [--dir DIR] [--skip-python]
 *
 * Then, on the 5,000-child census, whole processes side by side: `haven validate cin-census --json`
 * and the Python driver, each from start to exit (the target's measure).
 *
 * Targets: at least 30 times faster than Python on the same file; 100,000 children in under 10 s;
 * memory under 500 MB.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { validateCinCensus } from '../src/modules/returns/cin/index.ts';
import { generateCinCensusFile } from './cin-generate.ts';

const run = promisify(execFile);

type Measure = { children: number; issues: number; seconds: number; cpuSeconds: number; peakRssMb: number };

/** In the child process: validate one file and print the measures as JSON. */
async function measureHere(path: string): Promise<void> {
  const cpu = process.cpuUsage();
  const { children, issues, seconds } = await validateCinCensus(path);
  const used = process.cpuUsage(cpu);
  const measure: Measure = {
    children,
    issues: issues.length,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(measure));
}

async function measureInFreshProcess(path: string): Promise<Measure> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', path], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measure;
}

async function main(argv: string[]): Promise<void> {
  const measureAt = argv.indexOf('--measure');
  if (measureAt !== -1) return measureHere(argv[measureAt + 1] ?? '');

  const dirAt = argv.indexOf('--dir');
  const dir = dirAt !== -1 ? (argv[dirAt + 1] ?? '.') : mkdtempSync(join(tmpdir(), 'haven-cin-bench-'));
  const skipPython = argv.includes('--skip-python');
  console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a loaded machine stretches wall time; CPU seconds less so)`);

  const files: [number, string][] = [
    [5_000, join(dir, 'cin-5000.xml')],
    [100_000, join(dir, 'cin-100000.xml')],
  ];
  for (const [children, path] of files) {
    if (!existsSync(path)) generateCinCensusFile(path, { children, seed: children, errors: 0.3 });
  }

  const results: Measure[] = [];
  for (const [, path] of files) {
    const measure = await measureInFreshProcess(path);
    results.push(measure);
    console.log(
      `Haven ${String(measure.children).padStart(7)} children: ${measure.seconds.toFixed(2)} s (CPU ${measure.cpuSeconds.toFixed(2)} s), ` +
        `peak RSS ${measure.peakRssMb.toFixed(0)} MB, ${measure.issues} findings   [${path}]`,
    );
  }

  // Whole processes, as a council runs the check: `haven validate cin-census FILE --json` (one run
  // first, untimed, so the prebuilt command is built), start to exit.
  const [, smallFile] = files[0] ?? [0, ''];
  const havenBin = fileURLToPath(new URL('../bin/haven.js', import.meta.url));
  const wholeRun = async (): Promise<number> => {
    const started = performance.now();
    await run(process.execPath, [havenBin, 'validate', 'cin-census', smallFile, '--json'], { maxBuffer: 1 << 28 }).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error; // 1: the census has errors
    });
    return (performance.now() - started) / 1000;
  };
  await wholeRun();
  const whole: number[] = [];
  for (let i = 0; i < 3; i += 1) whole.push(await wholeRun());
  const wholeMedian = [...whole].sort((a, b) => a - b)[1] as number;
  console.log(`Haven    5000 children, whole process (haven validate cin-census --json): ${whole.map((w) => w.toFixed(2)).join(' ')} s (median ${wholeMedian.toFixed(2)})`);

  if (skipPython) return;
  const driver = resolve(process.env.D2I_CIN_DRIVER ?? '../shared/tools/d2i-cin-findings.py');
  const python = process.env.D2I_PYTHON ?? '/usr/bin/python3';
  const [, small] = files[0] ?? [0, ''];
  const started = performance.now();
  const { stdout } = await run(python, [driver, small, 'cin2025_26'], { env: { ...process.env, D2I_CIN_DIR: process.env.D2I_CIN_DIR ?? '/tmp/d2i-cin' }, maxBuffer: 1 << 28 });
  const wall = (performance.now() - started) / 1000;
  const reported = (JSON.parse(stdout) as { seconds: number }).seconds;
  const haven = results[0];
  if (haven === undefined) return;
  console.log(`d2i (Python)    5000 children: ${reported.toFixed(1)} s (${wall.toFixed(1)} s with start-up)`);
  console.log(`Haven is ${(reported / haven.seconds).toFixed(0)} times faster on the 5,000-child census by the validators' own seconds, ${(wall / wholeMedian).toFixed(0)} times as whole processes (the target: 30)`);
}

await main(process.argv.slice(2));
