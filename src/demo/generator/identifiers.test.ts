import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidNhsNumber, isValidUpn, makeNhsNumber, makeUpn, nhsCheckDigit, upnCheckLetter } from './identifiers.ts';

test('UPN check letters (CIN census rule 1510, the reference validator’s test cases)', () => {
  for (const upn of ['A950000178301', 'H243278544154', 'X845212818005']) assert.equal(isValidUpn(upn), true, upn);
  for (const upn of ['R247962919251', 'X428558133462', 'I950000178301', 'A95000017830', 'A95000017830Z']) assert.equal(isValidUpn(upn), false, upn);
  assert.equal(upnCheckLetter('950000178301'), 'A');
});

test('NHS numbers: modulus 11 check digit, and a check of 10 is never valid', () => {
  assert.equal(isValidNhsNumber('9434765919'), true);
  assert.equal(isValidNhsNumber('9434765918'), false);
  assert.equal(isValidNhsNumber('943476591'), false);
  assert.equal(nhsCheckDigit('943476591'), 9);
  // The ninth digit weighs 2: 000000001 sums to 2, check 11 - 2 = 9; 000000006 sums to 12,
  // remainder 1, check 10: no valid number.
  assert.equal(nhsCheckDigit('000000001'), 9);
  assert.equal(nhsCheckDigit('000000006'), null);
});

test('generated UPNs and NHS numbers are valid, unique, and never an issued NHS number', () => {
  const upns = new Set<string>();
  const nhs = new Set<string>();
  for (let n = 0; n < 60_000; n += 1) {
    const upn = makeUpn(n, n % 3 === 0 ? '308' : '309', 20);
    const number = makeNhsNumber(n);
    assert.ok(isValidUpn(upn), upn);
    assert.ok(isValidNhsNumber(number), number);
    // England and Wales issue numbers starting 4 and 6-7; the demonstration's all start with 9.
    assert.equal(number.charAt(0), '9');
    upns.add(upn.slice(4));
    nhs.add(number);
  }
  // Unique on the digits after the LA code, so unique whatever LA issued them.
  assert.equal(upns.size, 60_000);
  assert.equal(nhs.size, 60_000);
  assert.throws(() => makeUpn(10_000_000, '309', 20));
  assert.throws(() => makeUpn(1, '30', 20));
});
