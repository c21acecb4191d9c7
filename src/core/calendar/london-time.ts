/**
 * Wall-clock time in England and Wales (Europe/London: GMT in winter, BST = GMT+1 from the last
 * Sunday of March to the last Sunday of October), read from the platform's time-zone database
 * through Intl, so the process's own TZ setting never matters.
 */
import { dayNumberOf, fromDayNumber, parseIsoDate } from '../dates.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A London wall-clock reading: the calendar date and the milliseconds since its local midnight. */
export type LondonWallClock = { date: string; msOfDay: number };

/** Milliseconds since 1970-01-01T00:00 of the London wall-clock reading at `instantMs`. */
function londonWallClockMs(instantMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of LONDON.formatToParts(instantMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = parts;
  const millisecond = ((instantMs % 1000) + 1000) % 1000; // Intl reads whole seconds only
  return dayNumberOf(year, month, day) * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000 + millisecond;
}

/**
 * The London date and time of day at an instant.
 * @throws Error when the instant is not a valid time.
 */
export function londonWallClock(instant: Date | number): LondonWallClock {
  const instantMs = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(instantMs)) throw new Error('Not a valid time: cannot read its date in Europe/London');
  const wallMs = londonWallClockMs(instantMs);
  const dayNumber = Math.floor(wallMs / DAY_MS);
  return { date: fromDayNumber(dayNumber), msOfDay: wallMs - dayNumber * DAY_MS };
}

/**
 * The date in England and Wales at an instant: what a statutory date recorded from a timestamp
 * must be (a contact at 23:30 UTC on 31 July is dated 1 August, in BST).
 * @throws Error when the instant is not a valid time.
 */
export function londonDateOf(instant: Date): string {
  return londonWallClock(instant).date;
}

/**
 * The instant (milliseconds since the epoch) at which London clocks show `hour`:00 on `date`;
 * `hour` may be 24 for the end of the day. A wall time the spring change skips (01:00-02:00) maps
 * to the instant an hour later on the clock; one the autumn change repeats maps to its second, GMT,
 * occurrence. Office hours are never near either change, which happens at 01:00 GMT on a Sunday.
 */
export function londonInstant(date: string, hour: number): number {
  const { year, month, day } = parseIsoDate(date);
  const wallMs = dayNumberOf(year, month, day) * DAY_MS + hour * HOUR_MS;
  // London's offset from UTC is 0 or +1 hour. Guess with the offset at the wall time read as UTC,
  // then correct once if the guess landed on the other side of a clock change.
  const firstOffset = londonWallClockMs(wallMs) - wallMs;
  const guess = wallMs - firstOffset;
  const secondOffset = londonWallClockMs(guess) - guess;
  return secondOffset === firstOffset ? guess : wallMs - secondOffset;
}
