/**
 * Agreement between Haven's CIN census validator and data-to-insight's (the Python tool councils
 * run), rule by rule, over (rule, child) pairs.
 *
 *   D2I_CIN_DIR=/tmp/d2i-cin npx tsx bench/cin-agreement.ts [--examples N] [--json out.json]
 *       [--d2i-cache DIR] FILE...
 *
 * D2I_CIN_DIR is the unpacked data-to-insight/csc-validator-be-cin repository (never part of
 * Haven); the Python side runs through shared/tools/d2i-cin-findings.py with Debian's python3.
 * Prints a table per rule (Haven count, d2i count, both, only Haven, only d2i) summed over the
 * files, then the rules that disagree with example children, and the rules the Python validator
 * failed to run ("Error with rule ...": they report nothing).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CIN_RULES_2025_26, validateCinCensus } from '../src/modules/returns/cin/index.ts';

const run = promisify(execFile);

type Pair = { rule: string; child: string };

/**
 * Where Haven deliberately differs from data-to-insight's validator (csc-validator-be-cin, HEAD
 * 1bf6f22 of May 2026), and why: in each case the reference implementation does not do what the
 * rule says. Rules listed here are left out of the "excluding known differences" agreement figure.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  '2887Q': 'd2i counts NONE entries (keeps Disability == "NONE"), not the different codes other than NONE the rule counts',
  '8540': 'd2i pushes its ChildIdentifiers locations under ROW_ID_x; the engine reads ROW_ID, swallows the KeyError: never reports',
  '8565': 'd2i checks CPPendDate against a hard-coded test frame (child1/CINID1), and raises ValueError (swallowed) when plan and S47 failure counts differ',
  '8614': 'AssessmentFactors is a list in d2i: grouping failures by it raises TypeError (unhashable list): never reports',
  '8832': 'd2i merges CINdetails with plans with suffixes swapped, so findings land on other rows (other children) or none',
  '8869': 'd2i compares the list of factors to "21" as a string ("[\'21\', ...]" never equals "21"): never reports',
  '8870Q': 'd2i parses InitialCPCtarget as DD-MM-YYYY; the schema (and every file) writes YYYY-MM-DD: never reports',
  '8897Q': 'd2i joins factors on AssessmentID without CINdetailsID, and raises TypeError (unhashable list) when any failure has factors',
  '8898': 'd2i de-duplicates rows holding the factor list: TypeError (unhashable list): never reports',
  '8935': 'd2i counts open plans per (child, position of the plan within its episode), so two open plans in one episode pass',
  '8940': 'd2i skips pairs of plans with the same position in different episodes (its CPPID restarts in each episode)',
  '8945Q': 'd2i applies .str.upper() to the factor list: NaN, never "18A": never reports',
  '8950Q': 'd2i applies .str.upper() to the factor list: NaN, never "19A": never reports',
};
type FileResult = {
  file: string;
  haven: Pair[];
  d2i: Pair[] | undefined;
  d2iFailure?: string;
  d2iRuleErrors: string[];
  havenSeconds: number;
  d2iSeconds?: number;
};

const args = process.argv.slice(2);
let examples = 5;
let jsonOut: string | undefined;
let cacheDir: string | undefined;
const files: string[] = [];
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i] ?? '';
  if (arg === '--examples') examples = Number(args[++i]);
  else if (arg === '--json') jsonOut = args[++i];
  else if (arg === '--d2i-cache') cacheDir = args[++i];
  else files.push(arg);
}
if (files.length === 0) {
  console.error('usage: D2I_CIN_DIR=<csc-validator-be-cin> npx tsx bench/cin-agreement.ts [--examples N] [--json out.json] FILE...');
  process.exit(2);
}

const d2iDir = process.env.D2I_CIN_DIR ?? '/tmp/d2i-cin';
const python = process.env.D2I_PYTHON ?? '/usr/bin/python3';
const driver = resolve(process.env.D2I_CIN_DRIVER ?? '../shared/tools/d2i-cin-findings.py');
if (!existsSync(driver)) {
  console.error(`The Python driver is not at ${driver}: set D2I_CIN_DRIVER`);
  process.exit(2);
}

type D2iResult = Pick<FileResult, 'd2i' | 'd2iFailure' | 'd2iRuleErrors' | 'd2iSeconds'>;

/** The Python run, from the cache when the file has not changed since (it takes minutes). */
async function runD2iCached(file: string): Promise<D2iResult> {
  if (cacheDir === undefined) return runD2i(file);
  const { mtimeMs, size } = statSync(file);
  const cached = join(cacheDir, `${basename(file)}.${size}.${Math.round(mtimeMs)}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as D2iResult;
  const result = await runD2i(file);
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify(result));
  return result;
}

async function runD2i(file: string): Promise<D2iResult> {
  try {
    const { stdout, stderr } = await run(python, [driver, file, 'cin2025_26'], {
      env: { ...process.env, D2I_CIN_DIR: d2iDir },
      maxBuffer: 1 << 30,
    });
    const parsed = JSON.parse(stdout) as { issues: Pair[]; seconds: number };
    const ruleErrors = [...stderr.matchAll(/^Error with rule (\S+): (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
    return { d2i: parsed.issues, d2iRuleErrors: ruleErrors, d2iSeconds: parsed.seconds };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    const last = stderr.trim().split('\n').filter((line) => !line.startsWith(' ')).at(-1) ?? 'failed';
    return { d2i: undefined, d2iFailure: last, d2iRuleErrors: [] };
  }
}

const results: FileResult[] = [];
for (const file of files) {
  let haven: Pair[] = [];
  let havenSeconds = 0;
  try {
    const validation = await validateCinCensus(file);
    haven = validation.issues.map(({ rule, child }) => ({ rule, child }));
    havenSeconds = validation.seconds;
  } catch (error) {
    console.log(`${basename(file)}: Haven could not read it: ${(error as Error).message}`);
  }
  const d2i = await runD2iCached(file);
  results.push({ file, haven, havenSeconds, ...d2i });
  const d2iNote = d2i.d2i === undefined ? `d2i FAILED (${d2i.d2iFailure})` : `d2i ${d2i.d2i.length} in ${d2i.d2iSeconds?.toFixed(1)} s`;
  console.log(`${basename(file)}: Haven ${haven.length} findings in ${havenSeconds.toFixed(2)} s; ${d2iNote}`);
}

type Row = { rule: string; haven: number; d2i: number; both: number; onlyHaven: string[]; onlyD2i: string[] };
const rows = new Map<string, Row>();
const row = (rule: string): Row => {
  let r = rows.get(rule);
  if (r === undefined) {
    r = { rule, haven: 0, d2i: 0, both: 0, onlyHaven: [], onlyD2i: [] };
    rows.set(rule, r);
  }
  return r;
};
for (const rule of CIN_RULES_2025_26) row(rule.code);

const d2iRuleErrors = new Map<string, Set<string>>();
for (const result of results) {
  if (result.d2i === undefined) continue;
  for (const message of result.d2iRuleErrors) {
    const [rule = '', ...rest] = message.split(': ');
    const set = d2iRuleErrors.get(rule) ?? new Set<string>();
    set.add(`${basename(result.file)}: ${rest.join(': ')}`);
    d2iRuleErrors.set(rule, set);
  }
  const key = (p: Pair) => `${p.rule}\u0000${p.child}`;
  const havenKeys = new Set(result.haven.map(key));
  const d2iKeys = new Set(result.d2i.map(key));
  const name = basename(result.file);
  for (const k of havenKeys) {
    const [rule = '', child = ''] = k.split('\u0000');
    const r = row(rule);
    r.haven += 1;
    if (d2iKeys.has(k)) r.both += 1;
    else r.onlyHaven.push(`${name}:${child || '(return)'}`);
  }
  for (const k of d2iKeys) {
    const [rule = '', child = ''] = k.split('\u0000');
    const r = row(rule);
    r.d2i += 1;
    if (!havenKeys.has(k)) r.onlyD2i.push(`${name}:${child || '(return)'}`);
  }
}

const sorted = [...rows.values()].sort((a, b) => a.rule.localeCompare(b.rule, 'en', { numeric: true }));
const pad = (value: string | number, width: number) => String(value).padStart(width);
console.log(`\n${'rule'.padEnd(7)}${pad('haven', 8)}${pad('d2i', 8)}${pad('both', 8)}${pad('only H', 8)}${pad('only d2i', 9)}  d2i rule errors`);
let totals = { haven: 0, d2i: 0, both: 0 };
for (const r of sorted) {
  totals = { haven: totals.haven + r.haven, d2i: totals.d2i + r.d2i, both: totals.both + r.both };
  const errors = d2iRuleErrors.has(r.rule) ? `${d2iRuleErrors.get(r.rule)?.size} file(s)` : '';
  const mark = r.onlyHaven.length + r.onlyD2i.length > 0 ? ' *' : '';
  console.log(`${(r.rule + mark).padEnd(7)}${pad(r.haven, 8)}${pad(r.d2i, 8)}${pad(r.both, 8)}${pad(r.onlyHaven.length, 8)}${pad(r.onlyD2i.length, 9)}  ${errors}`);
}
const union = totals.haven + totals.d2i - totals.both;
console.log(`${'total'.padEnd(7)}${pad(totals.haven, 8)}${pad(totals.d2i, 8)}${pad(totals.both, 8)}${pad(totals.haven - totals.both, 8)}${pad(totals.d2i - totals.both, 9)}`);
console.log(`\nAgreement: ${totals.both} of ${union} (rule, child) pairs found by either (${union === 0 ? 100 : ((100 * totals.both) / union).toFixed(2)}%)`);
const full = sorted.filter((r) => r.onlyHaven.length === 0 && r.onlyD2i.length === 0);
console.log(`Rules in full agreement: ${full.length} of ${sorted.length} (${full.filter((r) => r.both > 0).length} of them with findings)`);
const comparable = sorted.filter((r) => KNOWN_DIFFERENCES[r.rule] === undefined);
const cBoth = comparable.reduce((n, r) => n + r.both, 0);
const cUnion = comparable.reduce((n, r) => n + r.haven + r.d2i - r.both, 0);
console.log(
  `Excluding the ${sorted.length - comparable.length} rules with known differences: ${cBoth} of ${cUnion} pairs agree ` +
    `(${cUnion === 0 ? 100 : ((100 * cBoth) / cUnion).toFixed(2)}%), ${comparable.filter((r) => r.onlyHaven.length + r.onlyD2i.length === 0).length} of ${comparable.length} rules in full agreement`,
);

const differing = sorted.filter((r) => r.onlyHaven.length > 0 || r.onlyD2i.length > 0);
if (differing.length > 0) console.log('\nRules that differ:');
for (const r of differing) {
  const known = KNOWN_DIFFERENCES[r.rule];
  console.log(`  ${r.rule}: only Haven ${r.onlyHaven.length} [${r.onlyHaven.slice(0, examples).join(', ')}]; only d2i ${r.onlyD2i.length} [${r.onlyD2i.slice(0, examples).join(', ')}]`);
  if (known !== undefined) console.log(`      known: ${known}`);
}
if (d2iRuleErrors.size > 0) {
  console.log('\nRules the Python validator raised an error on (it reports nothing for them in that file):');
  for (const [rule, messages] of d2iRuleErrors) console.log(`  ${rule}: ${[...messages].slice(0, 2).join(' | ')}`);
}
const failures = results.filter((r) => r.d2i === undefined);
for (const failure of failures) console.log(`\nd2i failed on ${basename(failure.file)}: ${failure.d2iFailure}`);

if (jsonOut !== undefined) {
  writeFileSync(jsonOut, JSON.stringify({ files: results.map(({ file, d2iFailure, d2iRuleErrors: errs }) => ({ file, d2iFailure, d2iRuleErrors: errs })), rules: sorted }, null, 1));
}
