import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  ASSESSMENT_FACTOR_CODES,
  CATEGORY_OF_ABUSE_CODES,
  DISABILITY_CODES,
  ETHNICITY_CODES,
  PRIMARY_NEED_CODES,
  REASON_FOR_CLOSURE_CODES,
  REFERRAL_SOURCE_CODES,
  SEX_CODES,
  UPN_LA_CODES,
  UPN_UNKNOWN_CODES,
} from './codes.ts';

// The shared reference code set sits beside the repository (as in CI); skip when it is not there.
const reference = new URL('../../../../../shared/reference/cin-census-codes.json', import.meta.url);

describe('CIN census code sets', () => {
  it('match the DfE code set in shared/reference', { skip: !existsSync(reference) && 'shared/reference is not beside the repository' }, () => {
    const codes = JSON.parse(readFileSync(reference, 'utf8')) as Record<string, [string, string][]>;
    const of = (name: string) => new Set((codes[name] ?? []).map(([code]) => code));
    assert.deepEqual(SEX_CODES, of('sextype'));
    assert.deepEqual(ETHNICITY_CODES, of('ethnicitytype'));
    assert.deepEqual(DISABILITY_CODES, of('disabilitytype'));
    assert.deepEqual(REFERRAL_SOURCE_CODES, of('referralsourcetype'));
    assert.deepEqual(CATEGORY_OF_ABUSE_CODES, of('categoryofabusetype'));
    assert.deepEqual(PRIMARY_NEED_CODES, of('primaryneedcodetype'));
    assert.deepEqual(REASON_FOR_CLOSURE_CODES, of('reasonforclosuretype'));
    assert.deepEqual(ASSESSMENT_FACTOR_CODES, of('assessmentfactorstype'));
    assert.deepEqual(UPN_UNKNOWN_CODES, of('unknownupntype'));
  });

  it('know the LA codes a UPN may carry, pseudo LAs 942 and 943 included (2023-24)', () => {
    for (const code of ['001', '005', '201', '213', '420', '838', '839', '896', '942', '943']) assert.ok(UPN_LA_CODES.has(code), code);
    for (const code of ['000', '006', '214', '400', '804', '944', '999']) assert.equal(UPN_LA_CODES.has(code), false, code);
  });
});
