/**
 * Reading the front door's forms at the edge: typed values out, GOV.UK wording for every problem
 * ("Enter the child’s first name"), one issue per field.
 */
import type { ConsentState, MashDecision, RagRating } from '../../core/db/schema.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { compareDates, isIsoDate } from '../../core/dates.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import { londonInstant } from '../../core/calendar/london-time.ts';
import { CIN_CODES } from '../../core/codes/index.ts';
import { CONSENT_STATES, DECISIONS, FAMILY_AWARE, INFORM_PARENTS, LAWFUL_BASES, STRATEGY_DECISIONS } from './vocabulary.ts';
import { RAG_RATINGS } from './config.ts';

type Body = Record<string, unknown>;

const text = (body: Body, name: string, max = 10_000): string => String(body[name] ?? '').trim().slice(0, max);
const optional = (body: Body, name: string, max = 500): string | null => text(body, name, max) || null;
const oneOf = <T extends string>(list: readonly (readonly [T, string])[], value: string): T | null => (list.some(([v]) => v === value) ? (value as T) : null);
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GOV.UK date input (`name-day`, `name-month`, `name-year`): the ISO date, null when blank, or an issue. */
export function readDate(body: Body, name: string, label: string, options: { required?: boolean; notAfter?: string } = {}): { value: string | null; issue?: FieldIssue } {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(body, `${name}-${p}`, 10));
  if (!d && !m && !y) return options.required ? { value: null, issue: { field: name, message: `Enter the ${label}` } } : { value: null };
  const iso = `${y!.padStart(4, '0')}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  if (!/^\d{4}$/.test(y!) || !/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !isIsoDate(iso)) return { value: null, issue: { field: name, message: `The ${label} must be a real date` } };
  if (options.notAfter && compareDates(iso, options.notAfter) > 0) return { value: null, issue: { field: name, message: `The ${label} must be today or in the past` } };
  return { value: iso };
}

/** Splits an ISO date into the three boxes of a GOV.UK date input, for redisplay. */
export function dateParts(name: string, iso: string | null): Record<string, string> {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
}

export type ContactFormInput = {
  receivedAt: Date;
  source: string | null;
  sourceDetail: string | null;
  referrerAgencyId: string | null;
  agencyReference: string | null;
  referrer: { name: string | null; role: string | null; email: string | null; phone: string | null };
  child: { firstName: string; lastName: string; dateOfBirth: string | null; details: Record<string, string> };
  concerns: string;
  familyAware: 'yes' | 'no' | 'not_known';
  familyAwareDetail: string | null;
  consent: { state: ConsentState; reason: string | null };
};

/**
 * The contact form, as the hub records a phone or email contact (`hub`: when it came, how, from
 * which agency and source) or as a partner practitioner submits one in the portal (`portal`: the
 * agency and referrer are the signed-in practitioner's).
 */
export function checkContactForm(body: Body, mode: 'hub' | 'portal', now: Date): { input: ContactFormInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const today = londonDateOf(now);
  let receivedAt = now;
  let source: string | null = null;
  let sourceDetail: string | null = null;
  let referrerAgencyId: string | null = null;
  if (mode === 'hub') {
    const on = readDate(body, 'receivedOn', 'date the contact was received', { required: true, notAfter: today });
    if (on.issue) issues.push(on.issue);
    const time = text(body, 'receivedTime', 5);
    const hm = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(time);
    if (!hm) issues.push({ field: 'receivedTime', message: 'Enter the time the contact was received, like 09:30 or 14:05' });
    if (on.value && hm) {
      receivedAt = new Date(londonInstant(on.value, Number(hm[1]) + Number(hm[2]) / 60));
      if (receivedAt.getTime() > now.getTime() + 60_000) issues.push({ field: 'receivedTime', message: 'The time the contact was received must be now or in the past' });
    }
    source = oneOf(CIN_CODES.referralSource, text(body, 'source', 5));
    if (!source) issues.push({ field: 'source', message: 'Select who made the contact' });
    sourceDetail = oneOf([['phone', ''], ['email', ''], ['in_person', ''], ['letter', '']] as const, text(body, 'how', 20));
    if (!sourceDetail) issues.push({ field: 'how', message: 'Select how the contact was made' });
    const agency = text(body, 'referrerAgencyId', 40);
    if (agency && !UUID.test(agency)) issues.push({ field: 'referrerAgencyId', message: 'Select the referrer’s agency' });
    referrerAgencyId = agency || null;
  }
  const referrer = {
    name: optional(body, 'referrerName', 200),
    role: optional(body, 'referrerRole', 200),
    email: optional(body, 'referrerEmail', 320),
    phone: optional(body, 'referrerPhone', 40),
  };
  if (!referrer.name) issues.push({ field: 'referrerName', message: 'Enter the referrer’s name' });
  if (referrer.email && !EMAIL.test(referrer.email)) issues.push({ field: 'referrerEmail', message: 'Enter an email address in the correct format, like name@example.org' });
  if (mode === 'portal' && !referrer.phone) issues.push({ field: 'referrerPhone', message: 'Enter a phone number the hub can reach you on' });

  const firstName = text(body, 'childFirstName', 100);
  const lastName = text(body, 'childLastName', 100);
  if (!firstName) issues.push({ field: 'childFirstName', message: 'Enter the child’s first name' });
  if (!lastName) issues.push({ field: 'childLastName', message: 'Enter the child’s last name' });
  const dob = readDate(body, 'childDateOfBirth', 'child’s date of birth', { notAfter: today });
  if (dob.issue) issues.push(dob.issue);
  const details: Record<string, string> = {};
  for (const key of ['address', 'postcode', 'school', 'otherChildren']) {
    const v = optional(body, `child_${key}`, 1000);
    if (v) details[key] = v;
  }
  const concerns = text(body, 'concerns', 20_000);
  if (!concerns) issues.push({ field: 'concerns', message: 'Enter what you are worried about' });
  const familyAware = oneOf(FAMILY_AWARE, text(body, 'familyAware', 20));
  if (!familyAware) issues.push({ field: 'familyAware', message: 'Select whether the family knows about this contact' });
  const consentState = oneOf(CONSENT_STATES, text(body, 'consentState', 20));
  if (!consentState) issues.push({ field: 'consentState', message: 'Select whether the family consented to this contact' });
  const consentReason = optional(body, 'consentReason', 2000);
  if ((consentState === 'not_sought' || consentState === 'not_required') && !consentReason) {
    issues.push({ field: 'consentReason', message: consentState === 'not_sought' ? 'Enter why consent was not sought' : 'Enter why consent is not required' });
  }
  return {
    input: {
      receivedAt, source, sourceDetail, referrerAgencyId, agencyReference: optional(body, 'agencyReference', 100), referrer,
      child: { firstName, lastName, dateOfBirth: dob.value, details }, concerns,
      familyAware: familyAware ?? 'not_known', familyAwareDetail: optional(body, 'familyAwareDetail', 2000),
      consent: { state: consentState ?? 'not_sought', reason: consentReason },
    },
    issues,
  };
}

export type ScreeningInput = {
  rag: RagRating;
  reason: string | null;
  needLevel: number;
  consentState: ConsentState;
  consentReason: string | null;
  lawfulBasis: string | null;
  authoriseSharing: boolean;
};

/** The screening form: rating (a reason when it changes), level of need, consent and lawful basis. */
export function checkScreeningForm(body: Body, currentRag: RagRating | null): { input: ScreeningInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const rag = RAG_RATINGS.find((r) => r === text(body, 'rag', 10)) ?? null;
  if (!rag) issues.push({ field: 'rag', message: 'Select a RAG rating' });
  const reason = optional(body, 'reason', 2000);
  if (rag && currentRag && rag !== currentRag && !reason) issues.push({ field: 'reason', message: 'Enter why you are changing the rating' });
  const needLevel = Number(text(body, 'needLevel', 2));
  if (![1, 2, 3, 4].includes(needLevel)) issues.push({ field: 'needLevel', message: 'Select the level of need' });
  const consentState = oneOf(CONSENT_STATES, text(body, 'consentState', 20));
  if (!consentState) issues.push({ field: 'consentState', message: 'Select the consent position' });
  const consentReason = optional(body, 'consentReason', 2000);
  if (consentState === 'not_sought' && !consentReason) issues.push({ field: 'consentReason', message: 'Enter why consent was not sought' });
  const lawfulBasis = oneOf(LAWFUL_BASES, text(body, 'lawfulBasis', 40));
  const withoutConsent = consentState === 'refused' || consentState === 'not_sought' || consentState === 'not_required';
  if (withoutConsent && !lawfulBasis) issues.push({ field: 'lawfulBasis', message: 'Select the lawful basis for sharing without consent' });
  const authoriseSharing = text(body, 'authoriseSharing', 5) === 'yes';
  if (withoutConsent && !authoriseSharing) issues.push({ field: 'authoriseSharing', message: 'Confirm that you authorise sharing information without consent' });
  return { input: { rag: rag ?? 'green', reason, needLevel, consentState: consentState ?? 'not_sought', consentReason, lawfulBasis, authoriseSharing }, issues };
}

export type DecisionInput = { decision: MashDecision; reasons: string; feedback: string | null };

export function checkDecisionForm(body: Body): { input: DecisionInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const decision = oneOf(DECISIONS, text(body, 'decision', 30));
  if (!decision) issues.push({ field: 'decision', message: 'Select the decision' });
  const reasons = text(body, 'reasons', 10_000);
  if (!reasons) issues.push({ field: 'reasons', message: 'Enter the reasons for the decision' });
  return { input: { decision: decision ?? 'nfa', reasons, feedback: optional(body, 'feedback', 4000) }, issues };
}

export type Attendee = { name: string; agencyId: string; agencyName: string; agencyType: string; role: string | null; email: string | null; sharedAt?: string | null; shareError?: string | null };
export type StrategyAction = {
  action: string; owner: string; due: string | null;
  /** When the action was marked done, and by whom (an account id); absent while it is open. */
  doneAt?: string; doneBy?: string;
};

export type StrategyInput = {
  heldOn: string;
  decision: 's47_single' | 's47_joint' | 'no_s47';
  attendees: Attendee[];
  safetyPlan: string;
  actions: StrategyAction[];
  informParents: 'now' | 'later' | 'no';
  informParentsDetail: string | null;
};

/** Rows of attendees and actions the strategy form offers (no script needed to add one). */
export const ATTENDEE_ROWS = 8;
export const ACTION_ROWS = 6;

export function checkStrategyForm(body: Body, agencies: { id: string; name: string; agency_type: string }[], today: string, notBefore: string): { input: StrategyInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const held = readDate(body, 'heldOn', 'date of the strategy discussion', { required: true, notAfter: today });
  if (held.issue) issues.push(held.issue);
  else if (held.value && compareDates(held.value, notBefore) < 0) issues.push({ field: 'heldOn', message: 'The date of the strategy discussion cannot be before the contact' });
  const decision = oneOf(STRATEGY_DECISIONS, text(body, 'decision', 20));
  if (!decision) issues.push({ field: 'decision', message: 'Select the decision on a Section 47 enquiry' });
  const attendees: Attendee[] = [];
  for (let i = 0; i < ATTENDEE_ROWS; i++) {
    const name = text(body, `attendee${i}Name`, 200);
    const agencyId = text(body, `attendee${i}Agency`, 40);
    const email = optional(body, `attendee${i}Email`, 320);
    if (!name && !agencyId && !email) continue;
    const agency = agencies.find((a) => a.id === agencyId);
    if (!name) issues.push({ field: `attendee${i}Name`, message: `Enter the name of attendee ${i + 1}` });
    if (!agency) issues.push({ field: `attendee${i}Agency`, message: `Select the agency of attendee ${i + 1}` });
    if (email && !EMAIL.test(email)) issues.push({ field: `attendee${i}Email`, message: `Enter attendee ${i + 1}’s email address in the correct format, like name@example.org` });
    if (name && agency) attendees.push({ name, agencyId: agency.id, agencyName: agency.name, agencyType: agency.agency_type, role: optional(body, `attendee${i}Role`, 200), email });
  }
  if (attendees.length === 0) issues.push({ field: 'attendee0Name', message: 'Enter who attended the strategy discussion' });
  const safetyPlan = text(body, 'safetyPlan', 20_000);
  if (!safetyPlan) issues.push({ field: 'safetyPlan', message: 'Enter the safety plan' });
  const actions: StrategyAction[] = [];
  for (let i = 0; i < ACTION_ROWS; i++) {
    const action = text(body, `action${i}Text`, 2000);
    const owner = text(body, `action${i}Owner`, 200);
    if (!action && !owner) continue;
    if (!action) issues.push({ field: `action${i}Text`, message: `Enter action ${i + 1}` });
    if (!owner) issues.push({ field: `action${i}Owner`, message: `Enter who owns action ${i + 1}` });
    const due = readDate(body, `action${i}Due`, `date action ${i + 1} is due`);
    if (due.issue) issues.push(due.issue);
    if (action && owner) actions.push({ action, owner, due: due.value });
  }
  const informParents = oneOf(INFORM_PARENTS, text(body, 'informParents', 10));
  if (!informParents) issues.push({ field: 'informParents', message: 'Select whether the parents will be told' });
  const informParentsDetail = optional(body, 'informParentsDetail', 2000);
  if ((informParents === 'later' || informParents === 'no') && !informParentsDetail) issues.push({ field: 'informParentsDetail', message: 'Enter when the parents will be told, or why they will not be' });
  return {
    input: { heldOn: held.value ?? today, decision: decision ?? 'no_s47', attendees, safetyPlan, actions, informParents: informParents ?? 'now', informParentsDetail },
    issues,
  };
}

export type ConsultationInput = {
  consultedAt: Date; callerName: string; callerRole: string | null; callerAgencyId: string | null; callerAgencyName: string | null; callerPhone: string | null;
  childName: string | null; concern: string; advice: string; followUp: string | null; followUpDue: string | null;
};

export function checkConsultationForm(body: Body, agencies: { id: string; name: string }[], now: Date): { input: ConsultationInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const callerName = text(body, 'callerName', 200);
  if (!callerName) issues.push({ field: 'callerName', message: 'Enter the caller’s name' });
  const agencyId = text(body, 'callerAgencyId', 40);
  const agency = agencies.find((a) => a.id === agencyId);
  if (agencyId && !agency) issues.push({ field: 'callerAgencyId', message: 'Select the caller’s agency' });
  const otherAgency = optional(body, 'callerAgencyName', 200);
  const concern = text(body, 'concern', 10_000);
  if (!concern) issues.push({ field: 'concern', message: 'Enter what the caller was worried about' });
  const advice = text(body, 'advice', 10_000);
  if (!advice) issues.push({ field: 'advice', message: 'Enter the advice given' });
  const followUp = optional(body, 'followUp', 4000);
  const due = readDate(body, 'followUpDue', 'date the follow-up is due');
  if (due.issue) issues.push(due.issue);
  if (due.value && !followUp) issues.push({ field: 'followUp', message: 'Enter the follow-up that is due' });
  return {
    input: {
      consultedAt: now, callerName, callerRole: optional(body, 'callerRole', 200), callerAgencyId: agency?.id ?? null,
      callerAgencyName: agency?.name ?? otherAgency, callerPhone: optional(body, 'callerPhone', 40), childName: optional(body, 'childName', 200),
      concern, advice, followUp, followUpDue: due.value,
    },
    issues,
  };
}
