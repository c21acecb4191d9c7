/**
 * Turning Annex A cells into Haven's typed values. Councils fill Annex A by hand or from their case
 * systems, so the same fact arrives in several spellings: dates as Excel dates, dd/mm/yyyy or
 * yyyy-mm-dd; codes with Ofsted's ordering prefix ("a) WBRI", "q) 6: Police"); yes/no as Yes, Y,
 * true or 1. Each parser returns null for an empty cell and throws a `Refusal` (what was expected)
 * for a value it cannot read, which the importer turns into a located error.
 */
import { CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY, CARE_LEAVER_IN_TOUCH, CIN_CODES, LEGAL_STATUS, type CodeList } from '../../../core/codes/index.ts';
import type { CellValue } from './read.ts';

export class Refusal extends Error {}

const text = (v: CellValue): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function isoDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d || y < 1900 || y > 2100) return null;
  return t.toISOString().slice(0, 10);
}

/** A date as 'YYYY-MM-DD' (never a JS Date that a time zone could shift). */
export function parseDate(v: CellValue): string | null {
  if (v === null) return null;
  if (v instanceof Date) {
    // exceljs reads a date cell as midnight UTC of that day.
    const result = isoDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
    if (result) return result;
  } else if (typeof v === 'number') {
    if (Number.isInteger(v) && v > 0 && v < 100_000) return new Date(EXCEL_EPOCH + v * 86_400_000).toISOString().slice(0, 10);
  } else {
    let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
    if (m) {
      const result = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
      if (result) return result;
    }
    m = /^(\d{4})-(\d{2})-(\d{2})(T00:00:00(\.000)?Z?)?$/.exec(v);
    if (m) {
      const result = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if (result) return result;
    }
  }
  throw new Refusal('a real date (dd/mm/yyyy)');
}

/** Strips Ofsted's ordering prefix ("a) ", "q) ") and any description after the code ("6: Police"). */
function codePart(v: string): string {
  return v.replace(/^[a-z]{1,2}\)\s*/i, '').split(/\s*[:\-–]\s+|\s*:\s*/)[0]!.trim().toUpperCase();
}

function inList(list: CodeList, expected: string): (v: CellValue) => string | null {
  const byCode = new Map(list.map(([code]) => [code.toUpperCase(), code]));
  const byDescription = new Map(list.map(([code, description]) => [description.toLowerCase(), code]));
  return (v) => {
    if (v === null) return null;
    const raw = text(v).trim();
    const code = byCode.get(codePart(raw)) ?? byDescription.get(raw.replace(/^[a-z]{1,2}\)\s*/i, '').toLowerCase());
    if (!code) throw new Refusal(expected);
    return code;
  };
}

export const parseReferralSource = inList(CIN_CODES.referralSource, 'a CIN census referral source code (1A .. 10)');
export const parsePrimaryNeed = inList(CIN_CODES.primaryNeed, 'a primary need code (N0 .. N9)');
export const parseCategoryOfAbuse = inList(CIN_CODES.categoryOfAbuse, 'a category of abuse (NEG, PHY, SAB, EMO or MUL)');
export const parseReasonForClosure = inList(CIN_CODES.reasonForClosure, 'a CIN reason for closure (RC1 .. RC9)');
export const parseEthnicity = inList(CIN_CODES.ethnicity, 'an ethnicity code of the CIN census (for example WBRI)');
export const parseLegalStatus = inList(LEGAL_STATUS, 'an SSDA903 legal status (for example C2)');

export const parseCareLeaverActivity = inList(CARE_LEAVER_ACTIVITY, 'an SSDA903 OC3 main activity (F1, P1, F2, P2, F4, P4, F5, P5, G4, G5 or G6)');
export const parseCareLeaverAccommodation = inList(CARE_LEAVER_ACCOMMODATION, 'an SSDA903 OC3 accommodation code with its suitability (for example Y1: other accommodation, suitable)');
const inTouchCode = inList(CARE_LEAVER_IN_TOUCH, 'whether the young person is in touch: Yes, No or an SSDA903 OC3 code (YES, NO, DIED, REFU, NREQ, RHOM)');

/** Whether a care leaver is in touch, as OC3's IN_TOUCH: Yes/Y and No/N, or the OC3 code or its description. */
export function parseInTouch(v: CellValue): string | null {
  if (v === null) return null;
  const s = text(v).replace(/^[a-z]{1,2}\)\s*/i, '').trim().toLowerCase();
  if (s === 'y' || s === 'yes' || s === 'true') return 'YES';
  if (s === 'n' || s === 'no' || s === 'false') return 'NO';
  return inTouchCode(v);
}

/** SSDA903 reasons an episode ceased: E and two digits (E4A, E4B), or X1. */
export function parseReasonCeased(v: CellValue): string | null {
  if (v === null) return null;
  const code = codePart(text(v));
  if (/^(E\d{1,2}|E4[AB]|E1[1-9]|X1)$/.test(code)) return code;
  throw new Refusal('an SSDA903 reason ceased to be looked after (for example E11)');
}

/** Male, female or unknown; Annex A writes "a) Male", "b) Female" and so on. */
export function parseGender(v: CellValue): 'M' | 'F' | 'U' | null {
  if (v === null) return null;
  const s = text(v).replace(/^[a-z]{1,2}\)\s*/i, '').trim().toLowerCase();
  if (s === 'm' || s === 'male' || s === '1') return 'M';
  if (s === 'f' || s === 'female' || s === '2') return 'F';
  if (['u', 'unknown', 'not known', 'not stated', 'indeterminate', 'unborn', 'neither', 'not recorded', '0', '9'].some((x) => s.startsWith(x))) return 'U';
  throw new Refusal('a gender (Male, Female or Unknown)');
}

/** Yes or no: Yes/No, Y/N, true/false, 1/0, with or without Ofsted's prefix. */
export function parseYesNo(v: CellValue): boolean | null {
  if (v === null) return null;
  const s = text(v).replace(/^[a-z]{1,2}\)\s*/i, '').trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(s)) return true;
  if (['no', 'n', 'false', '0'].includes(s)) return false;
  throw new Refusal('yes or no (Yes, No, Y, N, true, false, 1 or 0)');
}

export function parseCount(v: CellValue): number | null {
  if (v === null) return null;
  const s = text(v).trim();
  if (/^\d{1,4}$/.test(s)) return Number(s);
  throw new Refusal('a whole number');
}

/** The Child Unique ID: the LA child ID shared with the CIN census (LAchildID) and SSDA903 (CHILD). */
export function parseChildId(v: CellValue): string {
  if (v === null) throw new Refusal('a Child Unique ID (the LA child ID)');
  const s = text(v).trim();
  if (s.length > 20 || !/^[A-Za-z0-9/_-]+$/.test(s)) throw new Refusal('a Child Unique ID of up to 20 letters, digits, -, _ or /');
  return s;
}

export function parseText(v: CellValue, max = 200): string | null {
  if (v === null) return null;
  const s = text(v).trim();
  if (s.length > max) throw new Refusal(`text of at most ${max} characters`);
  return s;
}
