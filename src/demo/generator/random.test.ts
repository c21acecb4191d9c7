import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, Weighted, hashWords, sequentialUuid } from './random.ts';
import { addWorkdays, ageAt, birthday, day, iso, isWorkday, workdaysBetween } from './days.ts';
import { progressReporter } from './progress.ts';

test('the same seed gives the same stream on every machine (pinned values)', () => {
  // xoshiro128** seeded by SplitMix32 from 1: integer arithmetic only, so these never change.
  const random = new Random(1);
  assert.deepEqual([random.next(), random.next(), random.next(), random.next()], [2442144158, 3238099751, 3819917871, 2104621829]);
  const a = new Random(hashWords(7, 1, 42));
  const b = new Random(hashWords(7, 1, 42));
  const c = new Random(hashWords(7, 1, 43));
  const draws = (r: Random): number[] => Array.from({ length: 50 }, () => r.next());
  const first = draws(a);
  assert.deepEqual(draws(b), first);
  assert.notDeepEqual(draws(c), first);
});

test('draws stay in their ranges', () => {
  const random = new Random(99);
  for (let i = 0; i < 10_000; i += 1) {
    const f = random.float();
    assert.ok(f >= 0 && f < 1);
    const n = random.int(3, 7);
    assert.ok(Number.isInteger(n) && n >= 3 && n <= 7);
  }
  assert.equal(new Random(5).poisson(0), 0);
});

test('weighted choices follow their weights', () => {
  const random = new Random(2024);
  const table = new Weighted([['a', 1], ['b', 3], ['never', 0]] as const);
  const counts = { a: 0, b: 0, never: 0 };
  for (let i = 0; i < 20_000; i += 1) counts[table.pick(random)] += 1;
  assert.equal(counts.never, 0);
  assert.ok(Math.abs(counts.b / 20_000 - 0.75) < 0.02, `b drawn ${counts.b} times`);
  assert.throws(() => new Weighted([['x', 0]]));
});

test('identifiers are version 7 UUIDs that sort in the order they were made, and never repeat', () => {
  const ids = Array.from({ length: 100_000 }, (_, i) => sequentialUuid(12345, i + 1));
  for (const id of ids.slice(0, 100)) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
  assert.notEqual(sequentialUuid(1, 10), sequentialUuid(2, 10));
});

test('day numbers: working days from the kernel calendar, weekdays before it', () => {
  // kpi-definitions.md worked examples.
  assert.equal(workdaysBetween(day('2025-12-24'), day('2025-12-29')), 1);
  assert.equal(iso(addWorkdays(day('2026-04-02'), 1)), '2026-04-07');
  assert.equal(isWorkday(day('2022-09-19')), false);
  // 2010 is before the shipped bank holidays: Monday to Friday.
  assert.equal(iso(addWorkdays(day('2010-01-08'), 1)), '2010-01-11');
  assert.equal(workdaysBetween(day('2010-01-08'), day('2010-01-11')), 1);
  // 29 February turns 18 on 28 February, as the DfE validators read it.
  assert.equal(iso(birthday(day('2008-02-29'), 18)), '2026-02-28');
  assert.equal(ageAt(day('2010-06-01'), day('2010-01-01')), 0);
});

test('progress: one line per phase when not a terminal, a redrawn bar on one', () => {
  const written: string[] = [];
  const plain = progressReporter({ isTTY: false, write: (t) => written.push(t) });
  plain.update('Families', 0.1);
  plain.update('Families', 0.5);
  plain.update('Contacts', 0.9);
  plain.done();
  assert.deepEqual(written, ['Families…\n', 'Contacts…\n']);
  const drawn: string[] = [];
  const bar = progressReporter({ isTTY: true, columns: 80, write: (t) => drawn.push(t) });
  bar.update('Families', 0.42);
  bar.done();
  assert.match(drawn[0] ?? '', /^\r\[█+░+\] {2}42% {2}Families/);
  assert.equal(drawn[drawn.length - 1], '\n');
});
