/**
 * Rounding for every figure Haven prints (kpi-definitions.md, Conventions): percentages and rates
 * per 10,000 are rounded half away from zero to 1 decimal place, once, at output.
 *
 * The contract means decimal rounding: 2.675 to 2 places is 2.68, although the nearest binary double
 * to 2.675 is a little below it and `Math.round(2.675 * 100) / 100` gives 2.67. So numbers are
 * rounded on their decimal digits, never by scaling a double.
 */

/** Most decimal places a caller may ask for; a double carries about 15-17 significant digits. */
const MAX_DECIMALS = 15;

/**
 * Significant digits kept before rounding. Binary error from arithmetic such as
 * `100 * 29 / 200` (14.499999999999998) sits in the 16th-17th digit; reading the number at 15
 * digits recovers the decimal the arithmetic meant (14.5), so the half-way case rounds as the
 * contract says.
 */
const SIGNIFICANT_DIGITS = 15;

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
    throw new RangeError(`Decimal places must be a whole number from 0 to ${MAX_DECIMALS}: ${decimals}`);
  }
}

/** `sign * units / 10^decimals` as the double nearest that decimal, with no negative zero. */
function fromScaled(negative: boolean, units: bigint, decimals: number): number {
  if (units === 0n) return 0;
  return Number(`${negative ? '-' : ''}${units}e-${decimals}`);
}

/** `units` rounded half away from zero after dividing by `divisor` (both non-negative). */
function divideRoundingHalfUp(units: bigint, divisor: bigint): bigint {
  const quotient = units / divisor;
  return 2n * (units % divisor) >= divisor ? quotient + 1n : quotient;
}

/**
 * `x` rounded half away from zero to `decimals` places, as decimal arithmetic would: 12.5 -> 12.5,
 * 0.05 -> 0.1, 2.675 (2 places) -> 2.68, -0.25 -> -0.3.
 * @throws RangeError when `x` is not finite or `decimals` is not a whole number from 0 to 15.
 */
export function roundHalfAwayFromZero(x: number, decimals = 1): number {
  checkDecimals(decimals);
  if (!Number.isFinite(x)) throw new RangeError(`Cannot round a number that is not finite: ${x}`);
  const match = DECIMAL.exec(Math.abs(x).toPrecision(SIGNIFICANT_DIGITS));
  if (!match) throw new RangeError(`Cannot read the decimal digits of ${x}`);
  const fraction = match[2] ?? '';
  const digits = BigInt(`${match[1]}${fraction}`);
  // The number is digits * 10^exponent; rounding keeps `decimals` places after the point.
  const exponent = Number(match[3] ?? '0') - fraction.length;
  const dropped = -(exponent + decimals);
  if (dropped <= 0) return x === 0 ? 0 : x; // already has no more places than asked for
  return fromScaled(x < 0, divideRoundingHalfUp(digits, 10n ** BigInt(dropped)), decimals);
}

/**
 * `scale * numerator / denominator` rounded half away from zero to 1 place, computed exactly on
 * integers so no binary error can move a half-way case.
 */
function roundedRatio(scale: bigint, numerator: number, denominator: number, what: string): number | null {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator < 0) {
    throw new RangeError(`A ${what} needs whole, non-negative counts: ${numerator} / ${denominator}`);
  }
  if (denominator === 0) return null;
  const tenths = divideRoundingHalfUp(scale * 10n * BigInt(numerator), BigInt(denominator));
  return fromScaled(false, tenths, 1);
}

/**
 * A percentage per the contract: `100 * numerator / denominator` rounded half away from zero to
 * 1 decimal place; `null` when the denominator is 0 (kpi-definitions.md, Conventions). 1 of 8 is
 * 12.5.
 * @throws RangeError when either count is not a whole, non-negative number.
 */
export function percentage(numerator: number, denominator: number): number | null {
  return roundedRatio(100n, numerator, denominator, 'percentage');
}

/**
 * A rate per 10,000 children aged 0-17 (kpi-definitions.md, Conventions): `10000 * count /
 * population`, rounded like a percentage; `null` when the population is 0. 187 plans in a
 * population of 60,877 is 30.7.
 * @throws RangeError when either count is not a whole, non-negative number.
 */
export function ratePer10000(count: number, population: number): number | null {
  return roundedRatio(10000n, count, population, 'rate per 10,000');
}
