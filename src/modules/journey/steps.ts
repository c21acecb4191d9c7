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
import {
  CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY, CARE_LEAVER_IN_TOUCH, CIN_CODES, LEGAL_STATUS, LEGAL_STATUS_OF_ADOPTERS, NUMBER_OF_ADOPTERS,
  PLACEMENT_PROVIDER, PLACEMENT_TYPE, REASON_CEASED, REASON_NEW_EPISODE, REASON_PLACED_CEASED, SEX_OF_ADOPTERS, type CodeList,
} from '../../core/codes/index.ts';
import type { JourneyRows } from './repository.ts';
import { dueDate, timescales } from './timescales.ts';

export type Field = {
  name: string;
  label: string;
  hint?: string;
  type: 'date' | 'select' | 'radios' | 'checkboxes' | 'text';
  options?: CodeList;
  /** Options whose codes mean nothing to a reader (record ids): show only their descriptions. */
  hideCodes?: boolean;
  optional?: boolean;
};

export type Values = Record<string, string | string[] | undefined>;
/** Choices a step may offer that come from the partnership: its agencies, and the child's brothers and sisters on record. */
export type Lookups = { agencies: CodeList; siblings: CodeList };
type Ctx = { child: Child; rows: JourneyRows; params: Record<string, string>; today: string; userId: string; lookups: Lookups };
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
function cinPlanOf(ctx: Ctx) {
  return ctx.rows.cinPlans.find((p) => p.id === ctx.params.cinPlanId);
}
type EarlyHelpOutcome = 'successful_sustained' | 'stepped_up' | 'stepped_down' | 'disengaged' | 'moved_away' | 'other';
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
      { name: 'year', label: 'Reporting year', hint: 'The year of the young person’s birthday, for example 2025-26', type: 'text' },
      { name: 'inTouch', label: 'In touch', type: 'select', options: CARE_LEAVER_IN_TOUCH },
      { name: 'activity', label: 'Main activity', hint: 'Leave blank if the young person has died or returned home', type: 'select', options: CARE_LEAVER_ACTIVITY, optional: true },
      { name: 'accommodation', label: 'Accommodation', hint: 'Leave blank if the young person has died or returned home', type: 'select', options: CARE_LEAVER_ACCOMMODATION, optional: true },
      { name: 'pathwayPlanDate', label: 'Date the pathway plan was last reviewed', type: 'date', optional: true },
    ],
    check: (v, ctx) => {
      const year = String(v.year ?? '');
      if (!/^\d{4}-\d{2}$/.test(year) || (Number(year.slice(0, 4)) + 1) % 100 !== Number(year.slice(5))) return [issue('year', 'Enter the reporting year like 2025-26')];
      const issues: FieldIssue[] = [];
      const inTouch = str(v, 'inTouch');
      // SSDA903 345: in touch, so activity and accommodation are known.
      if (inTouch === 'YES' && !str(v, 'activity')) issues.push(issue('activity', 'Select the main activity: the young person is in touch (SSDA903 rule 345)'));
      if (inTouch === 'YES' && !str(v, 'accommodation')) issues.push(issue('accommodation', 'Select the accommodation: the young person is in touch (SSDA903 rule 345)'));
      // SSDA903 344: died or returned home, so activity and accommodation are not reported.
      if ((inTouch === 'DIED' || inTouch === 'RHOM') && (str(v, 'activity') || str(v, 'accommodation'))) {
        issues.push(issue(str(v, 'activity') ? 'activity' : 'accommodation', 'Leave main activity and accommodation blank when the young person has died or returned home (SSDA903 rule 344)'));
      }
      // SSDA903 391: care leaver information is for young people who were 17 to 21 in the year.
      const dob = ctx.child.date_of_birth;
      if (dob) {
        const start = Number(year.slice(0, 4));
        // The birthday falling in the collection year (1 April to 31 March).
        const birthdayYear = dob.slice(5) >= '04-01' ? start : start + 1;
        const age = birthdayYear - Number(dob.slice(0, 4));
        if (age < 17 || age > 21) issues.push(issue('year', `The young person was ${age} on their birthday in ${year}: care leaver information is for ages 17 to 21 (SSDA903 rule 391)`));
      }
      if (ctx.rows.laEpisodes.length === 0) issues.push(issue('year', 'The child has never been looked after: there is no care leaver information to record'));
      // SSDA903 347: a care leaver under 18 (at the start of the year) cannot be accommodated in a foyer.
      if (dob && str(v, 'accommodation')?.startsWith('T') && compareDates(dob, `${Number(year.slice(0, 4)) - 18}-04-01`) > 0) {
        issues.push(issue('accommodation', 'A care leaver under 18 cannot be accommodated in a foyer (SSDA903 rule 347)'));
      }
      return issues;
    },
    save: async (trx, v, ctx) => {
      // Blank activity and accommodation are reported as 0 so that the three items are coded together (SSDA903 rule 153).
      const row = { in_touch: str(v, 'inTouch'), activity: str(v, 'activity') ?? '0', accommodation: str(v, 'accommodation') ?? '0', pathway_plan_date: str(v, 'pathwayPlanDate') };
      await trx.insertInto('care_leaver').values({ la_code: ctx.child.la_code, child_id: ctx.child.id, year: String(v.year), ...row })
        .onConflict((oc) => oc.columns(['la_code', 'child_id', 'year']).doUpdateSet(row)).execute();
    },
  },
  {
    id: 'cin-plan-start',
    path: 'episodes/:episodeId/cin-plans/new',
    title: 'Start a child in need plan',
    unavailable: (ctx) => (ctx.rows.episodes.some((e) => e.id === ctx.params.episodeId) ? undefined : 'There is no such episode of need for this child.'),
    fields: [{ name: 'startDate', label: 'Date the child in need plan started', type: 'date' }],
    check: (v, ctx) => {
      const e = episodeOf(ctx);
      const d = date(v, 'startDate');
      const issues: FieldIssue[] = [];
      // CIN 4000: no CIN plan on a referral with no further action.
      if (e.referral_nfa) issues.push(issue('startDate', 'A referral closed with no further action cannot have a child in need plan (CIN rule 4000)'));
      if (before(d, e.referral_date)) issues.push(issue('startDate', 'Date the child in need plan started cannot be before the referral date'));
      if (e.closure_date && before(e.closure_date, d)) issues.push(issue('startDate', `Date the child in need plan started cannot be after the case closed on ${e.closure_date} (CIN rule 8565)`));
      // CIN 4004: one open CIN plan at a time.
      if (ctx.rows.cinPlans.some((p) => !p.end_date)) issues.push(issue('startDate', 'This child already has an open child in need plan: end it first (CIN rule 4004)'));
      // CIN 4001: a CIN plan cannot run alongside a child protection plan (it may start the day the CP plan ends).
      if (ctx.rows.plans.some((p) => !before(d, p.start_date) && (!p.end_date || before(d, p.end_date)))) {
        issues.push(issue('startDate', 'A child in need plan cannot run at the same time as a child protection plan: end the child protection plan first (CIN rule 4001)'));
      }
      return issues;
    },
    save: async (trx, v, ctx) => {
      await trx.insertInto('cin_plan').values({ la_code: ctx.child.la_code, episode_id: ctx.params.episodeId!, child_id: ctx.child.id, start_date: date(v, 'startDate') }).execute();
    },
  },
  {
    id: 'cin-plan-review',
    path: 'cin-plans/:cinPlanId/reviews/new',
    title: 'Record a child in need plan review',
    unavailable: (ctx) => (cinPlanOf(ctx) ? undefined : 'There is no such child in need plan for this child.'),
    fields: [{ name: 'reviewDate', label: 'Date of the review', type: 'date' }],
    check: (v, ctx) => {
      const p = cinPlanOf(ctx)!;
      const d = date(v, 'reviewDate');
      if (before(d, p.start_date)) return [issue('reviewDate', 'Date of the review cannot be before the child in need plan started')];
      if (p.end_date && before(p.end_date, d)) return [issue('reviewDate', 'Date of the review cannot be after the child in need plan ended')];
      return [];
    },
    save: async (trx, v, ctx) => {
      await trx.insertInto('cin_plan_review').values({ la_code: ctx.child.la_code, plan_id: ctx.params.cinPlanId!, review_date: date(v, 'reviewDate') }).onConflict((oc) => oc.doNothing()).execute();
    },
  },
  {
    id: 'cin-plan-end',
    path: 'cin-plans/:cinPlanId/end',
    title: 'End the child in need plan',
    unavailable: (ctx) => {
      const p = cinPlanOf(ctx);
      return !p ? 'There is no such child in need plan for this child.' : p.end_date ? `This plan ended on ${p.end_date}.` : undefined;
    },
    fields: [{ name: 'endDate', label: 'Date the child in need plan ended', type: 'date' }],
    check: (v, ctx) => {
      const p = cinPlanOf(ctx)!;
      // CIN 4011: the end date cannot be earlier than the start date.
      return before(date(v, 'endDate'), p.start_date) ? [issue('endDate', 'Date the child in need plan ended cannot be before it started (CIN rule 4011)')] : [];
    },
    save: async (trx, v, ctx) => {
      await trx.updateTable('cin_plan').set({ end_date: date(v, 'endDate') }).where('la_code', '=', ctx.child.la_code).where('id', '=', ctx.params.cinPlanId!).execute();
    },
  },
  {
    id: 'early-help-start',
    path: 'early-help/new',
    title: 'Start an early help episode',
    unavailable: (ctx) => (ctx.rows.earlyHelp.some((e) => !e.end_date) ? 'This child is already in an open early help episode. End it before starting another.' : undefined),
    fields: (ctx) => [
      { name: 'startDate', label: 'Date early help started', type: 'date' },
      { name: 'leadProfessional', label: 'Lead professional', hint: 'Their name and role, for example Sam Patel, family support worker', type: 'text' },
      { name: 'leadAgency', label: 'Lead professional’s agency', type: 'select', options: ctx.lookups.agencies, hideCodes: true },
      ...(ctx.lookups.siblings.length ? [{ name: 'siblings', label: 'Other children in the family to include', hint: 'Early help works with the whole family. Select all that apply', type: 'checkboxes' as const, options: ctx.lookups.siblings, hideCodes: true, optional: true }] : []),
      { name: 'familyRef', label: 'Family reference', type: 'text', optional: true },
    ],
    save: async (trx, v, ctx) => {
      const episode = await trx.insertInto('early_help_episode').values({
        la_code: ctx.child.la_code, family_ref: str(v, 'familyRef'), start_date: date(v, 'startDate'), lead_professional: str(v, 'leadProfessional'), lead_professional_agency_id: str(v, 'leadAgency'),
      }).returning('id').executeTakeFirstOrThrow();
      const children = [ctx.child.id, ...((v.siblings as string[] | undefined) ?? [])];
      await trx.insertInto('early_help_child').values(children.map((child_id) => ({ la_code: ctx.child.la_code, episode_id: episode.id, child_id }))).onConflict((oc) => oc.doNothing()).execute();
    },
  },
  {
    id: 'early-help-end',
    path: 'early-help/:earlyHelpId/end',
    title: 'End the early help episode',
    unavailable: (ctx) => {
      const e = ctx.rows.earlyHelp.find((x) => x.id === ctx.params.earlyHelpId);
      return !e ? 'There is no such early help episode for this child.' : e.end_date ? `This early help episode ended on ${e.end_date}.` : undefined;
    },
    fields: [
      { name: 'endDate', label: 'Date early help ended', type: 'date' },
      { name: 'outcome', label: 'Outcome', type: 'radios', options: [['successful_sustained', 'Needs met, improvement sustained'], ['stepped_up', 'Stepped up to children’s social care'], ['stepped_down', 'Stepped down to universal services'], ['disengaged', 'Family did not engage'], ['moved_away', 'Family moved away'], ['other', 'Other']] },
    ],
    check: (v, ctx) => {
      const e = ctx.rows.earlyHelp.find((x) => x.id === ctx.params.earlyHelpId)!;
      return before(date(v, 'endDate'), e.start_date) ? [issue('endDate', 'Date early help ended cannot be before it started')] : [];
    },
    save: async (trx, v, ctx) => {
      // The episode is the family's: ending it ends it for every child in it.
      await trx.updateTable('early_help_episode').set({ end_date: date(v, 'endDate'), outcome: str(v, 'outcome') as EarlyHelpOutcome })
        .where('la_code', '=', ctx.child.la_code).where('id', '=', ctx.params.earlyHelpId!).execute();
    },
  },
  {
    id: 'adoption-decision',
    path: 'adoption/decisions/new',
    title: 'Record the decision that the child should be placed for adoption',
    unavailable: (ctx) => {
      if (ctx.rows.laEpisodes.length === 0) return 'The child is not looked after: a decision to place for adoption is recorded for a looked-after child.';
      return ctx.rows.placedForAdoption.some((p) => !p.date_placed_ceased) ? 'There is already a decision to place this child for adoption.' : undefined;
    },
    fields: [{ name: 'datePlaced', label: 'Date of the decision that the child should be placed for adoption', type: 'date' }],
    check: (v, ctx) => {
      const d = date(v, 'datePlaced');
      const current = ctx.rows.laEpisodes.at(-1)!;
      // SSDA903 117: the decision cannot fall after the child ceased to be looked after.
      if (current.dec && before(current.dec, d)) return [issue('datePlaced', `Date of the decision cannot be after the child stopped being looked after on ${current.dec} (SSDA903 rule 117)`)];
      if (before(d, ctx.rows.laEpisodes[0]!.decom)) return [issue('datePlaced', 'Date of the decision cannot be before the child became looked after')];
      return [];
    },
    save: async (trx, v, ctx) => {
      await trx.insertInto('placed_for_adoption').values({ la_code: ctx.child.la_code, child_id: ctx.child.id, date_placed: date(v, 'datePlaced') }).execute();
    },
  },
  {
    id: 'adoption-decision-ceased',
    path: 'adoption/decisions/ceased',
    title: 'Record that the child should no longer be placed for adoption',
    unavailable: (ctx) => (ctx.rows.placedForAdoption.some((p) => !p.date_placed_ceased) ? undefined : 'There is no decision to place this child for adoption.'),
    fields: [
      { name: 'dateCeased', label: 'Date of the decision that the child should no longer be placed for adoption', type: 'date' },
      { name: 'reason', label: 'Reason', type: 'select', options: REASON_PLACED_CEASED },
    ],
    check: (v, ctx) => {
      const open = ctx.rows.placedForAdoption.find((p) => !p.date_placed_ceased)!;
      // SSDA903 522: no earlier than the decision it reverses.
      return before(date(v, 'dateCeased'), open.date_placed) ? [issue('dateCeased', `Date the decision was reversed cannot be before the decision on ${open.date_placed} (SSDA903 rule 522)`)] : [];
    },
    save: async (trx, v, ctx) => {
      const open = ctx.rows.placedForAdoption.find((p) => !p.date_placed_ceased)!;
      // SSDA903 119: the date and the reason are recorded together (both fields are required above).
      await trx.updateTable('placed_for_adoption').set({ date_placed_ceased: date(v, 'dateCeased'), reason_placed_ceased: str(v, 'reason') })
        .where('la_code', '=', ctx.child.la_code).where('child_id', '=', ctx.child.id).where('date_placed', '=', open.date_placed).execute();
    },
  },
  {
    id: 'adoption-details',
    path: 'adoption/details',
    title: 'Record adoption details (AD1)',
    unavailable: (ctx) => (ctx.rows.laEpisodes.length ? undefined : 'The child has never been looked after: adoption details are recorded for a looked-after child.'),
    fields: [
      { name: 'dateInt', label: 'Date the child should be placed for adoption', type: 'date' },
      { name: 'dateMatch', label: 'Date the child was matched with the adopters', type: 'date' },
      { name: 'fosterCare', label: 'Is the child being adopted by their former foster carers?', type: 'radios', options: YES_NO },
      { name: 'numberAdopters', label: 'Number of adopters', type: 'radios', options: NUMBER_OF_ADOPTERS },
      { name: 'sexAdopters', label: 'Sex of the adopters', type: 'select', options: SEX_OF_ADOPTERS },
      { name: 'legalStatusAdopters', label: 'Legal status of the adopters', type: 'select', options: LEGAL_STATUS_OF_ADOPTERS },
    ],
    check: (v, ctx) => {
      const issues: FieldIssue[] = [];
      // SSDA903 333: should be placed for adoption on or before the match.
      if (before(date(v, 'dateMatch'), date(v, 'dateInt'))) issues.push(issue('dateMatch', 'Date the child was matched cannot be before the date they should be placed for adoption (SSDA903 rule 333)'));
      // SSDA903 334: the latest period of care starts on or before the date should be placed for adoption.
      const periodStart = [...ctx.rows.laEpisodes].reverse().find((e) => e.rne === 'S')?.decom ?? ctx.rows.laEpisodes[0]?.decom;
      if (before(date(v, 'dateInt'), periodStart)) issues.push(issue('dateInt', `Date the child should be placed for adoption cannot be before the latest period of care started on ${periodStart} (SSDA903 rule 334)`));
      const sex = str(v, 'sexAdopters') ?? '';
      const single = sex === 'M1' || sex === 'F1';
      // SSDA903 511: two adopters are a couple.
      if (v.numberAdopters === '2' && single) issues.push(issue('sexAdopters', 'Two adopters are a couple: choose MM, FF or MF (SSDA903 rule 511)'));
      if (v.numberAdopters === '1' && !single) issues.push(issue('sexAdopters', 'One adopter: choose M1 or F1 (SSDA903 rule 511)'));
      // SSDA903 514, 517-520, 524: the legal status of the adopters fits their sexes.
      const fits: Record<string, [string[], string]> = {
        L0: [['M1', 'F1'], '514'], L11: [['MF'], '520'], L12: [['MM', 'FF'], '524'], L2: [['MM', 'FF', 'MF'], '519'], L3: [['MF'], '517'], L4: [['MM', 'FF'], '518'],
      };
      const rule = fits[str(v, 'legalStatusAdopters') ?? ''];
      if (rule && sex && !rule[0].includes(sex)) issues.push(issue('legalStatusAdopters', `Legal status of the adopters does not fit their sex (${sex}): it needs ${rule[0].join(' or ')} (SSDA903 rule ${rule[1]})`));
      return issues;
    },
    save: async (trx, v, ctx) => {
      const row = {
        date_int: date(v, 'dateInt'), date_match: date(v, 'dateMatch'), foster_care: v.fosterCare === 'yes', number_adopters: str(v, 'numberAdopters'),
        sex_adopters: str(v, 'sexAdopters'), ls_adopters: str(v, 'legalStatusAdopters'),
      };
      await trx.insertInto('adoption').values({ la_code: ctx.child.la_code, child_id: ctx.child.id, ...row }).onConflict((oc) => oc.columns(['la_code', 'child_id']).doUpdateSet(row)).execute();
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
