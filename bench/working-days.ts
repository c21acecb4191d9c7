/**
 * Micro-benchmark: 1,000,000 workingDaysBetween calls over a fixed set of date pairs spread across
 * the calendar's range, as KPI code makes them (two 'YYYY-MM-DD' strings per call).
 *
 *   npx tsx bench/working-days.ts
 */
import { performance } from 'node:perf_hooks';
import { calendarRange, workingDaysBetween } from '../src/core/calendar/index.ts';
import { addDays, toDayNumber } from '../src/core/dates.ts';

const CALLS = 1_000_000;
const PAIRS = 4096;

// A fixed linear congruential sequence, so every run times the same pairs.
let seed = 2025;
function nextInt(below: number): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % below;
}

const { first, last } = calendarRange();
const span = toDayNumber(last) - toDayNumber(first) + 1;
const starts: string[] = [];
const ends: string[] = [];
for (let i = 0; i < PAIRS; i += 1) {
  const start = addDays(first, nextInt(span));
  starts.push(start);
  // Mostly short intervals (assessments, ICPCs), some reversed or long; never past the range.
  ends.push(addDays(first, Math.min(span - 1, toDayNumber(start) - toDayNumber(first) + nextInt(120) - 10)));
}

function run(calls: number): number {
  let total = 0;
  for (let i = 0; i < calls; i += 1) {
    const index = i % PAIRS;
    total += workingDaysBetween(starts[index] ?? first, ends[index] ?? first);
  }
  return total;
}

run(100_000); // warm up the JIT
const began = performance.now();
const checksum = run(CALLS);
const seconds = (performance.now() - began) / 1000;
console.log(
  `${CALLS.toLocaleString('en-GB')} workingDaysBetween calls in ${(seconds * 1000).toFixed(1)} ms: ` +
    `${Math.round(CALLS / seconds).toLocaleString('en-GB')} calls per second (checksum ${checksum})`,
);
