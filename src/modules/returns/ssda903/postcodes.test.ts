/**
 * The postcode lookup file (sorted, fixed-width) and the placement facts derived from it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { derivePlacement, loadPostcodeLookup, postcodeKey, postcodeLine, type PostcodePlace } from './postcodes.ts';
import { rowFromCells } from './read.ts';

const dir = mkdtempSync(join(tmpdir(), 'haven-903-postcodes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const places: [string, PostcodePlace][] = [
  ['AB101AA', { easting: 394251, northing: 806376, laua: 'S12000033' }],
  ['CF101AA', { easting: 318000, northing: 176000, laua: 'W06000015' }],
  ['N153AB', { easting: 532600, northing: 189000, laua: 'E09000014' }],
  ['N176AA', { easting: 533900, northing: 190000, laua: 'E09000014' }],
  ['NW10AA', { easting: 529000, northing: 183000, laua: 'E09000007' }],
  ['ZE11AA', { easting: null, northing: null, laua: '' }],
];

test('finds postcodes in a lookup file by binary search, spaces and case ignored', () => {
  const file = join(dir, 'lookup.txt');
  writeFileSync(file, places.map(([key, place]) => postcodeLine(key, place)).join(''));
  const lookup = loadPostcodeLookup(file, ['N176AA', postcodeKey('nw1 0aa'), 'AB101AA', 'ZE11AA', 'XX11XX', 'A']);
  assert.deepEqual(lookup.get('N176AA'), places[3]?.[1]);
  assert.deepEqual(lookup.get('NW10AA'), places[4]?.[1]);
  assert.deepEqual(lookup.get('ZE11AA'), { easting: null, northing: null, laua: '' });
  assert.equal(lookup.has('XX11XX'), false);
  assert.equal(lookup.size, 4);
});

test('rejects a file that is not a lookup', () => {
  const file = join(dir, 'not-a-lookup.txt');
  writeFileSync(file, 'postcode,easting\n');
  assert.throws(() => loadPostcodeLookup(file, ['N176AA']), /not a Haven postcode lookup/);
});

test('derives placement LA, location and distance as the DfE guidance does', () => {
  const lookup = new Map(places);
  const episode = (home: string, placed: string) => rowFromCells('episodes', { CHILD: '1', HOME_POST: home, PL_POST: placed });
  assert.deepEqual(derivePlacement(episode('N17 6AA', 'N15 3AB'), lookup, 'E09000014'), { la: 'E09000014', location: 'IN', distance: 1 });
  assert.deepEqual(derivePlacement(episode('N17 6AA', 'NW1 0AA'), lookup, 'E09000014'), { la: 'E09000007', location: 'OUT', distance: 5.3 });
  assert.deepEqual(derivePlacement(episode('N17 6AA', 'AB10 1AA'), lookup, 'E09000014'), { la: 'SCO', location: 'OUT', distance: 392.7 });
  assert.equal(derivePlacement(episode('N17 6AA', 'CF10 1AA'), lookup, 'E09000014').la, 'WAL');
  assert.deepEqual(derivePlacement(episode('', 'XX1 1XX'), lookup, 'E09000014'), { la: null, location: null, distance: null });
  assert.deepEqual(derivePlacement(episode('N17 6AA', 'ZE1 1AA'), lookup, 'E09000014'), { la: null, location: null, distance: null });
});
