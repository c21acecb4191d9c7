/**
 * The chronology: one child-centred timeline of every significant event across modules, built
 * from the records themselves (no second copy to drift), plus case notes and the events a worker
 * has marked as significant.
 */
import { compareDates } from '../../core/dates.ts';
import type { JourneyRows } from './repository.ts';

export type ChronologyEvent = {
  key: string;
  date: string;
  stage: 'contact' | 'early-help' | 'referral' | 'assessment' | 'child-in-need' | 'section47' | 'protection' | 'looked-after' | 'adoption' | 'care-leaver' | 'note';
  title: string;
  detail: string | null;
  significant: boolean;
};

export type ChronologyExtras = {
  contacts: { id: string; contact_date: string; source: string | null; outcome: string | null }[];
  notes: { id: string; occurred_on: string; kind: string; summary: string; significant: boolean }[];
  marks: { event_key: string }[];
};

export function buildChronology(rows: JourneyRows, extras: ChronologyExtras): ChronologyEvent[] {
  const marked = new Set(extras.marks.map((m) => m.event_key));
  const events: Omit<ChronologyEvent, 'significant'>[] = [];
  const add = (key: string, date: string | null, stage: ChronologyEvent['stage'], title: string, detail: string | null = null): void => {
    if (date) events.push({ key, date, stage, title, detail });
  };
  for (const c of extras.contacts) add(`contact:${c.id}`, c.contact_date, 'contact', 'Contact received', [c.source && `source ${c.source}`, c.outcome && `outcome: ${c.outcome}`].filter(Boolean).join('; ') || null);
  for (const e of rows.episodes) {
    add(`referral:${e.id}`, e.referral_date, 'referral', e.referral_nfa ? 'Referral (no further action)' : 'Referral', [e.referral_source && `source ${e.referral_source}`, e.primary_need && `primary need ${e.primary_need}`].filter(Boolean).join('; ') || null);
    add(`closure:${e.id}`, e.closure_date, 'referral', 'Case closed', e.closure_reason ? `reason ${e.closure_reason}` : null);
  }
  for (const a of rows.assessments) {
    add(`assessment-start:${a.id}`, a.start_date, 'assessment', 'Assessment started');
    add(`assessment-end:${a.id}`, a.authorisation_date, 'assessment', 'Assessment authorised', a.factors.length ? `factors ${a.factors.join(', ')}` : null);
  }
  for (const d of rows.discussions) add(`strategy:${d.id}`, d.held_on, 'section47', 'Strategy discussion', d.decision ? ({ s47_single: 'Section 47 (single agency)', s47_joint: 'Section 47 (joint with police)', no_s47: 'No Section 47' })[d.decision] : null);
  for (const s of rows.s47s) {
    add(`s47:${s.id}`, s.start_date, 'section47', 'Section 47 enquiry started');
    add(`icpc:${s.id}`, s.icpc_date, 'protection', 'Initial child protection conference');
  }
  for (const p of rows.plans) {
    add(`plan-start:${p.id}`, p.start_date, 'protection', 'Child protection plan started', p.initial_category ? `category ${p.initial_category}` : null);
    add(`plan-end:${p.id}`, p.end_date, 'protection', 'Child protection plan ended');
  }
  for (const r of rows.reviews) add(`cp-review:${r.plan_id}:${r.review_date}`, r.review_date, 'protection', 'Review child protection conference');
  for (const e of rows.laEpisodes) {
    add(`la-start:${e.id}`, e.decom, 'looked-after', e.rne === 'S' ? 'Became looked after' : 'Change of placement or legal status', [e.legal_status && `legal status ${e.legal_status}`, e.place && `placement ${e.place}`].filter(Boolean).join('; ') || null);
    add(`la-end:${e.id}`, e.dec, 'looked-after', 'Episode ended', e.rec ? `reason ${e.rec}` : null);
  }
  for (const r of rows.laReviews) add(`la-review:${r.review_date}`, r.review_date, 'looked-after', 'Looked-after review');
  for (const m of rows.missing) add(`missing:${m.start_date}`, m.start_date, 'looked-after', m.missing_type === 'A' ? 'Away from placement without authorisation' : 'Missing from placement');
  for (const e of rows.earlyHelp) {
    add(`early-help-start:${e.id}`, e.start_date, 'early-help', 'Early help started', [e.lead_professional && `lead professional ${e.lead_professional}`, e.lead_agency_name].filter(Boolean).join(', ') || null);
    add(`early-help-end:${e.id}`, e.end_date, 'early-help', 'Early help ended', e.outcome ? `outcome: ${e.outcome.replace(/_/g, ' ')}` : null);
  }
  for (const p of rows.cinPlans) {
    add(`cin-plan-start:${p.id}`, p.start_date, 'child-in-need', 'Child in need plan started');
    add(`cin-plan-end:${p.id}`, p.end_date, 'child-in-need', 'Child in need plan ended');
  }
  for (const r of rows.cinPlanReviews) add(`cin-plan-review:${r.plan_id}:${r.review_date}`, r.review_date, 'child-in-need', 'Child in need plan review');
  for (const p of rows.placedForAdoption) {
    add(`adoption-decision:${p.date_placed}`, p.date_placed, 'adoption', 'Decision that the child should be placed for adoption');
    add(`adoption-decision-ceased:${p.date_placed}`, p.date_placed_ceased, 'adoption', 'Decision that the child should no longer be placed for adoption', p.reason_placed_ceased ? `reason ${p.reason_placed_ceased}` : null);
  }
  if (rows.adoption) add('adoption-match', rows.adoption.date_match, 'adoption', 'Matched with adopters');
  for (const n of extras.notes) add(`note:${n.id}`, n.occurred_on, 'note', n.kind, n.summary);
  const significantByDefault = new Set(extras.notes.filter((n) => n.significant).map((n) => `note:${n.id}`));
  return events
    .map((e) => ({ ...e, significant: marked.has(e.key) || significantByDefault.has(e.key) }))
    // Same-day events keep the order of the journey (referral, strategy discussion, Section 47…): the sort is stable.
    .sort((a, b) => compareDates(a.date, b.date));
}
