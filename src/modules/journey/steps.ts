/**
 * Recording a child's journey, one statutory step at a time. Each step is a small definition:
 * its fields (GOV.UK patterns), the statutory rules checked before saving (quoting the CIN census
 * or SSDA903 rule where there is one), and what it writes. The routes render and save every step
 * the same way, so each rule lives in one place.
 */
import type { Transaction } from '../../core/db/kysely.ts';
import type { Child, Database } from '../../core/db/schema.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { compareDates, isIsoDate } from '../../core/dates.ts';
import { CIN_CODES, LEGAL_STATUS, PLACEMENT_PROVIDER, PLACEMENT_TYPE, REASON_CEASED, REASON_NEW_EPISODE, type CodeList } from '../../core/codes/index.ts';
import type { JourneyRows } from './repository.ts';
import { dueDate, timescales } from './timescales.ts';

export type Field = {
  name: string;
  label: string;
  hint?: string;
  type: 'date' | 'select' | 'radios' | 'checkboxes' | 'text';
  options?: CodeList;
  optional?: boolean;
};

export type Values = Record<string, string | string[] | undefined>;
type Ctx = { child: Child; rows: JourneyRows; params: Record<string, string>; today: string; userId: string };
export type Step = {
  id: string;
  /** Path under /children/:id/ */
  path: string;
  title: string;
  /** Why the step cannot be recorded now (e.g. no open episode), or undefined when it can. */
  unavailable?: (ctx: Ctx) => string | undefined;
  fields: Field[] | ((ctx: Ctx) => Field[]);
  check?: (v: Values, ctx: Ctx) => FieldIssue[];
  save: (trx: Transaction<Database>, v: Values, ctx: Ctx) => Promise<void>;
};

const YES_NO: CodeList = [['yes', 'Yes'], ['no', 'No']];
const str = (v: Values, name: string): string | null => (typeof v[name] === 'string' && v[name] !== '' ? (v[name] as string) : null);
const date = (v: Values, name: string): string => v[name] as string;
const before = (a: string | null | undefined, b: string | null | undefined): boolean => Boolean(a && b && compareDates(a, b) < 0);
const issue = (field: string, message: string): FieldIssue => ({ field, message });

/** The episode of need in progress: open and not a referral with no further action. */
function openEpisode(ctx: Ctx) {
  return ctx.rows.episodes.find((e) => !e.closure_date && !e.referral_nfa);
}
function episodeOf(ctx: Ctx) {
  const e = ctx.rows.episodes.find((x) => x.id === ctx.params.episodeId);
  if (!e) throw new Error('episode not found');
  return e;
}

/** Checks that every date field is not in the future and not before the child was born. */
function commonDateChecks(fields: Field[], v: Values, ctx: Ctx): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const f of fields.filter((x) => x.type === 'date')) {
    const d = str(v, f.name);
    if (!d) continue;
    if (compareDates(d, ctx.today) > 0) issues.push(issue(f.name, `${f.label} must be today or in the past`));
    else if (before(d, ctx.child.date_of_birth)) issues.push(issue(f.name, `${f.label} must be on or after the child’s date of birth`));
  }
  return issues;
}

export const STEPS: Step[] = [
  {
    id: 'contact',
    path: 'contacts/new',
    title: 'Record a contact',
    fields: [
      { name: 'contactDate', label: 'Date of the contact', type: 'date' },
      { name: 'source', label: 'Who made the contact', type: 'select', options: CIN_CODES.referralSource },
      { name: 'summary', label: 'What the contact was about', type: 'text' },
    ],
    save: async (trx, v, ctx) => {
      await trx.insertInto('contact').values({ la_code: ctx.child.la_code, child_id: ctx.child.id, contact_date: date(v, 'contactDate'), source: str(v, 'source'), detail: JSON.stringify({ summary: str(v, 'summary') }) }).execute();
    },
  },
  {
    id: 'referral',
    path: 'referrals/new',
    title: 'Record a referral',
    unavailable: (ctx) => (openEpisode(ctx) ? 'This child already has an open episode of need. Close it before recording a new referral.' : undefined),
    fields: [
      { name: 'referralDate', label: 'Date of referral', type: 'date' },
      { name: 'referralSource', label: 'Source of referral', type: 'select', options: CIN_CODES.referralSource },
      { name: 'primaryNeed', label: 'Primary need', type: 'select', options: CIN_CODES.primaryNeed },
      { name: 'referralNfa', label: 'Was the referral closed with no further action?', type: 'radios', options: YES_NO },
    ],
    check: (v, ctx) => {
      const d = date(v, 'referralDate');
      // CIN 8820: the dates on the CIN episodes for this child overlap.
      const overlaps = ctx.rows.episodes.some((e) => e.closure_date && compareDates(d, e.closure_date) < 0);
      return overlaps ? [issue('referralDate', 'Date of referral must be after the child’s previous episode closed (CIN rule 8820: episodes cannot overlap)')] : [];
    },
    save: async (trx, v, ctx) => {
      // A referral with no further action stays as it is: the census allows it open (rule 8815) and
      // it starts no clock; it does not stop a later referral.
      await trx.insertInto('cin_episode').values({
        la_code: ctx.child.la_code, child_id: ctx.child.id, referral_date: date(v, 'referralDate'), referral_source: str(v, 'referralSource'),
        primary_need: str(v, 'primaryNeed'), referral_nfa: v.referralNfa === 'yes',
        team_id: ctx.child.team_id, allocated_worker_id: ctx.child.allocated_worker_id, rule_version: timescales().version,
      }).execute();
    },
  },
  {
    id: 'assessment-start',
    path: 'episodes/:episodeId/assessments/new',
    title: 'Start a child and family assessment',
    fields: [{ name: 'startDate', label: 'Date the assessment started', type: 'date' }],
    check: (v, ctx) => {
      const e = episodeOf(ctx);
      // CIN 1103: the assessment start date cannot be before the referral date.
      return before(date(v, 'startDate'), e.referral_date) ? [issue('startDate', 'Date the assessment started cannot be before the referral date (CIN rule 1103)')] : [];
    },
    save: async (trx, v, ctx) => {
      await trx.insertInto('assessment').values({ la_code: ctx.child.la_code, episode_id: ctx.params.episodeId!, child_id: ctx.child.id, start_date: date(v, 'startDate') }).execute();
    },
  },
  {
    id: 'assessment-authorise',
    path: 'assessments/:assessmentId/authorise',
    title: 'Authorise the assessment',
    fields: [
      { name: 'authorisationDate', label: 'Date the assessment was authorised', type: 'date' },
      { name: 'factors', label: 'Factors identified at the end of assessment', hint: 'Select all that apply', type: 'checkboxes', options: CIN_CODES.assessmentFactors },
      { name: 'outcome', label: 'Outcome', type: 'radios', options: [['nfa', 'No further action'], ['early_help', 'Step down to early help'], ['cin_plan', 'Child in need plan'], ['s47', 'Strategy discussion (Section 47)']] },
      { name: 'extensionReason', label: 'If authorised after 45 working days, why', type: 'text', optional: true },
    ],
    check: (v, ctx) => {
      const a = ctx.rows.assessments.find((x) => x.id === ctx.params.assessmentId);
      const e = ctx.rows.episodes.find((x) => x.id === a?.episode_id);
      const issues: FieldIssue[] = [];
      if (a && before(date(v, 'authorisationDate'), a.start_date)) issues.push(issue('authorisationDate', 'Date the assessment was authorised cannot be before it started'));
      if (e && a) {
        const due = dueFor(e.referral_date);
        if (compareDates(date(v, 'authorisationDate'), due) > 0 && !str(v, 'extensionReason')) {
          issues.push(issue('extensionReason', `Enter why the assessment took longer than 45 working days (it was due by ${due})`));
        }
      }
      if ((v.factors as string[] | undefined)?.length === 0) issues.push(issue('factors', 'Select the factors identified, or “21 No factors identified”'));
      return issues;
    },
    save: async (trx, v, ctx) => {
      await trx.updateTable('assessment').set({
        authorisation_date: date(v, 'authorisationDate'), factors: (v.factors as string[]) ?? [], outcome: str(v, 'outcome'),
        extension_reason: str(v, 'extensionReason'), extension_signed_off_by: str(v, 'extensionReason') ? ctx.userId : null,
      }).where('la_code', '=', ctx.child.la_code).where('id', '=', ctx.params.assessmentId!).execute();
    },
  },
  {
    id: 'strategy-discussion',
    path: 'episodes/:episodeId/strategy-discussions/new',
    title: 'Record a strategy discussion',
    fields: [
      { name: 'heldOn', label: 'Date of the strategy discussion', type: 'date' },
      { name: 'decision', label: 'Decision', type: 'radios', options: [['s47_single', 'Section 47 enquiry (single agency)'], ['s47_joint', 'Section 47 enquiry (joint with police)'], ['no_s47', 'No Section 47 enquiry']] },
    ],
    check: (v, ctx) => (before(date(v, 'heldOn'), episodeOf(ctx).referral_date) ? [issue('heldOn', 'Date of the strategy discussion cannot be before the referral date')] : []),
    save: async (trx, v, ctx) => {
      const discussion = await trx.insertInto('strategy_discussion').values({ la_code: ctx.child.la_code, episode_id: ctx.params.episodeId!, child_id: ctx.child.id, held_on: date(v, 'heldOn'), decision: str(v, 'decision') as 's47_single' | 's47_joint' | 'no_s47', attendees: null, actions: null }).returning('id').executeTakeFirstOrThrow();
      // A decision for Section 47 starts the enquiry on the day of the discussion (S47ActualStartDate).
      if (v.decision !== 'no_s47') {
        await trx.insertInto('s47_enquiry').values({
          la_code: ctx.child.la_code, episode_id: ctx.params.episodeId!, child_id: ctx.child.id, strategy_discussion_id: discussion.id,
          start_date: date(v, 'heldOn'), icpc_target_date: dueIcpc(date(v, 'heldOn')), rule_version: timescales().version,
        }).onConflict((oc) => oc.doNothing()).execute();
      }
    },
  },
  {
    id: 's47-outcome',
    path: 's47/:s47Id/outcome',
    title: 'Record the outcome of the Section 47 enquiry',
    fields: [
      { name: 'outcome', label: 'Outcome', type: 'radios', options: [['not_substantiated', 'Concerns not substantiated'], ['substantiated_icpc', 'Substantiated: child likely to suffer significant harm (initial conference)'], ['substantiated_no_icpc', 'Substantiated: not likely to suffer significant harm']] },
      { name: 'icpcDate', label: 'Date of the initial child protection conference', hint: 'Leave blank if no conference is needed', type: 'date', optional: true },
      { name: 'planStarted', label: 'Did the conference make a child protection plan?', type: 'radios', options: YES_NO, optional: true },
      { name: 'category', label: 'Initial category of abuse', type: 'select', options: CIN_CODES.categoryOfAbuse, optional: true },
    ],
    check: (v, ctx) => {
      const s = ctx.rows.s47s.find((x) => x.id === ctx.params.s47Id);
      const e = ctx.rows.episodes.find((x) => x.id === s?.episode_id);
      const icpc = str(v, 'icpcDate');
      const issues: FieldIssue[] = [];
      if (v.outcome === 'substantiated_icpc' && !icpc) issues.push(issue('icpcDate', 'Enter the date of the initial child protection conference'));
      if (icpc && before(icpc, e?.referral_date)) issues.push(issue('icpcDate', 'Date of the initial conference cannot be before the referral date (CIN rule 1104)'));
      if (icpc && before(icpc, s?.start_date)) issues.push(issue('icpcDate', 'Date of the initial conference cannot be before the Section 47 enquiry started'));
      if (v.planStarted === 'yes' && !str(v, 'category')) issues.push(issue('category', 'Select the initial category of abuse'));
      if (v.planStarted === 'yes' && !icpc) issues.push(issue('icpcDate', 'A plan is made at a conference: enter its date'));
      return issues;
    },
    save: async (trx, v, ctx) => {
      const s = ctx.rows.s47s.find((x) => x.id === ctx.params.s47Id)!;
      const icpc = str(v, 'icpcDate');
      await trx.updateTable('s47_enquiry').set({ outcome: str(v, 'outcome'), icpc_date: icpc, icpc_not_required: !icpc })
        .where('la_code', '=', ctx.child.la_code).where('id', '=', s.id).execute();
      if (v.planStarted === 'yes' && icpc) {
        const previous = ctx.rows.plans.filter((p) => p.end_date).length;
        await trx.insertInto('cp_plan').values({ la_code: ctx.child.la_code, episode_id: s.episode_id, child_id: ctx.child.id, start_date: icpc, initial_category: str(v, 'category'), latest_category: str(v, 'category'), previous_plans: previous }).execute();
      }
    },
  },
  {
    id: 'cp-review',
    path: 'plans/:planId/reviews/new',
    title: 'Record a review child protection conference',
    fields: [
      { name: 'reviewDate', label: 'Date of the review conference', type: 'date' },
      { name: 'continues', label: 'Does the plan continue?', type: 'radios', options: YES_NO },
      { name: 'category', label: 'Latest category of abuse', type: 'select', options: CIN_CODES.categoryOfAbuse, optional: true },
    ],
    check: (v, ctx) => {
      const p = ctx.rows.plans.find((x) => x.id === ctx.params.planId);
      return before(date(v, 'reviewDate'), p?.start_date) ? [issue('reviewDate', 'Date of the review cannot be before the plan started')] : [];
    },
    save: async (trx, v, ctx) => {
      await trx.insertInto('cp_review').values({ la_code: ctx.child.la_code, plan_id: ctx.params.planId!, review_date: date(v, 'reviewDate') }).execute();
      const changes = {
        ...(str(v, 'category') ? { latest_category: str(v, 'category') } : {}),
        ...(v.continues === 'no' ? { end_date: date(v, 'reviewDate') } : {}),
      };
      if (Object.keys(changes).length) {
        await trx.updateTable('cp_plan').set(changes).where('la_code', '=', ctx.child.la_code).where('id', '=', ctx.params.planId!).execute();
      }
    },
  },
  {
    id: 'cp-visit',
    path: 'plans/:planId/visits/new',
    title: 'Record a child protection visit',
    fields: [
      { name: 'visitDate', label: 'Date of the visit', type: 'date' },
      { name: 'seenAlone', label: 'Was the child seen alone?', type: 'radios', options: YES_NO },
    ],
    save: async (trx, v, ctx) => {
      await trx.insertInto('cp_visit').values({ la_code: ctx.child.la_code, plan_id: ctx.params.planId!, visit_date: date(v, 'visitDate'), seen_alone: v.seenAlone === 'yes' }).onConflict((oc) => oc.doNothing()).execute();
    },
  },
  {
    id: 'core-group',
    path: 'plans/:planId/core-groups/new',
    title: 'Record a core group meeting',
    fields: [{ name: 'meetingDate', label: 'Date of the core group', type: 'date' }],
    save: async (trx, v, ctx) => {
      await trx.insertInto('core_group').values({ la_code: ctx.child.la_code, plan_id: ctx.params.planId!, meeting_date: date(v, 'meetingDate') }).onConflict((oc) => oc.doNothing()).execute();
    },
  },
  {
    id: 'cp-end',
    path: 'plans/:planId/end',
    title: 'End the child protection plan',
    fields: [{ name: 'endDate', label: 'Date the plan ended', type: 'date' }],
    check: (v, ctx) => {
      const p = ctx.rows.plans.find((x) => x.id === ctx.params.planId);
      return before(date(v, 'endDate'), p?.start_date) ? [issue('endDate', 'Date the plan ended cannot be before it started')] : [];
    },
    save: async (trx, v, ctx) => {
      await trx.updateTable('cp_plan').set({ end_date: date(v, 'endDate') }).where('la_code', '=', ctx.child.la_code).where('id', '=', ctx.params.planId!).execute();
    },
  },
  {
    id: 'close-episode',
    path: 'episodes/:episodeId/close',
    title: 'Close the episode of need',
    fields: [
      { name: 'closureDate', label: 'Date the case closed', type: 'date' },
      { name: 'reason', label: 'Reason for closure', type: 'select', options: CIN_CODES.reasonForClosure },
    ],
    check: (v, ctx) => {
      const e = episodeOf(ctx);
      const d = date(v, 'closureDate');
      const issues: FieldIssue[] = [];
      // CIN 8630: the closure date cannot be before the referral date.
      if (before(d, e.referral_date)) issues.push(issue('closureDate', 'Date the case closed cannot be before the referral date (CIN rule 8630)'));
      // CIN 8867 / 8868: everything on the episode must be finished first.
      if (ctx.rows.assessments.some((a) => a.episode_id === e.id && !a.authorisation_date)) issues.push(issue('closureDate', 'Authorise the open assessment before closing the case (CIN rule 8867)'));
      if (ctx.rows.s47s.some((s) => s.episode_id === e.id && !s.icpc_date && !s.icpc_not_required)) issues.push(issue('closureDate', 'Record the outcome of the Section 47 enquiry before closing the case (CIN rule 8868)'));
      if (ctx.rows.plans.some((p) => p.episode_id === e.id && !p.end_date)) issues.push(issue('closureDate', 'End the child protection plan before closing the case'));
      // CIN 8565: activity shown after a case has been closed.
      const latest = [...ctx.rows.assessments.filter((a) => a.episode_id === e.id).map((a) => a.authorisation_date), ...ctx.rows.plans.filter((p) => p.episode_id === e.id).map((p) => p.end_date)].filter(Boolean).sort().at(-1);
      if (latest && before(d, latest)) issues.push(issue('closureDate', `Date the case closed cannot be before the last activity on ${latest} (CIN rule 8565)`));
      return issues;
    },
    save: async (trx, v, ctx) => {
      await trx.updateTable('cin_episode').set({ closure_date: date(v, 'closureDate'), closure_reason: str(v, 'reason') }).where('la_code', '=', ctx.child.la_code).where('id', '=', ctx.params.episodeId!).execute();
    },
  },
  {
    id: 'looked-after-start',
    path: 'looked-after/new',
    title: 'Record a period of care, placement or legal status',
    unavailable: () => undefined,
    fields: [
      { name: 'decom', label: 'Date this episode started', type: 'date' },
      { name: 'rne', label: 'Reason for the new episode', type: 'select', options: REASON_NEW_EPISODE },
      { name: 'legalStatus', label: 'Legal status', type: 'select', options: LEGAL_STATUS },
      { name: 'place', label: 'Placement type', type: 'select', options: PLACEMENT_TYPE },
      { name: 'provider', label: 'Placement provider', type: 'select', options: PLACEMENT_PROVIDER },
      { name: 'placePostcode', label: 'Placement postcode', type: 'text', optional: true },
    ],
    check: (v, ctx) => {
      const current = ctx.rows.laEpisodes.at(-1);
      const issues: FieldIssue[] = [];
      if (current && !current.dec && v.rne === 'S') issues.push(issue('rne', 'The child is already looked after: choose a change of placement or legal status'));
      if (current && !current.dec && before(date(v, 'decom'), current.decom)) issues.push(issue('decom', 'Date this episode started cannot be before the current episode started'));
      if ((!current || current.dec) && v.rne !== 'S') issues.push(issue('rne', 'A child who is not looked after starts a period of care: choose “S Started to be looked after”'));
      return issues;
    },
    save: async (trx, v, ctx) => {
      const current = ctx.rows.laEpisodes.at(-1);
      // A change ends the current episode the same day (REC X1), as SSDA903 chains episodes.
      if (current && !current.dec) {
        await trx.updateTable('la_episode').set({ dec: date(v, 'decom'), rec: 'X1' }).where('la_code', '=', ctx.child.la_code).where('id', '=', current.id).execute();
      }
      await trx.insertInto('la_episode').values({
        la_code: ctx.child.la_code, child_id: ctx.child.id, decom: date(v, 'decom'), rne: str(v, 'rne'), legal_status: str(v, 'legalStatus'),
        place: str(v, 'place'), place_provider: str(v, 'provider'), pl_post: str(v, 'placePostcode'), home_post: ctx.child.postcode,
      }).execute();
    },
  },
  {
    id: 'looked-after-end',
    path: 'looked-after/end',
    title: 'Record that the child stopped being looked after',
    unavailable: (ctx) => (ctx.rows.laEpisodes.at(-1)?.dec === null ? undefined : 'The child is not looked after.'),
    fields: [
      { name: 'dec', label: 'Date the child stopped being looked after', type: 'date' },
      { name: 'rec', label: 'Reason', type: 'select', options: REASON_CEASED.filter(([c]) => c !== 'X1') },
    ],
    check: (v, ctx) => (before(date(v, 'dec'), ctx.rows.laEpisodes.at(-1)?.decom) ? [issue('dec', 'Date the child stopped being looked after cannot be before the episode started')] : []),
    save: async (trx, v, ctx) => {
      const current = ctx.rows.laEpisodes.at(-1)!;
      await trx.updateTable('la_episode').set({ dec: date(v, 'dec'), rec: str(v, 'rec') }).where('la_code', '=', ctx.child.la_code).where('id', '=', current.id).execute();
    },
  },
  {
    id: 'looked-after-review',
    path: 'looked-after/reviews/new',
    title: 'Record a looked-after review',
    fields: [{ name: 'reviewDate', label: 'Date of the review', type: 'date' }],
    save: async (trx, v, ctx) => {
      await trx.insertInto('la_review').values({ la_code: ctx.child.la_code, child_id: ctx.child.id, review_date: date(v, 'reviewDate'), review_code: null }).onConflict((oc) => oc.doNothing()).execute();
    },
  },
  {
    id: 'looked-after-visit',
    path: 'looked-after/visits/new',
    title: 'Record a looked-after visit',
    fields: [
      { name: 'visitDate', label: 'Date of the visit', type: 'date' },
      { name: 'seenAlone', label: 'Was the child seen alone?', type: 'radios', options: YES_NO },
    ],
    save: async (trx, v, ctx) => {
      await trx.insertInto('la_visit').values({ la_code: ctx.child.la_code, child_id: ctx.child.id, visit_date: date(v, 'visitDate'), seen_alone: v.seenAlone === 'yes' }).onConflict((oc) => oc.doNothing()).execute();
    },
  },
  {
    id: 'care-leaver',
    path: 'care-leaver/new',
    title: 'Record care leaver information',
    fields: [
      { name: 'year', label: 'Reporting year', hint: 'For example 2025-26', type: 'text' },
      { name: 'inTouch', label: 'In touch', type: 'select', options: [['YES', 'Yes'], ['NO', 'No'], ['DIED', 'Died'], ['REFU', 'Refused'], ['NREQ', 'Not required'], ['RHOM', 'Returned home']] },
      { name: 'activity', label: 'Main activity', type: 'select', options: [['F1', 'Full-time higher education'], ['P1', 'Part-time higher education'], ['F2', 'Full-time education other than higher'], ['P2', 'Part-time education other than higher'], ['F3', 'Full-time training or employment'], ['P3', 'Part-time training or employment'], ['G4', 'Not in education, training or employment: illness or disability'], ['G5', 'Not in education, training or employment: other'], ['G6', 'Not in education, training or employment: pregnancy or parenting']] },
      { name: 'accommodation', label: 'Accommodation', type: 'select', options: [['B1', 'With parents or relatives: suitable'], ['B2', 'With parents or relatives: not suitable'], ['C1', 'Community home: suitable'], ['D1', 'Semi-independent, transitional: suitable'], ['E1', 'Supported lodgings: suitable'], ['G1', 'Gone abroad: suitable'], ['H1', 'Deported: suitable'], ['K1', 'Ordinary lodgings: suitable'], ['R1', 'Residence with former foster carer: suitable'], ['S1', 'Independent living: suitable'], ['S2', 'Independent living: not suitable'], ['T1', 'Foyers: suitable']] },
    ],
    check: (v) => (/^\d{4}-\d{2}$/.test(String(v.year ?? '')) ? [] : [issue('year', 'Enter the reporting year like 2025-26')]),
    save: async (trx, v, ctx) => {
      await trx.insertInto('care_leaver').values({ la_code: ctx.child.la_code, child_id: ctx.child.id, year: String(v.year), in_touch: str(v, 'inTouch'), activity: str(v, 'activity'), accommodation: str(v, 'accommodation') })
        .onConflict((oc) => oc.columns(['la_code', 'child_id', 'year']).doUpdateSet({ in_touch: str(v, 'inTouch'), activity: str(v, 'activity'), accommodation: str(v, 'accommodation') })).execute();
    },
  },
];

const dueFor = (referralDate: string): string => dueDate(timescales().clocks.assessment, referralDate);
const dueIcpc = (from: string): string => dueDate(timescales().clocks.icpc, from);

/** Reads a posted form for a step into values, with GOV.UK-worded issues for anything missing or malformed. */
export function readForm(fields: Field[], body: Record<string, unknown>): { values: Values; issues: FieldIssue[] } {
  const values: Values = {};
  const issues: FieldIssue[] = [];
  for (const f of fields) {
    const lower = f.label.charAt(0).toLowerCase() + f.label.slice(1);
    if (f.type === 'date') {
      const [d, m, y] = ['day', 'month', 'year'].map((p) => String(body[`${f.name}-${p}`] ?? '').trim());
      if (!d && !m && !y) {
        if (!f.optional) issues.push(issue(f.name, `Enter the ${lower}`));
        continue;
      }
      const iso = `${y!.padStart(4, '0')}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
      if (!/^\d{4}$/.test(y!) || !isIsoDate(iso)) issues.push(issue(f.name, `${f.label} must be a real date`));
      else values[f.name] = iso;
    } else if (f.type === 'checkboxes') {
      const raw = body[f.name];
      const picked = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
      const allowed = new Set((f.options ?? []).map(([c]) => c));
      if (picked.some((p) => !allowed.has(p))) issues.push(issue(f.name, `Select ${lower} from the list`));
      values[f.name] = picked;
    } else {
      const raw = String(body[f.name] ?? '').trim();
      if (!raw) {
        if (!f.optional) issues.push(issue(f.name, f.type === 'text' ? `Enter the ${lower}` : `Select ${lower}`));
        continue;
      }
      if (f.options && !f.options.some(([c]) => c === raw)) issues.push(issue(f.name, `Select ${lower} from the list`));
      else if (raw.length > 500) issues.push(issue(f.name, `${f.label} must be 500 characters or fewer`));
      else values[f.name] = raw;
    }
  }
  return { values, issues };
}

export function fieldsOf(step: Step, ctx: Ctx): Field[] {
  return typeof step.fields === 'function' ? step.fields(ctx) : step.fields;
}

export function runChecks(step: Step, values: Values, ctx: Ctx): FieldIssue[] {
  return [...commonDateChecks(fieldsOf(step, ctx), values, ctx), ...(step.check?.(values, ctx) ?? [])];
}

export type StepContext = Ctx;
