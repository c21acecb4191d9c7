import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidNhsNumber, isValidUpn, normalisePostcode, upnCheckLetter } from './identifiers.ts';

test('NHS numbers: modulus 11 check digit', () => {
  assert.equal(isValidNhsNumber('943 476 5919'), true); // the NHS's published example
  assert.equal(isValidNhsNumber('9434765919'), true);
  assert.equal(isValidNhsNumber('9434765918'), false);
  assert.equal(isValidNhsNumber('943476591'), false);
  assert.equal(isValidNhsNumber('abcdefghij'), false);
});

test('UPNs: the DfE check letter', () => {
  // A..Z letter table without I, O, S; check = sum(char value x position) mod 23.
  const rest = '80120110001';
  for (const last of ['2', '7']) {
    const letter = upnCheckLetter(rest + last)!;
    assert.equal(isValidUpn(letter + rest + last), true);
    const wrong = letter === 'A' ? 'B' : 'A';
    assert.equal(isValidUpn(wrong + rest + last), false);
  }
  // 8x2 + 0x3 + 1x4 + 2x5 + 0x6 + 1x7 + 1x8 + 0x9 + 0x10 + 0x11 + 1x12 + 2x13 = 83; 83 mod 23 = 14 = Q.
  assert.equal(upnCheckLetter('801201100012'), 'Q');
  assert.equal(isValidUpn('A950000178301'), true);
  assert.equal(isValidUpn('H243278544154'), true);
  assert.equal(isValidUpn('R247962919251'), false);
  assert.equal(isValidUpn('H80120110001'), false, 'too short');
  assert.equal(isValidUpn('I801201100012'), false, 'I is never a check letter');
});

test('postcodes are normalised or refused', () => {
  assert.equal(normalisePostcode('n170ab'), 'N17 0AB');
  assert.equal(normalisePostcode('SW1A 1AA'), 'SW1A 1AA');
  assert.equal(normalisePostcode('not a postcode'), undefined);
});
