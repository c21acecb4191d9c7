/**
 * The CIN census code sets the validation rules check values against (the DfE's CIN census code
 * set, as in shared/reference/cin-census-codes.json; codes.test.ts keeps the two in step).
 */

export const SEX_CODES: ReadonlySet<string> = new Set(['M', 'F', 'U']);

export const ETHNICITY_CODES: ReadonlySet<string> = new Set([
  'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND',
  'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
]);

export const DISABILITY_CODES: ReadonlySet<string> = new Set([
  'NONE', 'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA',
]);

export const REFERRAL_SOURCE_CODES: ReadonlySet<string> = new Set([
  '1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F',
  '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10',
]);

export const CATEGORY_OF_ABUSE_CODES: ReadonlySet<string> = new Set(['NEG', 'PHY', 'SAB', 'EMO', 'MUL']);

export const PRIMARY_NEED_CODES: ReadonlySet<string> = new Set(['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']);

export const REASON_FOR_CLOSURE_CODES: ReadonlySet<string> = new Set(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']);

export const ASSESSMENT_FACTOR_CODES: ReadonlySet<string> = new Set([
  '1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C',
  '6A', '6B', '6C', '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A',
  '15A', '16A', '17A', '18A', '18B', '18C', '19A', '19B', '19C', '20', '21', '22A', '23A', '24A',
]);

export const UPN_UNKNOWN_CODES: ReadonlySet<string> = new Set(['UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7']);

/**
 * Characters 2-4 of a UPN: a post-April-1998 DfE LA number or a recognised "pseudo LA" (rule
 * 1530, 2023-24 version, which added 942 and 943).
 */
export const UPN_LA_CODES: ReadonlySet<string> = (() => {
  const ranges: [number, number][] = [
    [1, 5], [201, 213], [301, 320], [330, 336], [340, 344], [350, 359], [370, 373], [380, 384],
    [390, 394], [660, 681], [701, 708], [800, 803], [805, 808], [810, 813], [820, 823], [835, 839],
    [850, 852], [855, 857], [865, 896], [935, 938], [940, 941],
  ];
  const singles = [420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 942, 943];
  const codes = new Set<string>();
  for (const [from, to] of ranges) for (let n = from; n <= to; n += 1) codes.add(String(n).padStart(3, '0'));
  for (const n of singles) codes.add(String(n));
  return codes;
})();
