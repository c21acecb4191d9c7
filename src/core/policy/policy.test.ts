/**
 * The access policy on records: scope (own, team, agency, partnership), other partnerships,
 * restricted records with named exceptions and exclusions, and break-glass. Each row states the
 * expected answer outright.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type Actor, type RecordRef, type Role } from './index.ts';

const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({ id: 'u1', laCode: '309', role, teamId: 'team-a', agencyId: 'council', ...over });

// A record allocated to someone else, in team A, led by the school.
const record: RecordRef = { laCode: '309', ownerUserId: 'u2', teamId: 'team-a', agencyId: 'school' };

test('scope decides edits: own for social workers, team for team managers, partnership for MASH managers', () => {
  const cases: [string, Actor, RecordRef, boolean][] = [
    ['social worker, someone else’s child', actor('social_worker'), record, false],
    ['social worker, own allocated child', actor('social_worker', { id: 'u2' }), record, true],
    ['team manager, child in own team', actor('team_manager'), record, true],
    ['team manager, child in another team', actor('team_manager', { teamId: 'team-b' }), record, false],
    ['MASH manager, any child in the partnership', actor('mash_manager', { teamId: 'mash' }), record, true],
    ['MASH practitioner, child outside the MASH team', actor('mash_practitioner', { teamId: 'mash' }), record, false],
  ];
  for (const [label, who, rec, expected] of cases) assert.equal(decide(who, 'child.edit', rec).allowed, expected, label);
});

test('partner practitioners see only children their agency leads or was shared', () => {
  assert.equal(decide(actor('partner_practitioner', { agencyId: 'school' }), 'child.view', record).allowed, true);
  assert.equal(decide(actor('partner_practitioner', { agencyId: 'police' }), 'child.view', record).reason, 'out-of-scope');
  assert.equal(decide(actor('partner_practitioner', { agencyId: 'police' }), 'child.view', { ...record, sharedWithAgencyIds: ['police'] }).allowed, true);
  assert.equal(decide(actor('partner_practitioner', { agencyId: 'school' }), 'child.search').reason, 'no-grant');
});

test('nobody reaches another partnership’s records, whatever their role', () => {
  const other = { ...record, laCode: '310' };
  for (const role of ['mash_manager', 'social_worker', 'lado', 'performance_analyst'] as const) {
    assert.deepEqual(decide(actor(role), 'child.view', other), { allowed: false, reason: 'other-partnership', breakGlass: false, canBreakGlass: false }, role);
  }
});

test('roles without a grant are refused: administrators and auditors read no case, the chair sees figures only', () => {
  assert.equal(decide(actor('administrator'), 'child.view', record).reason, 'no-grant');
  assert.equal(decide(actor('auditor'), 'child.view', record).reason, 'no-grant');
  assert.equal(decide(actor('independent_chair'), 'child.view', record).reason, 'no-grant');
  assert.equal(decide(actor('independent_chair'), 'kpi.view').allowed, true);
  assert.equal(decide(actor('auditor'), 'audit.view').allowed, true);
});

test('the dashboard: the chair, partnership manager and auditor see its figures; only those who read children list the children behind them', () => {
  for (const role of ['independent_chair', 'partnership_manager', 'auditor', 'performance_analyst'] as const) assert.equal(decide(actor(role), 'dashboard.view').allowed, true, role);
  for (const role of ['independent_chair', 'partnership_manager', 'auditor', 'administrator'] as const) assert.equal(decide(actor(role), 'dashboard.drilldown').reason, 'no-grant', role);
  assert.equal(decide(actor('performance_analyst'), 'dashboard.drilldown').allowed, true);
  assert.equal(decide(actor('social_worker'), 'dashboard.view').reason, 'no-grant');
});

test('restricted records: named exceptions open them, others may break glass with a reason, the excluded never', () => {
  const restricted: RecordRef = { ...record, restriction: 'staff_relative', allowedUserIds: ['allowed'], excludedUserIds: ['relative'] };
  assert.equal(decide(actor('social_worker', { id: 'allowed' }), 'child.view', restricted).allowed, true);
  const refused = decide(actor('social_worker'), 'child.view', restricted);
  assert.deepEqual(refused, { allowed: false, reason: 'restricted', breakGlass: false, canBreakGlass: true });
  assert.equal(decide(actor('social_worker'), 'child.view', restricted, { breakGlassReason: 'too short' }).allowed, false);
  assert.deepEqual(decide(actor('social_worker'), 'child.view', restricted, { breakGlassReason: 'Police request an urgent strategy discussion' }), {
    allowed: true, reason: 'break-glass', breakGlass: true, canBreakGlass: true,
  });
  // The member of staff the record concerns: refused even with a reason.
  assert.equal(decide(actor('mash_practitioner', { id: 'relative' }), 'child.view', restricted, { breakGlassReason: 'I need to see my own family record' }).reason, 'excluded');
  // A performance analyst may view children but may not break glass.
  assert.deepEqual(decide(actor('performance_analyst'), 'child.view', restricted, { breakGlassReason: 'Checking the census return figures' }), {
    allowed: false, reason: 'restricted', breakGlass: false, canBreakGlass: false,
  });
});

test('allocating a case is a manager’s: a team manager for their team, never a social worker, even their own case', () => {
  const cases: [string, Actor, boolean][] = [
    ['team manager, child in own team', actor('team_manager'), true],
    ['team manager, child in another team', actor('team_manager', { teamId: 'team-b' }), false],
    ['MASH manager, child in the MASH team', actor('mash_manager'), true],
    ['MASH manager, child in another team', actor('mash_manager', { teamId: 'mash' }), false],
    ['social worker, own allocated child', actor('social_worker', { id: 'u2' }), false],
    ['MASH practitioner', actor('mash_practitioner'), false],
  ];
  for (const [label, who, expected] of cases) assert.equal(decide(who, 'child.allocate', record).allowed, expected, label);
});
