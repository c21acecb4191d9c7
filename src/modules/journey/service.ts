/** The child's journey as the pages show it: rows, clocks, chronology, and what can be recorded next. */
import type { Kysely, Transaction } from '../../core/db/kysely.ts';
import type { Child, Database } from '../../core/db/schema.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import { childClocks } from './clocks.ts';
import { buildChronology } from './chronology.ts';
import { loadJourneyRows, toSnapshot, type JourneyRows } from './repository.ts';
import { timescales } from './timescales.ts';

/** Today in England, as a calendar date (statutory clocks count calendar days in England). */
export const today = (): string => londonDateOf(new Date());

export async function journeyOf(db: Kysely<Database>, child: Child, on = today()) {
  const rows = await loadJourneyRows(db, child.la_code, child.id);
  const clocks = childClocks(toSnapshot(rows), timescales(), on);
  return { rows, clocks };
}

export async function chronologyOf(db: Kysely<Database>, child: Child, rows: JourneyRows) {
  const [contacts, notes, marks] = await Promise.all([
    db.selectFrom('contact').select(['id', 'contact_date', 'source', 'outcome']).where('la_code', '=', child.la_code).where('child_id', '=', child.id).execute(),
    db.selectFrom('case_note').select(['id', 'occurred_on', 'kind', 'summary', 'significant']).where('la_code', '=', child.la_code).where('child_id', '=', child.id).execute(),
    db.selectFrom('chronology_mark').select('event_key').where('la_code', '=', child.la_code).where('child_id', '=', child.id).execute(),
  ]);
  return buildChronology(rows, { contacts, notes, marks });
}

/** The next steps a worker can record on this case, as links. */
export function nextSteps(child: Child, rows: JourneyRows): { text: string; href: string }[] {
  const base = `/children/${child.id}`;
  const steps: { text: string; href: string }[] = [];
  const open = rows.episodes.find((e) => !e.closure_date && !e.referral_nfa);
  steps.push({ text: 'Record a contact', href: `${base}/contacts/new` });
  if (!open) steps.push({ text: 'Record a referral', href: `${base}/referrals/new` });
  if (open) {
    const assessments = rows.assessments.filter((a) => a.episode_id === open.id);
    const unauthorised = assessments.find((a) => !a.authorisation_date);
    if (unauthorised) steps.push({ text: 'Authorise the assessment', href: `${base}/assessments/${unauthorised.id}/authorise` });
    else steps.push({ text: 'Start a child and family assessment', href: `${base}/episodes/${open.id}/assessments/new` });
    steps.push({ text: 'Record a strategy discussion', href: `${base}/episodes/${open.id}/strategy-discussions/new` });
    for (const s of rows.s47s.filter((x) => x.episode_id === open.id && !x.outcome)) steps.push({ text: 'Record the outcome of the Section 47 enquiry', href: `${base}/s47/${s.id}/outcome` });
    for (const p of rows.plans.filter((x) => x.episode_id === open.id && !x.end_date)) {
      steps.push({ text: 'Record a review conference', href: `${base}/plans/${p.id}/reviews/new` });
      steps.push({ text: 'Record a core group', href: `${base}/plans/${p.id}/core-groups/new` });
      steps.push({ text: 'Record a visit', href: `${base}/plans/${p.id}/visits/new` });
      steps.push({ text: 'End the plan', href: `${base}/plans/${p.id}/end` });
    }
    const openCinPlan = rows.cinPlans.find((p) => p.episode_id === open.id && !p.end_date);
    if (openCinPlan) {
      steps.push({ text: 'Record a child in need plan review', href: `${base}/cin-plans/${openCinPlan.id}/reviews/new` });
      steps.push({ text: 'End the child in need plan', href: `${base}/cin-plans/${openCinPlan.id}/end` });
    } else if (!open.referral_nfa) {
      steps.push({ text: 'Start a child in need plan', href: `${base}/episodes/${open.id}/cin-plans/new` });
    }
    steps.push({ text: 'Close the episode', href: `${base}/episodes/${open.id}/close` });
  }
  const la = rows.laEpisodes.at(-1);
  const inCare = la && !la.dec;
  steps.push({ text: inCare ? 'Record a change of placement or legal status' : 'Record that the child became looked after', href: `${base}/looked-after/new` });
  if (inCare) {
    steps.push({ text: 'Record a looked-after review', href: `${base}/looked-after/reviews/new` });
    steps.push({ text: 'Record a looked-after visit', href: `${base}/looked-after/visits/new` });
    steps.push({ text: 'Record that the child left care', href: `${base}/looked-after/end` });
  }
  if (rows.laEpisodes.length > 0) {
    const decided = rows.placedForAdoption.some((p) => !p.date_placed_ceased);
    steps.push(decided
      ? { text: 'Record that the child should no longer be placed for adoption', href: `${base}/adoption/decisions/ceased` }
      : { text: 'Record a decision to place for adoption', href: `${base}/adoption/decisions/new` });
    steps.push({ text: 'Record adoption details (AD1)', href: `${base}/adoption/details` });
    steps.push({ text: 'Record care leaver information', href: `${base}/care-leaver/new` });
  }
  const earlyHelp = rows.earlyHelp.find((e) => !e.end_date);
  steps.push(earlyHelp
    ? { text: 'End the early help episode', href: `${base}/early-help/${earlyHelp.id}/end` }
    : { text: 'Start an early help episode', href: `${base}/early-help/new` });
  return steps;
}

/** The social workers a manager may allocate to: active social workers of the manager's own team. */
export function allocatableWorkers(db: Kysely<Database>, laCode: string, teamId: string | null) {
  if (!teamId) return Promise.resolve([]);
  return db.selectFrom('app_user').select(['id', 'display_name', 'team_id'])
    .where('la_code', '=', laCode).where('team_id', '=', teamId).where('role', '=', 'social_worker').where('disabled_at', 'is', null)
    .orderBy('display_name').execute();
}

/**
 * Allocates the child's case to a worker of a team: the child's record (which the work trays read),
 * the open episode of need, and the social worker history SSDA903 reports (SWEpisodes: the previous
 * worker's episode ends the day the new one starts).
 */
export async function allocateChild(trx: Transaction<Database>, child: Child, worker: { id: string; team_id: string | null }, on: string): Promise<void> {
  await trx.updateTable('child').set({ allocated_worker_id: worker.id, team_id: worker.team_id, updated_at: new Date() })
    .where('la_code', '=', child.la_code).where('id', '=', child.id).execute();
  await trx.updateTable('cin_episode').set({ allocated_worker_id: worker.id, team_id: worker.team_id })
    .where('la_code', '=', child.la_code).where('child_id', '=', child.id).where('closure_date', 'is', null).where('referral_nfa', '=', false).execute();
  await trx.updateTable('sw_episode').set({ sw_dec: on, sw_reason: 'reallocated' })
    .where('la_code', '=', child.la_code).where('child_id', '=', child.id).where('sw_dec', 'is', null).where('sw_decom', '<', on).execute();
  // Reallocating twice on one day keeps one episode for that day, with the latest worker.
  await trx.insertInto('sw_episode').values({ la_code: child.la_code, child_id: child.id, sw_id: worker.id, sw_decom: on })
    .onConflict((oc) => oc.columns(['la_code', 'child_id', 'sw_decom']).doUpdateSet({ sw_id: worker.id, sw_dec: null, sw_reason: null })).execute();
}
