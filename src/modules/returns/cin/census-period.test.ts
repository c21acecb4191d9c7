import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { censusContext, workingDaysBefore } from './census-period.ts';
import { newCinHeader, withDefaults } from './model.ts';

describe('CIN census period', () => {
  it('runs from the day after the reference date a year before, to the reference date', () => {
    const census = censusContext(withDefaults(newCinHeader(), { referenceDate: '2026-03-31' }));
    assert.equal(census.collectionStart, '2025-04-01');
    assert.equal(census.referenceDate, '2026-03-31');
    // 29 February goes to the 28th, as whole years do elsewhere in the rules.
    assert.equal(censusContext(withDefaults(newCinHeader(), { referenceDate: '2024-02-29' })).collectionStart, '2023-03-01');
  });

  it('sets the thresholds of the date rules', () => {
    const census = censusContext(withDefaults(newCinHeader(), { referenceDate: '2026-03-31' }));
    assert.equal(census.assessmentOverdueBefore, '2026-01-28'); // 8670Q: 45 working days
    assert.equal(census.s47OverdueBefore, '2026-03-11'); // 8675Q: 15 working days
    assert.equal(census.nfaReferralCutoff, '2025-04-01'); // 8569Q
    assert.equal(census.expectedBirthTooEarly, '2026-03-01'); // 8530Q: minus 30 days
    assert.equal(census.expectedBirthTooLate, '2026-12-31'); // 8530Q: plus 9 months
    assert.equal(census.schoolAgeBornBy, '2020-08-31'); // 8770Q
    assert.equal(census.over25BornBefore, '2001-03-31'); // 8775Q
  });

  it('counts working days back as the reference validator does (pandas CustomBusinessDay)', () => {
    // Values from pandas with the England and Wales bank holidays.
    assert.equal(workingDaysBefore('2026-03-31', 44), '2026-01-28');
    assert.equal(workingDaysBefore('2026-03-31', 14), '2026-03-11');
    assert.equal(workingDaysBefore('2024-03-31', 44), '2024-01-29'); // a Sunday, after Good Friday
    assert.equal(workingDaysBefore('2024-03-31', 14), '2024-03-11');
    assert.equal(workingDaysBefore('2025-04-01', 44), '2025-01-29');
    assert.equal(workingDaysBefore('2025-04-01', 14), '2025-03-12');
    // Zero working days: the day itself, or the next working day (Easter Monday 2024 then).
    assert.equal(workingDaysBefore('2025-04-01', 0), '2025-04-01');
    assert.equal(workingDaysBefore('2024-03-30', 0), '2024-04-02');
  });

  it('leaves the period unknown without a reference date', () => {
    const census = censusContext(newCinHeader());
    assert.equal(census.collectionStart, undefined);
    assert.equal(census.assessmentOverdueBefore, undefined);
  });
});
