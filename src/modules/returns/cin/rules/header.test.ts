import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brokenRules, buildChild, buildHeader } from '../test-factories.ts';

describe('CIN rules: header', () => {
  it('100 finds a reference date that is not 31 March of the year', () => {
    assert.ok(brokenRules([buildChild()], buildHeader({ referenceDate: '2026-03-30' })).has('100'));
    assert.ok(brokenRules([buildChild()], buildHeader({ year: '2025' })).has('100'));
    assert.ok(brokenRules([buildChild()], buildHeader({ referenceDate: undefined })).has('100'));
    assert.ok(brokenRules([buildChild()], buildHeader({ year: '26' })).has('100'));
  });
  it('100 allows 2026-03-31 for 2026', () => {
    assert.equal(brokenRules([buildChild()], buildHeader()).has('100'), false);
  });
});
