/**
 * Small predicates the rules share. Dates are ISO strings, which order correctly as strings; an
 * absent date makes every comparison false, as a missing value does in the rule specifications
 * ("if present ...").
 */
import { toDayNumber } from '../../../../core/dates.ts';
import type { ChildProtectionPlan, CinChild, CinPlanDates } from '../model.ts';

type MaybeDate = string | undefined;

export function isBefore(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && b !== undefined && a < b;
}
export function isOnOrBefore(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && b !== undefined && a <= b;
}
export function isAfter(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && b !== undefined && a > b;
}
export function isOnOrAfter(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && b !== undefined && a >= b;
}
export function isSameDay(a: MaybeDate, b: MaybeDate): boolean {
  return a !== undefined && a === b;
}

/** `a` is more than `days` days before `b` (both present). */
export function isMoreThanDaysBefore(a: MaybeDate, b: MaybeDate, days: number): boolean {
  return a !== undefined && b !== undefined && a < b && toDayNumber(b) - toDayNumber(a) > days;
}

/** On or between `start` and `end`; false when any of the three is unknown. */
export function isWithin(date: MaybeDate, start: MaybeDate, end: MaybeDate): boolean {
  return isOnOrAfter(date, start) && isOnOrBefore(date, end);
}

/** Before `start` or after `end`: a present date known to be outside the period. */
export function isOutside(date: MaybeDate, start: MaybeDate, end: MaybeDate): boolean {
  return isBefore(date, start) || isAfter(date, end);
}

/**
 * Yes/no flags are compared as written, rule by rule, as the reference validator does: the
 * schema's codes are "0" and "1", and most rules also take "false" and "true".
 */
export function isNoFlag(value: string | undefined): boolean {
  return value === '0' || value === 'false';
}
export function isYesFlag(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}
/** As {@link isNoFlag}, but "False" and "FALSE" count too. */
export function isNoFlagAnyCase(value: string | undefined): boolean {
  return value !== undefined && isNoFlag(value.toLowerCase());
}
export function isYesFlagAnyCase(value: string | undefined): boolean {
  return value !== undefined && isYesFlag(value.toLowerCase());
}

/** Length in Unicode code points, as the rule list counts characters. */
export function characterLength(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) length -= 1;
  }
  return length;
}

/** All characters decimal digits (and at least one). */
export function isAllDigits(value: string): boolean {
  return /^\p{Nd}+$/u.test(value);
}

/** All characters letters or digits (and at least one). */
export function isAlphanumeric(value: string): boolean {
  return /^[\p{L}\p{N}]+$/u.test(value);
}

/** A single letter. */
export function isLetter(value: string): boolean {
  return /^\p{L}$/u.test(value);
}

/** True when some pair of distinct items (a, b) satisfies `test(a, b)`, in both orders. */
export function someOrderedPair<T>(items: readonly T[], test: (a: T, b: T) => boolean): boolean {
  for (let i = 0; i < items.length; i += 1) {
    for (let j = 0; j < items.length; j += 1) {
      if (i !== j && test(items[i] as T, items[j] as T)) return true;
    }
  }
  return false;
}

/** How many of `items` pass `test`. */
export function countWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  let count = 0;
  for (const item of items) if (test(item)) count += 1;
  return count;
}

/** True when a present value appears more than once. */
export function hasRepeats(values: readonly (string | undefined)[]): boolean {
  for (let i = 1; i < values.length; i += 1) {
    const value = values[i];
    if (value !== undefined && values.indexOf(value) < i) return true;
  }
  return false;
}

const NO_PLANS: readonly never[] = [];

/** All the child's protection plans, across episodes (no copy for the usual one episode). */
export function protectionPlansOf(child: CinChild): readonly ChildProtectionPlan[] {
  const episodes = child.cinDetails;
  if (episodes.length <= 1) return episodes[0]?.childProtectionPlans ?? NO_PLANS;
  return episodes.flatMap((episode) => episode.childProtectionPlans);
}

/** All the child's CIN plans, across episodes (no copy for the usual one episode). */
export function cinPlansOf(child: CinChild): readonly CinPlanDates[] {
  const episodes = child.cinDetails;
  if (episodes.length <= 1) return episodes[0]?.cinPlanDates ?? NO_PLANS;
  return episodes.flatMap((episode) => episode.cinPlanDates);
}
