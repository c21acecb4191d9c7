/**
 * Every statutory clock of a child's case: what is due, by when, and what is overdue or was late.
 * Pure: it takes the child's journey as recorded and the timescales in force, and returns clocks
 * each stamped with the rule version it used. Pages, work trays and reminders all read these.
 */
import { compareDates } from '../../core/dates.ts';
import { workingDaysBetween } from '../../core/calendar/index.ts';
import { describeWithin, dueDate, type ClockId, type Timescales } from './timescales.ts';

export type JourneySnapshot = {
  episodes: {
    id: string; referralDate: string; referralNfa: boolean; closureDate: string | null;
    assessments: { id: string; startDate: string; authorisationDate: string | null }[];
    strategyDiscussions: { id: string; heldOn: string }[];
    s47s: { id: string; startDate: string; icpcDate: string | null; icpcNotRequired: boolean; strategyDiscussionId: string | null }[];
    plans: { id: string; startDate: string; endDate: string | null; reviews: string[]; visits: string[]; coreGroups: string[] }[];
  }[];
  lookedAfter: {
    episodes: { id: string; decom: string; dec: string | null; rne: string | null }[];
    reviews: string[];
    visits: string[];
  };
};

export type ClockStatus = 'met' | 'late' | 'due' | 'overdue';

export type Clock = {
  id: ClockId;
  key: string;
  label: string;
  rule: string;
  ruleVersion: string;
  startedOn: string;
  dueOn: string;
  completedOn: string | null;
  status: ClockStatus;
  /** Working days until due (negative when overdue), for open clocks. */
  workingDaysLeft: number | null;
};

function clock(t: Timescales, id: ClockId, key: string, startedOn: string, completedOn: string | null, today: string): Clock {
  const rule = t.clocks[id];
  const dueOn = dueDate(rule, startedOn);
  const status: ClockStatus = completedOn
    ? compareDates(completedOn, dueOn) <= 0 ? 'met' : 'late'
    : compareDates(today, dueOn) > 0 ? 'overdue' : 'due';
  const workingDaysLeft = completedOn ? null : compareDates(today, dueOn) <= 0 ? workingDaysBetween(today, dueOn) : -workingDaysBetween(dueOn, today);
  return { id, key, label: rule.label, rule: `within ${describeWithin(rule)}`, ruleVersion: t.version, startedOn, dueOn, completedOn, status, workingDaysLeft };
}

const sorted = (dates: readonly string[]): string[] => [...dates].sort(compareDates);
const firstOnOrAfter = (dates: readonly string[], from: string): string | null => sorted(dates).find((d) => compareDates(d, from) >= 0) ?? null;

/** The clocks of one child's case on `today`, soonest due first. */
export function childClocks(journey: JourneySnapshot, t: Timescales, today: string): Clock[] {
  const clocks: Clock[] = [];
  for (const episode of journey.episodes) {
    const open = !episode.closureDate || compareDates(episode.closureDate, today) > 0;
    // Assessment: authorised within 45 working days of the referral (Working Together 2023).
    for (const a of episode.assessments) clocks.push(clock(t, 'assessment', `assessment:${a.id}`, episode.referralDate, a.authorisationDate, today));
    if (episode.assessments.length === 0 && !episode.referralNfa && open) {
      clocks.push(clock(t, 'assessment', `assessment:pending:${episode.id}`, episode.referralDate, null, today));
    }
    // ICPC: within 15 working days of the strategy discussion that started the S47 (anchor configurable).
    const discussions = sorted(episode.strategyDiscussions.map((d) => d.heldOn));
    for (const s47 of episode.s47s) {
      if (s47.icpcNotRequired) continue;
      const before = discussions.filter((d) => compareDates(d, s47.startDate) <= 0);
      const linked = episode.strategyDiscussions.find((d) => d.id === s47.strategyDiscussionId)?.heldOn;
      const anchor = linked ?? (t.clocks.icpc.anchor === 'last' ? before.at(-1) : before[0]) ?? s47.startDate;
      if (s47.icpcDate || open) clocks.push(clock(t, 'icpc', `icpc:${s47.id}`, anchor, s47.icpcDate, today));
    }
    for (const plan of episode.plans) {
      const planOpen = !plan.endDate || compareDates(plan.endDate, today) > 0;
      const firstCoreGroup = firstOnOrAfter(plan.coreGroups, plan.startDate);
      if (firstCoreGroup || planOpen) clocks.push(clock(t, 'coreGroup', `coreGroup:${plan.id}`, plan.startDate, firstCoreGroup, today));
      // Reviews: the first within 3 months of the ICPC, then at most every 6 months while the plan lasts.
      const reviews = sorted(plan.reviews).filter((r) => compareDates(r, plan.startDate) > 0);
      if (reviews[0] || planOpen) clocks.push(clock(t, 'firstReview', `firstReview:${plan.id}`, plan.startDate, reviews[0] ?? null, today));
      reviews.forEach((review, i) => {
        const next = reviews[i + 1] ?? null;
        if (next || planOpen) clocks.push(clock(t, 'laterReview', `review:${plan.id}:${review}`, review, next, today));
      });
      // Visits: the next one falls due the local interval after the last (or after the plan starts).
      if (planOpen) {
        const visits = sorted(plan.visits).filter((v) => compareDates(v, plan.startDate) >= 0);
        const last = visits.at(-1) ?? plan.startDate;
        clocks.push(clock(t, 'cpVisit', `cpVisit:${plan.id}:${last}`, last, null, today));
      }
    }
  }

  // Looked after: reviews at 20 days, 3 months, then 6-monthly; a visit within 7 days of each placement, then 6-weekly.
  const la = journey.lookedAfter;
  const periods = sorted(la.episodes.filter((e) => e.rne === 'S').map((e) => e.decom));
  const current = [...la.episodes].sort((a, b) => compareDates(a.decom, b.decom)).at(-1);
  const inCare = current && (!current.dec || compareDates(current.dec, today) > 0);
  for (const [i, start] of periods.entries()) {
    const periodEnd = periods[i + 1] ?? null;
    const inPeriod = sorted(la.reviews).filter((r) => compareDates(r, start) >= 0 && (!periodEnd || compareDates(r, periodEnd) < 0));
    const live = inCare && !periodEnd;
    if (inPeriod[0] || live) clocks.push(clock(t, 'laFirstReview', `laFirstReview:${start}`, start, inPeriod[0] ?? null, today));
    if (inPeriod[0] && (inPeriod[1] || live)) clocks.push(clock(t, 'laSecondReview', `laSecondReview:${start}`, inPeriod[0], inPeriod[1] ?? null, today));
    inPeriod.slice(1).forEach((review, j) => {
      const next = inPeriod[j + 2] ?? null;
      if (next || live) clocks.push(clock(t, 'laLaterReview', `laReview:${review}`, review, next, today));
    });
  }
  if (inCare && current) {
    const visitsSince = sorted(la.visits).filter((v) => compareDates(v, current.decom) >= 0);
    if (visitsSince.length === 0) clocks.push(clock(t, 'laFirstVisit', `laFirstVisit:${current.id}`, current.decom, null, today));
    else clocks.push(clock(t, 'laVisit', `laVisit:${visitsSince.at(-1)}`, visitsSince.at(-1)!, null, today));
  }
  const order: Record<ClockStatus, number> = { overdue: 0, due: 1, late: 2, met: 3 };
  return clocks.sort((a, b) => order[a.status] - order[b.status] || compareDates(a.dueOn, b.dueOn));
}
