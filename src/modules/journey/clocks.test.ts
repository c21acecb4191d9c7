/** The clocks a worker sees on a case, from hand-built journeys and the timescales in force. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childClocks, type JourneySnapshot } from './clocks.ts';
import { parseTimescales, timescales } from './timescales.ts';

type Episode = JourneySnapshot['episodes'][number];
const episode = (over: Partial<Episode>): Episode => ({ id: 'e1', referralDate: '2025-04-01', referralNfa: false, closureDate: null, assessments: [], strategyDiscussions: [], s47s: [], plans: [], ...over });
const journey = (episodes: Episode[], lookedAfter: Partial<JourneySnapshot['lookedAfter']> = {}): JourneySnapshot => ({ episodes, lookedAfter: { episodes: [], reviews: [], visits: [], ...lookedAfter } });
const find = (clocks: ReturnType<typeof childClocks>, id: string) => clocks.filter((c) => c.id === id);

test('an assessment authorised on the 45th working day after referral is on time; the 46th is late', () => {
  const t = timescales();
  const onTime = find(childClocks(journey([episode({ assessments: [{ id: 'a', startDate: '2025-04-02', authorisationDate: '2025-06-09' }] })]), t, '2025-07-01'), 'assessment');
  assert.deepEqual(onTime.map((c) => [c.dueOn, c.status]), [['2025-06-09', 'met']]);
  const late = find(childClocks(journey([episode({ assessments: [{ id: 'a', startDate: '2025-04-02', authorisationDate: '2025-06-10' }] })]), t, '2025-07-01'), 'assessment');
  assert.deepEqual(late.map((c) => [c.dueOn, c.status]), [['2025-06-09', 'late']]);
  assert.equal(late[0]!.ruleVersion, '2026.1');
  assert.equal(late[0]!.rule, 'within 45 working days');
});

test('an open referral with no assessment yet shows the assessment as due, then overdue, counting working days', () => {
  const t = timescales();
  const due = find(childClocks(journey([episode({})]), t, '2025-06-05'), 'assessment')[0]!;
  assert.equal(due.status, 'due');
  assert.equal(due.workingDaysLeft, 2); // 6 and 9 June
  const overdue = find(childClocks(journey([episode({})]), t, '2025-06-11'), 'assessment')[0]!;
  assert.equal(overdue.status, 'overdue');
  assert.equal(overdue.workingDaysLeft, -2);
  // An NFA referral starts no assessment clock.
  assert.deepEqual(find(childClocks(journey([episode({ referralNfa: true })]), t, '2025-06-11'), 'assessment'), []);
});

test('the ICPC clock runs 15 working days from the first strategy discussion, or the last where the partnership says so', () => {
  const e = episode({
    strategyDiscussions: [{ id: 'sd1', heldOn: '2025-05-01' }, { id: 'sd2', heldOn: '2025-05-08' }],
    s47s: [{ id: 's', startDate: '2025-05-08', icpcDate: null, icpcNotRequired: false, strategyDiscussionId: null }],
  });
  const first = find(childClocks(journey([e]), timescales(), '2025-05-09'), 'icpc')[0]!;
  assert.deepEqual([first.startedOn, first.dueOn], ['2025-05-01', '2025-05-23']); // 5 May and 26 May are bank holidays
  const local = parseTimescales({ ...timescales(), version: 'local-1', clocks: { ...timescales().clocks, icpc: { ...timescales().clocks.icpc, anchor: 'last' } } }, 'test');
  const last = find(childClocks(journey([e]), local, '2025-05-09'), 'icpc')[0]!;
  assert.deepEqual([last.startedOn, last.dueOn, last.ruleVersion], ['2025-05-08', '2025-05-30', 'local-1']);
});

test('a plan’s core group, first review at 3 months, later reviews at 6 months and visits every 10 working days', () => {
  const e = episode({ plans: [{ id: 'p', startDate: '2025-06-02', endDate: null, reviews: ['2025-08-28'], visits: ['2025-06-10', '2025-06-20'], coreGroups: ['2025-06-12'] }] });
  const clocks = childClocks(journey([e]), timescales(), '2025-09-01');
  assert.deepEqual(find(clocks, 'coreGroup').map((c) => [c.dueOn, c.status]), [['2025-06-16', 'met']]);
  assert.deepEqual(find(clocks, 'firstReview').map((c) => [c.dueOn, c.status]), [['2025-09-02', 'met']]);
  assert.deepEqual(find(clocks, 'laterReview').map((c) => [c.dueOn, c.status]), [['2026-02-28', 'due']]);
  assert.deepEqual(find(clocks, 'cpVisit').map((c) => [c.startedOn, c.dueOn, c.status]), [['2025-06-20', '2025-07-04', 'overdue']]);
  // Overdue clocks come first.
  assert.equal(clocks[0]!.status, 'overdue');
});

test('a ended plan leaves its history but asks for nothing more', () => {
  const e = episode({ plans: [{ id: 'p', startDate: '2025-06-02', endDate: '2025-08-01', reviews: [], visits: [], coreGroups: ['2025-06-12'] }] });
  const clocks = childClocks(journey([e]), timescales(), '2025-12-01');
  assert.deepEqual(clocks.filter((c) => c.status === 'due' || c.status === 'overdue').map((c) => c.id).filter((id) => id !== 'assessment'), []);
});

test('looked-after reviews at 20 days, then 3 months, then 6 months; a first visit within 7 days of placement', () => {
  const la = { episodes: [{ id: 'l1', decom: '2025-04-01', dec: null, rne: 'S' }], reviews: ['2025-04-18', '2025-07-10'], visits: [] };
  const clocks = childClocks(journey([], la), timescales(), '2025-07-15');
  assert.deepEqual(find(clocks, 'laFirstReview').map((c) => [c.dueOn, c.status]), [['2025-04-21', 'met']]);
  assert.deepEqual(find(clocks, 'laSecondReview').map((c) => [c.dueOn, c.status]), [['2025-07-18', 'met']]);
  assert.deepEqual(find(clocks, 'laLaterReview').map((c) => [c.dueOn, c.status]), [['2026-01-10', 'due']]);
  assert.deepEqual(find(clocks, 'laFirstVisit').map((c) => [c.dueOn, c.status]), [['2025-04-08', 'overdue']]);
});

test('a timescales file with a mistake is refused, naming the field', () => {
  assert.throws(() => parseTimescales({ version: 'x', clocks: { ...timescales().clocks, assessment: { label: 'A', within: { workingDays: -1 }, from: 'referral' } } }, 'local.json'), /local\.json: clocks\.assessment\.within/);
  assert.throws(() => parseTimescales({ version: 'x', clocks: {} }, 'local.json'), /local\.json: clocks\.decision/);
});
