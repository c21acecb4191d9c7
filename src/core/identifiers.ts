/**
 * Checks on the identifiers children carry: the NHS number (modulus 11) and the Unique Pupil
 * Number (the DfE's check letter). Used when a record is saved and by the search box to tell an
 * identifier from a name.
 */

/** NHS number: ten digits, the last a modulus-11 check digit over the first nine (weights 10..2). */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/\s/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

// The DfE's letter table for UPN check letters and temporary-UPN letters (no I, O, S).
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The check letter the DfE formula gives for the 12 characters after it. */
export function upnCheckLetter(rest: string): string | undefined {
  if (!/^\d{11}[0-9A-HJ-NP-RT-Z]$/.test(rest)) return undefined;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = rest[i]!;
    const value = /\d/.test(ch) ? Number(ch) : UPN_LETTERS.indexOf(ch);
    sum += value * (i + 2);
  }
  return UPN_LETTERS[sum % 23];
}

/** UPN: a check letter, then 11 digits and a digit or (temporary UPN) a letter. */
export function isValidUpn(value: string): boolean {
  const upn = value.trim().toUpperCase();
  return upn.length === 13 && upnCheckLetter(upn.slice(1)) === upn[0];
}

/** A UK postcode, loosely: outward code, a space or none, inward code. */
export function normalisePostcode(value: string): string | undefined {
  const compact = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
