/**
 * Test support for the SSDA903 rules: a factory for children in file form (dd/mm/yyyy dates,
 * codes) over a baseline child that passes the rules, and a table-driven runner asserting that
 * each rule flags its failing child and leaves its passing child alone.
 *
 * The baseline child (collection year 2025-26): a girl born 15/06/2012, looked after since
 * 15/01/2024 under a care order (C2) with a local-authority foster carer (U1, PR1), placed in her
 * own LA (Haringey, E09000014), still looked after at 31 March: header, one open episode, a review,
 * an OC2 row and an open social worker episode.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Ssda903Return, Ssda903Tables, TableName } from '../model.ts';
import { deriveUascStatus, rowFromCells } from '../read.ts';
import { validateSsda903Return } from '../validate.ts';
import type { PostcodeLookup } from '../postcodes.ts';
import type { ProviderInfo } from './engine.ts';

export type Cells = Record<string, string>;

/** A child in file form. Table rows are merged over the baseline row of their table (where there is one). */
export type ChildSpec = {
  id?: string;
  /** Cells over the baseline header; null for no header row. */
  header?: Cells | null;
  episodes?: Cells[];
  reviews?: Cells[];
  uasc?: Cells[];
  oc2?: Cells[];
  oc3?: Cells[];
  ad1?: Cells[];
  placedAdoption?: Cells[];
  prevPerm?: Cells[];
  missing?: Cells[];
  swEpisodes?: Cells[];
  /** Last year's rows (no baseline: given rows are used as they are, header included). */
  last?: Omit<ChildSpec, 'id' | 'last' | 'siblings'>;
  /** Other children in the same return (give the same id to add rows for this child again). */
  siblings?: ChildSpec[];
};

export const BASE_HEADER: Cells = { SEX: 'F', DOB: '15/06/2012', ETHNIC: 'WBRI', UPN: 'A123456789012', MOTHER: '0', MC_DOB: '' };
export const BASE_EPISODE: Cells = {
  DECOM: '15/01/2024',
  RNE: 'S',
  LS: 'C2',
  CIN: 'N1',
  PLACE: 'U1',
  PLACE_PROVIDER: 'PR1',
  DEC: '',
  REC: '',
  REASON_PLACE_CHANGE: '',
  HOME_POST: 'N17 6AA',
  PL_POST: 'N15 3AB',
  URN: '1234567',
};
export const BASE_REVIEW: Cells = { REVIEW: '01/06/2025', REVIEW_CODE: 'PN1' };
export const BASE_OC2: Cells = {
  SDQ_SCORE: '10',
  SDQ_REASON: '',
  CONVICTED: '0',
  HEALTH_CHECK: '',
  IMMUNISATIONS: '1',
  TEETH_CHECK: '1',
  HEALTH_ASSESSMENT: '1',
  SUBSTANCE_MISUSE: '0',
  INTERVENTION_RECEIVED: '',
  INTERVENTION_OFFERED: '',
};
export const BASE_SW: Cells = { SW_ID: 'SW1234', SW_DECOM: '15/01/2024', SW_DEC: '', SW_REASON: 'MANAGE' };

const BASES: Partial<Record<TableName, Cells>> = {
  episodes: BASE_EPISODE,
  reviews: BASE_REVIEW,
  oc2: BASE_OC2,
  swEpisodes: BASE_SW,
};

/** An episode: the baseline episode with some cells changed. */
export function ep(cells: Cells = {}): Cells {
  return { ...BASE_EPISODE, ...cells };
}

const TABLES_OF_SPEC: TableName[] = ['episodes', 'reviews', 'uasc', 'oc2', 'oc3', 'ad1', 'placedAdoption', 'prevPerm', 'missing', 'swEpisodes'];

function emptyTables(): Ssda903Tables {
  return { header: [], episodes: [], reviews: [], uasc: [], oc2: [], oc3: [], ad1: [], placedAdoption: [], prevPerm: [], missing: [], swEpisodes: [] };
}

function addRows(tables: Ssda903Tables, id: string, spec: Omit<ChildSpec, 'id' | 'last' | 'siblings'>, baseline: boolean): void {
  const header = spec.header === undefined ? (baseline ? {} : null) : spec.header;
  const dob = { ...(baseline ? BASE_HEADER : {}), ...(header ?? {}) }.DOB ?? BASE_HEADER.DOB ?? '';
  const push = (table: TableName, cells: Cells): void => {
    const rows = tables[table] as unknown[];
    rows.push(rowFromCells(table, { CHILD: id, DOB: dob, ...cells }, { line: rows.length + 2 }));
  };
  if (header !== null) push('header', { ...(baseline ? BASE_HEADER : {}), ...header });
  for (const table of TABLES_OF_SPEC) {
    const given = spec[table as keyof typeof spec] as Cells[] | undefined;
    const base = baseline ? BASES[table] : undefined;
    const rows = given ?? (base && baseline ? [{}] : []);
    for (const cells of rows) push(table, { ...(baseline ? (base ?? {}) : {}), ...cells });
  }
}

/** A return holding these children (this year's tables all present; last year's when any child has `last`). */
export function buildReturn(specs: ChildSpec[]): Ssda903Return {
  const current = emptyTables();
  let previous: Ssda903Tables | undefined;
  const children = specs.flatMap((spec) => [spec, ...(spec.siblings ?? [])]);
  children.forEach((spec, index) => {
    const id = spec.id ?? `C${index + 1}`;
    addRows(current, id, spec, true);
    if (spec.last) {
      previous ??= emptyTables();
      addRows(previous, id, spec.last, false);
    }
  });
  deriveUascStatus(current);
  if (previous) deriveUascStatus(previous);
  return previous ? { current, previous } : { current };
}

/** Postcodes the tests use: two in Haringey (the LA), one in Camden, one in Aberdeen, one off the grid. */
export const TEST_POSTCODES: PostcodeLookup = new Map([
  ['ZZ11ZZ', { easting: 0, northing: 9_000_000, laua: 'E09000007' }],
  ['N176AA', { easting: 533900, northing: 190000, laua: 'E09000014' }],
  ['N153AB', { easting: 532600, northing: 189000, laua: 'E09000014' }],
  ['NW10AA', { easting: 529000, northing: 183000, laua: 'E09000007' }],
  ['AB101AA', { easting: 394251, northing: 806376, laua: 'S12000033' }],
]);

/** The Ofsted provider of URN 1234567: foster care and children's homes, in Haringey. */
export const TEST_PROVIDERS: ReadonlyMap<string, ProviderInfo> = new Map([
  ['1234567', { urn: '1234567', placeCodes: ['U1', 'U2', 'K2'], providerCodes: ['PR1', 'PR4'], regEnd: null, postcode: 'N153AB', laCode: 'E09000014' }],
  ['7654321', { urn: '7654321', placeCodes: ['K2'], providerCodes: ['PR4'], regEnd: '2025-06-30', postcode: 'NW10AA', laCode: 'E09000007' }],
]);

/** The children a rule flags in a return of the given children (`adjust` may change the built return). */
export function flagged(code: string, children: ChildSpec[], adjust?: (ret: Ssda903Return) => void): Set<string> {
  const ret = buildReturn(children);
  adjust?.(ret);
  const result = validateSsda903Return(ret, {
    collectionYear: '2025-26',
    laGss: 'E09000014',
    postcodes: TEST_POSTCODES,
    providers: TEST_PROVIDERS,
    only: [code],
  });
  return new Set(result.issues.filter((issue) => issue.rule === code).map((issue) => issue.child));
}

/** One rule's case: a child it must flag and one it must not (each checked in a return of its own). */
export type RuleCase = { code: string; fails: ChildSpec; passes: ChildSpec; why?: string; adjust?: (ret: Ssda903Return) => void };

/** A case, written compactly: rule code, failing child, passing child (the baseline child by default). */
export function t(code: string, fails: ChildSpec, passes: ChildSpec = {}, why?: string): RuleCase {
  return why === undefined ? { code, fails, passes } : { code, fails, passes, why };
}

/** Registers one node:test test per case. */
export function ruleCases(group: string, cases: RuleCase[]): void {
  for (const kase of cases) {
    test(`${group} ${kase.code}${kase.why ? `: ${kase.why}` : ''}`, () => {
      assert.ok(flagged(kase.code, [{ ...kase.fails, id: 'FAILS' }], kase.adjust).has('FAILS'), `rule ${kase.code} should flag the failing child`);
      assert.ok(!flagged(kase.code, [{ ...kase.passes, id: 'PASSES' }], kase.adjust).has('PASSES'), `rule ${kase.code} should not flag the passing child`);
    });
  }
}
