/** The child's journey as the pages show it: rows, clocks, chronology, and what can be recorded next. */
import type { Kysely } from '../../core/db/kysely.ts';
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
  if (rows.laEpisodes.length > 0) steps.push({ text: 'Record care leaver information', href: `${base}/care-leaver/new` });
  return steps;
}
