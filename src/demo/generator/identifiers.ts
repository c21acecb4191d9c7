/**
 * Identifiers for fictional children that pass the statutory checks yet cannot belong to anyone:
 *
 * - UPN (unique pupil number, DfE): a check letter, the 3-digit LA code, a 4-digit establishment
 *   number, 2 digits for the year allocated and a 3-digit serial. The check letter is the sum of
 *   characters 2-13 times their position (2..13), modulo 23, read in "ABCDEFGHJKLMNPQRTUVWXYZ"
 *   (CIN census rule 1510; SSDA903 rule 168 for the shape).
 * - NHS number: ten digits, the last a modulus 11 check digit over the first nine weighted 10..2; a
 *   check of 10 means the number is not valid and is never issued. Haven's demonstration numbers all
 *   start with 9: NHS numbers issued in England and Wales start 4 or 6-7, so these match no one.
 *
 * Both are built from a child's sequence number through a bijection, so two children never share one.
 */

export const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The check letter of a permanent UPN whose characters 2-13 are the 12 digits `body`. */
export function upnCheckLetter(body: string): string {
  if (!/^\d{12}$/.test(body)) throw new Error(`Not the 12 digits of a permanent UPN: ${body}`);
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += (body.charCodeAt(i) - 48) * (i + 2);
  return UPN_CHECK_LETTERS.charAt(sum % 23);
}

/** True when `upn` is a permanent UPN (a check letter and 12 digits) with the right check letter. */
export function isValidUpn(upn: string): boolean {
  if (!/^[A-HJ-NP-RT-Z]\d{12}$/.test(upn)) return false;
  return upnCheckLetter(upn.slice(1)) === upn.charAt(0);
}

/** `n` mapped one-to-one onto 0..modulus-1 (an affine map with a multiplier coprime to the modulus). */
function scramble(n: number, modulus: number, multiplier: number, offset: number): number {
  return Number((BigInt(n) * BigInt(multiplier) + BigInt(offset)) % BigInt(modulus));
}

const SERIALS = 10_000_000;

/**
 * The UPN of child number `n` (0 <= n < 10,000,000), allocated by `laCode` in the school year
 * starting in `yearAllocated`. Distinct `n` give distinct establishment-and-serial digits, so UPNs
 * are unique whatever the LA code and year.
 */
export function makeUpn(n: number, laCode: string, yearAllocated: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= SERIALS) throw new RangeError(`A UPN serial must be 0-${SERIALS - 1}: ${n}`);
  if (!/^\d{3}$/.test(laCode)) throw new Error(`Not a three-digit LA code: ${laCode}`);
  const digits = String(scramble(n, SERIALS, 7_654_321, 1_234_567)).padStart(7, '0');
  const body = `${laCode}${digits.slice(0, 4)}${String(yearAllocated % 100).padStart(2, '0')}${digits.slice(4)}`;
  return upnCheckLetter(body) + body;
}

/** The modulus 11 check digit of the first nine digits of an NHS number, or null when none is valid. */
export function nhsCheckDigit(nine: string): number | null {
  if (!/^\d{9}$/.test(nine)) throw new Error(`Not nine digits: ${nine}`);
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += (nine.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/** True when `value` is ten digits with a valid modulus 11 check digit. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return nhsCheckDigit(value.slice(0, 9)) === value.charCodeAt(9) - 48;
}

/**
 * The NHS number of child number `n` (0 <= n < 10,000,000): '9', a second digit, seven digits
 * scrambled from `n`, and the check digit. The second digit is the first of 9, 8, ... 0 that gives
 * a valid check digit; the seven digits alone already differ between children.
 */
export function makeNhsNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= SERIALS) throw new RangeError(`An NHS serial must be 0-${SERIALS - 1}: ${n}`);
  const digits = String(scramble(n, SERIALS, 3_141_593, 2_718_281)).padStart(7, '0');
  for (let second = 9; second >= 0; second -= 1) {
    const nine = `9${second}${digits}`;
    const check = nhsCheckDigit(nine);
    if (check !== null) return nine + String(check);
  }
  // Unreachable: the ten choices of the second digit give ten different sums modulo 11.
  throw new Error(`No valid NHS number for ${n}`);
}
