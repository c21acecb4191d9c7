/**
 * Writes bank-holidays-england-wales.json, Haven's own copy of the England and Wales bank holidays
 * (kpi-definitions.md, Conventions: ship the calendar data and extend it; never fetch it at run time).
 *
 * The shared reference list (2015-2027) is taken as it is, one-off holidays included; each later year
 * up to LAST_YEAR comes from the regular rules in rules.ts. Run it again, and commit the JSON, when
 * the reference list grows or LAST_YEAR moves on. No one-off holiday after the reference's years
 * was known when this was written; when one is proclaimed, the rules cannot know it, so this script
 * needs a list of such dates (and of any regular date one moves) before it is run again.
 *
 *   npx tsx src/core/calendar/generate-bank-holidays.ts [path/to/reference.json]
 *
 * It prints where the rules and the reference disagree, so a reviewer sees every one-off date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { differencesFromRules, extendReferenceList } from './rules.ts';

/** The last year the shipped calendar covers; the calendar's range ends on 31 December of it. */
const LAST_YEAR = 2035;

const DEFAULT_REFERENCE = new URL('../../../../shared/reference/bank-holidays-england-wales.json', import.meta.url);
const OUTPUT = new URL('./bank-holidays-england-wales.json', import.meta.url);

function readReference(path: string | URL): string[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((entry): entry is string => typeof entry === 'string')) {
    throw new Error(`${String(path)} is not a JSON array of 'YYYY-MM-DD' strings`);
  }
  return parsed;
}

const referencePath = process.argv[2] ?? DEFAULT_REFERENCE;
const reference = readReference(referencePath);
const { onlyInReference, onlyInRules } = differencesFromRules(reference);
const holidays = extendReferenceList(reference, LAST_YEAR);

// One date a line keeps the committed file's diffs readable when a year is added.
writeFileSync(OUTPUT, `[\n${holidays.map((date) => `  ${JSON.stringify(date)}`).join(',\n')}\n]\n`);
// A script's report, not a log line: src/ keeps console for errors only (eslint.config.js).
process.stdout.write(
  `Wrote ${holidays.length} dates (${holidays[0]} .. ${holidays[holidays.length - 1]}) to ${fileURLToPath(OUTPUT)}\n` +
    `One-off dates the reference has beyond the regular rules: ${onlyInReference.join(', ') || 'none'}\n` +
    `Regular dates the reference moved or dropped: ${onlyInRules.join(', ') || 'none'}\n`,
);
