// Rounding against kpi-definitions.md (Conventions: half away from zero to 1 decimal place; null on
// a zero denominator; rates per 10,000) and the worked example 187 / 60,877 -> 30.7.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentage, ratePer10000, roundHalfAwayFromZero } from './rounding.ts';

test('roundHalfAwayFromZero rounds the decimal the caller meant, not its binary neighbour', () => {
  assert.equal(roundHalfAwayFromZero((100 * 1) / 8), 12.5);
  assert.equal(roundHalfAwayFromZero(0.05), 0.1);
  assert.equal(roundHalfAwayFromZero(0.15), 0.2); // 0.15 is stored as 0.1499999...
  assert.equal(roundHalfAwayFromZero(2.675, 2), 2.68); // Math.round(267.49999...) would give 2.67
  assert.equal(roundHalfAwayFromZero(1.005, 2), 1.01);
  assert.equal(roundHalfAwayFromZero((100 * 29) / 200, 0), 15); // the arithmetic gives 14.499999999999998
  assert.equal(roundHalfAwayFromZero(0.1 + 0.2), 0.3);
  assert.equal(roundHalfAwayFromZero(1234.5678, 2), 1234.57);
  assert.equal(roundHalfAwayFromZero(66.66666666666667), 66.7);
  assert.equal(roundHalfAwayFromZero(12.34, 0), 12);
});

test('roundHalfAwayFromZero: halves go away from zero on both sides, and no negative zero', () => {
  assert.equal(roundHalfAwayFromZero(2.5, 0), 3);
  assert.equal(roundHalfAwayFromZero(-2.5, 0), -3);
  assert.equal(roundHalfAwayFromZero(-0.05), -0.1);
  assert.equal(roundHalfAwayFromZero(-0.25), -0.3);
  assert.ok(Object.is(roundHalfAwayFromZero(-0.04), 0));
  assert.ok(Object.is(roundHalfAwayFromZero(-0), 0));
});

test('roundHalfAwayFromZero leaves numbers with no more places than asked, tiny and huge ones', () => {
  assert.equal(roundHalfAwayFromZero(5), 5);
  assert.equal(roundHalfAwayFromZero(30.7), 30.7);
  assert.equal(roundHalfAwayFromZero(1e21), 1e21);
  assert.equal(roundHalfAwayFromZero(1e-7), 0);
  assert.equal(roundHalfAwayFromZero(123456789.25), 123456789.3);
});

test('roundHalfAwayFromZero refuses what it cannot round', () => {
  assert.throws(() => roundHalfAwayFromZero(Number.NaN), RangeError);
  assert.throws(() => roundHalfAwayFromZero(Number.POSITIVE_INFINITY), RangeError);
  assert.throws(() => roundHalfAwayFromZero(1.25, -1), RangeError);
  assert.throws(() => roundHalfAwayFromZero(1.25, 1.5), RangeError);
  assert.throws(() => roundHalfAwayFromZero(1.25, 16), RangeError);
});

test('percentage: 100 * numerator / denominator to 1 place; null when the denominator is 0', () => {
  assert.equal(percentage(1, 8), 12.5);
  assert.equal(percentage(2, 3), 66.7);
  assert.equal(percentage(1, 3), 33.3);
  assert.equal(percentage(1, 16), 6.3); // 6.25
  assert.equal(percentage(3, 16), 18.8); // 18.75
  assert.equal(percentage(29, 200), 14.5);
  assert.equal(percentage(0, 5), 0);
  assert.equal(percentage(7, 7), 100);
  assert.equal(percentage(0, 0), null);
  assert.equal(percentage(5, 0), null);
});

test('percentage and rate refuse counts that are not whole and non-negative', () => {
  assert.throws(() => percentage(1.5, 8), RangeError);
  assert.throws(() => percentage(-1, 8), RangeError);
  assert.throws(() => ratePer10000(1, Number.NaN), RangeError);
});

test('worked example: 187 plans with a population of 60,877 is a rate of 30.7 per 10,000', () => {
  assert.equal(ratePer10000(187, 60877), 30.7);
});

test('ratePer10000 rounds half away from zero and is null for no population', () => {
  assert.equal(ratePer10000(1, 200000), 0.1); // 0.05
  assert.equal(ratePer10000(0, 60877), 0);
  assert.equal(ratePer10000(3, 0), null);
});
