/** Units of the front door: the contact date in England, the screening configuration, ages on the wall screen. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { londonDateOf } from '../../core/calendar/index.ts';
import { contactDateOf, missingAgencies } from './service.ts';
import { parseScreeningConfig, ragDueAt, screeningConfig } from './config.ts';
import { ageOf } from './routes.ts';
import { STRATEGY_REQUIRED } from './vocabulary.ts';

test('a contact is dated in England, across midnight and both clock changes, in any order of asking', () => {
  const instants = ['2026-07-31T22:59:59.999Z', '2026-07-31T23:00:00Z', '2026-03-29T00:30:00Z', '2026-03-28T23:59:00Z', '2026-10-25T00:30:00Z', '2026-10-24T23:30:00Z', '2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z', '2026-07-31T12:00:00Z'];
  for (const iso of [...instants, ...instants.reverse()]) assert.equal(contactDateOf(new Date(iso)), londonDateOf(new Date(iso)), iso);
  assert.equal(contactDateOf(new Date('2026-07-31T23:30:00Z')), '2026-08-01', '23:30 UTC on 31 July is 1 August in BST');
});

test('the default scheme: Red 4, Amber 24, Green 72 working hours from receipt, in office hours', () => {
  const config = screeningConfig();
  assert.deepEqual([config.rag.red.workingHours, config.rag.amber.workingHours, config.rag.green.workingHours], [4, 24, 72]);
  const friday4pm = new Date('2026-11-20T16:00:00Z');
  const monday10am = new Date('2026-11-23T10:00:00Z');
  assert.equal(ragDueAt(config, 'amber', friday4pm).toISOString(), '2026-11-25T16:00:00.000Z', '1 working hour on Friday, 23 from Monday');
  assert.equal(ragDueAt(config, 'green', friday4pm).toISOString(), '2026-12-03T16:00:00.000Z');
  // Red is worked out of hours (domain.md §2): it does not wait for Monday.
  assert.equal(ragDueAt(config, 'red', friday4pm).toISOString(), '2026-11-20T20:00:00.000Z', '4 hours on the clock, not Monday noon');
  assert.equal(ragDueAt(config, 'red', new Date('2026-11-22T02:00:00Z')).toISOString(), '2026-11-22T06:00:00.000Z', 'a Sunday night Red');
  assert.equal(ragDueAt(config, 'red', monday10am).toISOString(), '2026-11-23T14:00:00.000Z', 'in office hours the two clocks agree');
  // A partnership's own scheme, e.g. Red 2, Amber 6, Green 24 (domain.md §2), with Red kept to office hours.
  const local = parseScreeningConfig({ ...config, version: 'local-1', rag: { ...config.rag, red: { ...config.rag.red, workingHours: 2, outOfHours: false } } }, 'local.json');
  assert.equal(ragDueAt(local, 'red', friday4pm).toISOString(), '2026-11-23T10:00:00.000Z', '1 hour on Friday, 1 on Monday');
  assert.equal(ragDueAt(local, 'red', monday10am).toISOString(), '2026-11-23T12:00:00.000Z');
  assert.throws(() => parseScreeningConfig({ ...config, needLevels: { 1: 'a' } }, 'bad.json'), /bad\.json: needLevels/);
});

test('the huddle’s ages, and the agencies a strategy discussion is missing', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  assert.equal(ageOf(new Date('2026-11-25T11:25:00Z'), now), '35 min');
  assert.equal(ageOf(new Date('2026-11-25T08:50:00Z'), now), '3 h 10 min');
  assert.equal(ageOf(new Date('2026-11-23T08:00:00Z'), now), '2 days 4 h');
  assert.deepEqual(missingAgencies([{ agencyType: 'local_authority' }, { agencyType: 'police' }], STRATEGY_REQUIRED), ['health']);
  assert.deepEqual(missingAgencies([], STRATEGY_REQUIRED), ['children’s social care (a social worker)', 'health', 'the police']);
});
