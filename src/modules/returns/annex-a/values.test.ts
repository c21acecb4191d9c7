/** Annex A cells as councils spell them, read into Haven's values; and what is refused. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Refusal, parseChildId, parseDate, parseEthnicity, parseGender, parseReasonCeased, parseReferralSource, parseYesNo,
} from './values.ts';

describe('Annex A values', () => {
  test('dates: Excel dates, dd/mm/yyyy, ISO text and Excel serial numbers; impossible dates refused', () => {
    assert.equal(parseDate(new Date('2025-04-01T00:00:00Z')), '2025-04-01');
    assert.equal(parseDate('1/4/2025'), '2025-04-01');
    assert.equal(parseDate('29/02/2024'), '2024-02-29');
    assert.equal(parseDate('2026-03-31'), '2026-03-31');
    assert.equal(parseDate(45748), '2025-04-01');
    assert.equal(parseDate(null), null);
    for (const bad of ['29/02/2025', '31/04/2025', '04/31/2025', 'tomorrow', '2025-13-01', 3.5]) assert.throws(() => parseDate(bad), Refusal, String(bad));
  });

  test('codes with or without Ofsted’s ordering prefix and a description', () => {
    assert.equal(parseReferralSource('q) 6: Police'), '6');
    assert.equal(parseReferralSource('5A: Health services – GP'), '5A');
    assert.equal(parseReferralSource('1a'), '1A');
    assert.equal(parseReferralSource('10'), '10');
    assert.throws(() => parseReferralSource('11'), Refusal);
    assert.equal(parseReferralSource('Police'), '6'); // the code list's own description
    assert.throws(() => parseReferralSource('A neighbour'), Refusal);
    assert.equal(parseEthnicity('a) WBRI'), 'WBRI');
    assert.throws(() => parseEthnicity('XXXX'), Refusal);
    assert.equal(parseReasonCeased('E11'), 'E11');
    assert.equal(parseReasonCeased('E4A'), 'E4A');
    assert.throws(() => parseReasonCeased('Z9'), Refusal);
  });

  test('gender and yes/no in their usual spellings', () => {
    assert.equal(parseGender('a) Male'), 'M');
    assert.equal(parseGender('b) Female'), 'F');
    assert.equal(parseGender('c) Unknown'), 'U');
    assert.throws(() => parseGender('Robot'), Refusal);
    for (const yes of ['Yes', 'y', 'TRUE', '1', 'a) Yes']) assert.equal(parseYesNo(yes), true, yes);
    for (const no of ['No', 'n', 'false', '0', 'b) No']) assert.equal(parseYesNo(no), false, no);
    assert.throws(() => parseYesNo('maybe'), Refusal);
  });

  test('the Child Unique ID is required and kept as the LA child ID', () => {
    assert.equal(parseChildId(' C123 '), 'C123');
    assert.equal(parseChildId(123456), '123456');
    assert.throws(() => parseChildId(null), Refusal);
    assert.throws(() => parseChildId('C1; DROP'), Refusal);
    assert.throws(() => parseChildId('X'.repeat(21)), Refusal);
  });
});
