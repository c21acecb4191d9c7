/** Loading a child's journey: every episode with its steps, and the looked-after history. */
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import type { JourneySnapshot } from './clocks.ts';

export async function loadJourneyRows(db: Kysely<Database>, laCode: string, childId: string) {
  const [episodes, assessments, discussions, s47s, plans, cinPlans, laEpisodes, laReviews, laVisits, careLeaver, missing] = await Promise.all([
    db.selectFrom('cin_episode').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('referral_date').execute(),
    db.selectFrom('assessment').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('start_date').execute(),
    db.selectFrom('strategy_discussion').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('held_on').execute(),
    db.selectFrom('s47_enquiry').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('start_date').execute(),
    db.selectFrom('cp_plan').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('start_date').execute(),
    db.selectFrom('cin_plan').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('start_date').execute(),
    db.selectFrom('la_episode').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('decom').execute(),
    db.selectFrom('la_review').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('review_date').execute(),
    db.selectFrom('la_visit').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('visit_date').execute(),
    db.selectFrom('care_leaver').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('year').execute(),
    db.selectFrom('missing_episode').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('start_date').execute(),
  ]);
  const planIds = plans.map((p) => p.id);
  const [reviews, visits, coreGroups] = planIds.length
    ? await Promise.all([
        db.selectFrom('cp_review').selectAll().where('la_code', '=', laCode).where('plan_id', 'in', planIds).orderBy('review_date').execute(),
        db.selectFrom('cp_visit').selectAll().where('la_code', '=', laCode).where('plan_id', 'in', planIds).orderBy('visit_date').execute(),
        db.selectFrom('core_group').selectAll().where('la_code', '=', laCode).where('plan_id', 'in', planIds).orderBy('meeting_date').execute(),
      ])
    : [[], [], []];
  return { episodes, assessments, discussions, s47s, plans, cinPlans, reviews, visits, coreGroups, laEpisodes, laReviews, laVisits, careLeaver, missing };
}

export type JourneyRows = Awaited<ReturnType<typeof loadJourneyRows>>;

/** The shape the clocks read. */
export function toSnapshot(rows: JourneyRows): JourneySnapshot {
  return {
    episodes: rows.episodes.map((e) => ({
      id: e.id,
      referralDate: e.referral_date,
      referralNfa: e.referral_nfa,
      closureDate: e.closure_date,
      assessments: rows.assessments.filter((a) => a.episode_id === e.id).map((a) => ({ id: a.id, startDate: a.start_date, authorisationDate: a.authorisation_date })),
      strategyDiscussions: rows.discussions.filter((d) => d.episode_id === e.id).map((d) => ({ id: d.id, heldOn: d.held_on })),
      s47s: rows.s47s.filter((s) => s.episode_id === e.id).map((s) => ({ id: s.id, startDate: s.start_date, icpcDate: s.icpc_date, icpcNotRequired: s.icpc_not_required, strategyDiscussionId: s.strategy_discussion_id })),
      plans: rows.plans.filter((p) => p.episode_id === e.id).map((p) => ({
        id: p.id,
        startDate: p.start_date,
        endDate: p.end_date,
        reviews: rows.reviews.filter((r) => r.plan_id === p.id).map((r) => r.review_date),
        visits: rows.visits.filter((v) => v.plan_id === p.id).map((v) => v.visit_date),
        coreGroups: rows.coreGroups.filter((c) => c.plan_id === p.id).map((c) => c.meeting_date),
      })),
    })),
    lookedAfter: {
      episodes: rows.laEpisodes.map((e) => ({ id: e.id, decom: e.decom, dec: e.dec, rne: e.rne })),
      reviews: rows.laReviews.map((r) => r.review_date),
      visits: rows.laVisits.map((v) => v.visit_date),
    },
  };
}
