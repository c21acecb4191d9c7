/** Loading a child's journey: every episode with its steps, and the looked-after history. */
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import type { JourneySnapshot } from './clocks.ts';
import type { Lookups } from './steps.ts';

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
  const cinPlanIds = cinPlans.map((p) => p.id);
  const [cinPlanReviews, earlyHelp, earlyHelpChildren, adoption, placedForAdoption] = await Promise.all([
    cinPlanIds.length ? db.selectFrom('cin_plan_review').selectAll().where('la_code', '=', laCode).where('plan_id', 'in', cinPlanIds).orderBy('review_date').execute() : Promise.resolve([]),
    db.selectFrom('early_help_episode as e')
      .innerJoin('early_help_child as ec', (j) => j.onRef('ec.la_code', '=', 'e.la_code').onRef('ec.episode_id', '=', 'e.id'))
      .leftJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'e.la_code').onRef('a.id', '=', 'e.lead_professional_agency_id'))
      .selectAll('e').select('a.name as lead_agency_name')
      .where('e.la_code', '=', laCode).where('ec.child_id', '=', childId).orderBy('e.start_date').execute(),
    // The other children of each early help episode: the help is for the family.
    db.selectFrom('early_help_child as mine')
      .innerJoin('early_help_child as ec', (j) => j.onRef('ec.la_code', '=', 'mine.la_code').onRef('ec.episode_id', '=', 'mine.episode_id'))
      .innerJoin('child as c', (j) => j.onRef('c.la_code', '=', 'ec.la_code').onRef('c.id', '=', 'ec.child_id'))
      .select(['ec.episode_id', 'c.id', 'c.first_name', 'c.last_name'])
      .where('mine.la_code', '=', laCode).where('mine.child_id', '=', childId).where('ec.child_id', '<>', childId).orderBy('c.first_name').execute(),
    db.selectFrom('adoption').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).executeTakeFirst(),
    db.selectFrom('placed_for_adoption').selectAll().where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('date_placed').execute(),
  ]);
  return {
    episodes, assessments, discussions, s47s, plans, cinPlans, cinPlanReviews, reviews, visits, coreGroups, laEpisodes, laReviews, laVisits, careLeaver, missing,
    earlyHelp, earlyHelpChildren, adoption: adoption ?? null, placedForAdoption,
  };
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

/** The partnership's agencies, and the other children on record as related to this child, as choices for a step. */
export async function loadLookups(db: Kysely<Database>, laCode: string, childId: string): Promise<Lookups> {
  const [agencies, siblings] = await Promise.all([
    db.selectFrom('agency').select(['id', 'name']).where('la_code', '=', laCode).orderBy('name').execute(),
    db.selectFrom('child_relationship as r')
      .innerJoin('child as c', (j) => j.onRef('c.la_code', '=', 'r.la_code').onRef('c.id', '=', 'r.related_child_id'))
      .select(['c.id', 'c.first_name', 'c.last_name', 'c.la_child_id'])
      .where('r.la_code', '=', laCode).where('r.child_id', '=', childId).where('c.merged_into', 'is', null).orderBy('c.first_name').execute(),
  ]);
  return {
    agencies: agencies.map((a) => [a.id, a.name] as const),
    siblings: siblings.map((c) => [c.id, `${[c.first_name, c.last_name].filter(Boolean).join(' ') || 'Name not recorded'} (${c.la_child_id})`] as const),
  };
}
