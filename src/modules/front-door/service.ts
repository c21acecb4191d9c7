/**
 * The front door's domain functions: receiving a contact from any door, screening it (RAG rating
 * with history, level of need, consent and lawful basis), multi-agency research, matching the
 * child, the decision that opens the child's journey, strategy discussions, feedback to the
 * referrer, and the consultation line. No request or reply objects here; every change is audited
 * in the same transaction as the change.
 */
import type { Kysely, Transaction } from '../../core/db/kysely.ts';
import type { Database, MashDecision } from '../../core/db/schema.ts';
import { recordAudit, type AuditEntry } from '../../core/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import { decide, type Actor, type RecordRef } from '../../core/policy/index.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import { addDays, compareDates } from '../../core/dates.ts';
import { londonInstant } from '../../core/calendar/london-time.ts';
import { dueDate, timescales } from '../journey/index.ts';
import { feedbackDueAt, ragDueAt, researchDueAt, screeningConfig } from './config.ts';
import { findContact, findResearchRequest, insertContacts, type ContactInsert, type FrontDoorContact } from './repository.ts';
import type { ConsultationInput, ContactFormInput, DecisionInput, ScreeningInput, StrategyAction, StrategyInput } from './schema.ts';
import { DECISION_LABELS, DECISIONS_NEEDING_CHILD, DECISIONS_WITH_STRATEGY, DEFAULT_SOURCE, STRATEGY_DECISIONS, contactReference } from './vocabulary.ts';
import { outcomeMail, strategyMail, type Mailer } from './mail.ts';

type Db = Kysely<Database>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Who is acting and from where, for the audit trail. */
export type AuditContext = Pick<AuditEntry, 'actor' | 'ip' | 'requestId'>;

/** What the access policy needs to know about a contact: the agency that made it. */
export function contactRecordRef(contact: Pick<FrontDoorContact, 'la_code' | 'referrer_agency_id'>): RecordRef {
  return { laCode: contact.la_code, agencyId: contact.referrer_agency_id };
}

/** The contact's decision clock (the journey's 'decision' rule: 1 working day from the contact date). */
export function decisionClock(contactDate: string): { dueOn: string; version: string } {
  const rules = timescales();
  return { dueOn: dueDate(rules.clocks.decision, contactDate), version: rules.version };
}

let londonDay: { from: number; until: number; date: string } | undefined;

/**
 * The date in England at an instant, remembered for the rest of that London day: the API asks
 * for it on every contact, and reading the time zone through Intl is the costliest part of that.
 */
export function contactDateOf(instant: Date): string {
  const t = instant.getTime();
  if (londonDay && t >= londonDay.from && t < londonDay.until) return londonDay.date;
  const date = londonDateOf(instant);
  londonDay = { from: londonInstant(date, 0), until: londonInstant(addDays(date, 1), 0), date };
  return date;
}

/** Builds the row of a new contact from what a form or the API gave. */
export function contactInsert(
  input: Omit<ContactFormInput, 'source'> & { source: string | null },
  door: ContactInsert['door'],
  extra: { referrerAgencyType: string | null; referrerUserId: string | null; apiClientId: string | null },
): ContactInsert {
  const contactDate = contactDateOf(input.receivedAt);
  const clock = decisionClock(contactDate);
  const source = input.source ?? (extra.referrerAgencyType ? DEFAULT_SOURCE[extra.referrerAgencyType as keyof typeof DEFAULT_SOURCE] ?? '8' : '10');
  return {
    door, receivedAt: input.receivedAt, contactDate, source, sourceDetail: input.sourceDetail ?? door,
    referrerAgencyId: input.referrerAgencyId, referrerUserId: extra.referrerUserId, apiClientId: extra.apiClientId, agencyReference: input.agencyReference,
    referrer: input.referrer, child: input.child, concerns: input.concerns, familyAware: input.familyAware, familyAwareDetail: input.familyAwareDetail,
    consent: input.consent, decisionDueOn: clock.dueOn, decisionRuleVersion: clock.version,
  };
}

/** Receives one contact from the hub form or the portal; audited with it. */
export async function submitContact(db: Db, laCode: string, contact: ContactInsert, audit: AuditContext): Promise<{ id: string; reference: string }> {
  if (contact.referrerAgencyId) {
    const agency = await db.selectFrom('agency').select('id').where('la_code', '=', laCode).where('id', '=', contact.referrerAgencyId).executeTakeFirst();
    if (!agency) throw new ValidationError([{ field: 'referrerAgencyId', message: 'Select the referrer’s agency' }]);
  }
  return db.transaction().execute(async (trx) => {
    const [row] = await insertContacts(trx, laCode, [contact]);
    await recordAudit(trx, { ...audit, laCode, action: 'contact.submit', recordType: 'contact', recordId: row!.id, outcome: 'succeeded', detail: { door: contact.door } });
    return { id: row!.id, reference: contactReference(row!.referenceNo) };
  });
}

/**
 * Loads a contact and decides the action on it (a partner reaches only its own agency's); audits
 * the decision as `auditAs`. Throws NotFoundError or ForbiddenError.
 */
export async function openContact(db: Db, actor: Actor, id: string, action: 'contact.view' | 'contact.screen' | 'contact.decide' | 'contact.outcome.view', audit: AuditContext & { auditAs?: string }): Promise<FrontDoorContact> {
  const contact = await findContact(db, actor.laCode, id);
  if (!contact) throw new NotFoundError();
  const decision = decide(actor, action, contactRecordRef(contact));
  await recordAudit(db, {
    actor: audit.actor, ip: audit.ip, requestId: audit.requestId, laCode: contact.la_code, action: audit.auditAs ?? action, recordType: 'contact', recordId: contact.id,
    outcome: decision.allowed ? 'allowed' : 'denied', detail: decision.allowed ? undefined : { reason: decision.reason },
  });
  if (!decision.allowed) throw new ForbiddenError();
  return contact;
}

/**
 * Records the screening: the RAG rating (its due time counted in working hours from receipt; a
 * change needs a reason and is kept in the history), the level of need, and consent with the
 * lawful basis and the manager's authorisation to share without it.
 */
export async function screenContact(db: Db, actor: Actor, contactId: string, input: ScreeningInput, audit: AuditContext): Promise<void> {
  const config = screeningConfig();
  await db.transaction().execute(async (trx) => {
    const contact = await findContact(trx, actor.laCode, contactId, { forUpdate: true });
    if (!contact) throw new NotFoundError();
    if (contact.decided_at) throw new ConflictError('This contact has been decided: its screening can no longer change');
    const changed = contact.rag !== input.rag;
    if (contact.rag && changed && !input.reason) throw new ValidationError([{ field: 'reason', message: 'Enter why you are changing the rating' }]);
    const now = new Date();
    if (changed) {
      const dueAt = ragDueAt(config, input.rag, contact.received_at);
      await trx.insertInto('mash_rating').values({
        la_code: contact.la_code, contact_id: contact.id, rag: input.rag, previous_rag: contact.rag, reason: input.reason,
        working_hours: config.rag[input.rag].workingHours, due_at: dueAt, scheme_version: config.version, rated_by: actor.id,
      }).execute();
      await trx.updateTable('mash_contact').set({ rag: input.rag, rag_due_at: dueAt, rag_rated_at: now, rag_rated_by: actor.id, screening_version: config.version })
        .where('la_code', '=', contact.la_code).where('contact_id', '=', contact.id).execute();
    }
    const withoutConsent = input.consentState !== 'given';
    await trx.updateTable('mash_contact').set({
      need_level: input.needLevel, consent_state: input.consentState, consent_reason: input.consentReason, consent_recorded_by: actor.id, consent_recorded_at: now,
      lawful_basis: withoutConsent ? input.lawfulBasis : null,
      sharing_authorised_by: withoutConsent && input.authoriseSharing ? actor.id : null,
      sharing_authorised_at: withoutConsent && input.authoriseSharing ? now : null,
    }).where('la_code', '=', contact.la_code).where('contact_id', '=', contact.id).execute();
    await recordAudit(trx, {
      ...audit, laCode: contact.la_code, action: 'contact.screen', recordType: 'contact', recordId: contact.id, outcome: 'succeeded',
      detail: { rag: input.rag, previousRag: contact.rag, reason: changed ? input.reason : undefined, needLevel: input.needLevel, consent: input.consentState, schemeVersion: config.version },
    });
  });
}

/** Asks one hub agency for what it knows, by a deadline in working hours (the rating's default). */
export async function requestResearch(db: Db, actor: Actor, contactId: string, input: { agencyId: string; question: string; workingHours: number | null }, audit: AuditContext): Promise<string> {
  const config = screeningConfig();
  const issues: FieldIssue[] = [];
  if (!input.question.trim()) issues.push({ field: 'question', message: 'Enter what you are asking the agency' });
  if (input.workingHours !== null && !(input.workingHours > 0 && input.workingHours <= 200)) issues.push({ field: 'workingHours', message: 'Enter the working hours to answer, from 1 to 200' });
  const agency = UUID.test(input.agencyId) ? await db.selectFrom('agency').select(['id', 'name']).where('la_code', '=', actor.laCode).where('id', '=', input.agencyId).executeTakeFirst() : undefined;
  if (!agency) issues.push({ field: 'agencyId', message: 'Select the agency to ask' });
  if (issues.length) throw new ValidationError(issues);
  return db.transaction().execute(async (trx) => {
    const contact = await findContact(trx, actor.laCode, contactId, { forUpdate: true });
    if (!contact) throw new NotFoundError();
    if (contact.decided_at) throw new ConflictError('This contact has been decided: ask for research before the decision');
    const now = new Date();
    const row = await trx.insertInto('mash_research_request').values({
      la_code: contact.la_code, contact_id: contact.id, agency_id: input.agencyId, question: input.question.trim(), requested_by: actor.id, requested_at: now,
      due_at: researchDueAt(config, contact.rag ?? null, now, input.workingHours ?? undefined),
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { ...audit, laCode: contact.la_code, action: 'research.request', recordType: 'contact', recordId: contact.id, outcome: 'succeeded', detail: { agencyId: input.agencyId, researchId: row.id } });
    return row.id;
  });
}

/** Loads a research request for someone answering it: hub staff answer for their own agency only. */
export async function openResearch(db: Db, actor: Actor, id: string, audit: AuditContext) {
  const request = await findResearchRequest(db, actor.laCode, id);
  if (!request) throw new NotFoundError();
  const decision = decide(actor, 'research.answer', { laCode: request.la_code, agencyId: request.agency_id });
  await recordAudit(db, {
    ...audit, laCode: request.la_code, action: 'research.open', recordType: 'contact', recordId: request.contact_id,
    outcome: decision.allowed ? 'allowed' : 'denied', detail: { researchId: id, ...(decision.allowed ? {} : { reason: decision.reason }) },
  });
  if (!decision.allowed) throw new ForbiddenError();
  return request;
}

export async function answerResearch(db: Db, actor: Actor, id: string, answer: string, audit: AuditContext): Promise<void> {
  const request = await openResearch(db, actor, id, audit);
  if (!answer.trim()) throw new ValidationError([{ field: 'answer', message: 'Enter what your agency knows, or that it holds nothing' }]);
  if (request.answered_at) throw new ConflictError('This research request has been answered already');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('mash_research_request').set({ answer: answer.trim(), answered_by: actor.id, answered_at: new Date() })
      .where('la_code', '=', request.la_code).where('id', '=', id).where('answered_at', 'is', null).execute();
    await recordAudit(trx, { ...audit, laCode: request.la_code, action: 'research.answer', recordType: 'contact', recordId: request.contact_id, outcome: 'succeeded', detail: { researchId: id } });
  });
}

/** Links the contact to the child's record (found by search or just created). */
export async function matchChild(db: Db, actor: Actor, contactId: string, childId: string, audit: AuditContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const contact = await findContact(trx, actor.laCode, contactId, { forUpdate: true });
    if (!contact) throw new NotFoundError();
    if (contact.decided_at) throw new ConflictError('This contact has been decided: its child can no longer change');
    const child = UUID.test(childId) ? await trx.selectFrom('child').select(['id', 'merged_into']).where('la_code', '=', actor.laCode).where('id', '=', childId).executeTakeFirst() : undefined;
    if (!child || child.merged_into) throw new ValidationError([{ field: 'childId', message: 'Select a current child’s record' }]);
    await trx.updateTable('contact').set({ child_id: child.id }).where('la_code', '=', contact.la_code).where('id', '=', contact.id).execute();
    await recordAudit(trx, { ...audit, laCode: contact.la_code, action: 'contact.match-child', recordType: 'contact', recordId: contact.id, outcome: 'succeeded', detail: { childId: child.id } });
    await recordAudit(trx, { ...audit, laCode: contact.la_code, action: 'journey.contact', recordType: 'child', recordId: child.id, outcome: 'succeeded', detail: { contactId: contact.id } });
  });
}

/**
 * Marks one of a strategy discussion's actions done (by its position in the list), with who and
 * when; an action is done once. Audited against the child.
 */
export async function completeStrategyAction(db: Db, actor: Actor, discussionId: string, index: number, audit: AuditContext, now = new Date()): Promise<void> {
  if (!UUID.test(discussionId)) throw new NotFoundError();
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('strategy_discussion').select(['id', 'child_id', 'actions']).where('la_code', '=', actor.laCode).where('id', '=', discussionId)
      .forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError();
    const actions = (row.actions ?? []) as StrategyAction[];
    const action = Number.isInteger(index) ? actions[index] : undefined;
    if (!action) throw new ValidationError([{ field: 'index', message: `Select one of the discussion’s ${actions.length} actions` }]);
    if (action.doneAt) throw new ConflictError('This action has been marked done already');
    action.doneAt = now.toISOString();
    action.doneBy = actor.id;
    await trx.updateTable('strategy_discussion').set({ actions: JSON.stringify(actions) }).where('la_code', '=', actor.laCode).where('id', '=', discussionId).execute();
    await recordAudit(trx, {
      ...audit, laCode: actor.laCode, action: 'strategy.action.complete', recordType: 'child', recordId: row.child_id, outcome: 'succeeded',
      detail: { strategyDiscussionId: discussionId, index, action: action.action },
    });
  });
}

/** Why a decision cannot be recorded yet, one issue per problem. */
export function decisionProblems(contact: FrontDoorContact, input: DecisionInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!contact.rag) issues.push({ field: 'decision', message: 'Rate the contact (screening) before deciding' });
  if (DECISIONS_NEEDING_CHILD.has(input.decision) && !contact.child_id) issues.push({ field: 'decision', message: 'Match the contact to the child’s record before this decision' });
  // Working Together 2023: early help is offered with the family's consent.
  if (input.decision === 'early_help' && contact.consent_state !== 'given') issues.push({ field: 'decision', message: 'A step down to early help needs the family’s consent: record consent given at screening first' });
  return issues;
}

/**
 * Records the decision (within 1 working day of the contact: the decision clock) and opens the
 * matching step of the child's journey: a referral (an episode of need) for an assessment, a
 * strategy discussion or immediate protection; an early help episode for a step down. The contact's
 * outcome is set for Annex A and the KPIs. The referrer is then told by email (when a mail server
 * and an address are known), or the hub records how it told them.
 */
export async function decideContact(db: Db, actor: Actor, contactId: string, input: DecisionInput, audit: AuditContext, now = new Date()): Promise<FrontDoorContact> {
  const config = screeningConfig();
  const rules = timescales();
  await db.transaction().execute(async (trx) => {
    const contact = await findContact(trx, actor.laCode, contactId, { forUpdate: true });
    if (!contact) throw new NotFoundError();
    if (contact.decided_at) throw new ConflictError('This contact has been decided already');
    const problems = decisionProblems(contact, input);
    if (problems.length) throw new ValidationError(problems);
    const decisionDate = londonDateOf(now);
    let episodeId: string | null = null;
    let earlyHelpId: string | null = null;
    if (contact.child_id && (input.decision === 'assessment' || DECISIONS_WITH_STRATEGY.has(input.decision))) {
      episodeId = await openReferral(trx, contact, contact.child_id, decisionDate, rules.version);
    }
    if (contact.child_id && input.decision === 'early_help') {
      const episode = await trx.insertInto('early_help_episode').values({ la_code: contact.la_code, start_date: decisionDate, lead_professional_agency_id: null, lead_professional: null })
        .returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('early_help_child').values({ la_code: contact.la_code, episode_id: episode.id, child_id: contact.child_id }).execute();
      earlyHelpId = episode.id;
    }
    await trx.updateTable('mash_contact').set({
      decision: input.decision, decision_reasons: input.reasons, decision_feedback: input.feedback, decided_by: actor.id, decided_at: now, decision_date: decisionDate,
      episode_id: episodeId, early_help_episode_id: earlyHelpId, feedback_due_at: feedbackDueAt(config, now),
    }).where('la_code', '=', contact.la_code).where('contact_id', '=', contact.id).execute();
    await trx.updateTable('contact').set({ outcome: input.decision }).where('la_code', '=', contact.la_code).where('id', '=', contact.id).execute();
    await recordAudit(trx, {
      ...audit, laCode: contact.la_code, action: 'contact.decide', recordType: 'contact', recordId: contact.id, outcome: 'succeeded',
      detail: { decision: input.decision, decisionDate, dueOn: contact.decision_due_on, withinClock: compareDates(decisionDate, contact.decision_due_on) <= 0, episodeId, earlyHelpEpisodeId: earlyHelpId },
    });
    if (contact.child_id && (episodeId || earlyHelpId)) {
      await recordAudit(trx, { ...audit, laCode: contact.la_code, action: episodeId ? 'journey.referral' : 'journey.early-help', recordType: 'child', recordId: contact.child_id, outcome: 'succeeded', detail: { contactId: contact.id, episodeId, earlyHelpEpisodeId: earlyHelpId } });
    }
  });
  return (await findContact(db, actor.laCode, contactId))!;
}

/**
 * The episode of need the decision opens: the child's open episode when there is one (episodes
 * cannot overlap, CIN rule 8820), else a new referral dated the day of the decision.
 */
async function openReferral(trx: Transaction<Database>, contact: FrontDoorContact, childId: string, referralDate: string, ruleVersion: string): Promise<string> {
  const open = await trx.selectFrom('cin_episode').select('id').where('la_code', '=', contact.la_code).where('child_id', '=', childId)
    .where('closure_date', 'is', null).where('referral_nfa', '=', false).orderBy('referral_date', 'desc').executeTakeFirst();
  if (open) return open.id;
  const child = await trx.selectFrom('child').select(['team_id', 'allocated_worker_id']).where('la_code', '=', contact.la_code).where('id', '=', childId).executeTakeFirstOrThrow();
  const row = await trx.insertInto('cin_episode').values({
    la_code: contact.la_code, child_id: childId, referral_date: referralDate, referral_source: contact.source, primary_need: null, referral_nfa: false,
    contact_id: contact.id, team_id: child.team_id, allocated_worker_id: child.allocated_worker_id, rule_version: ruleVersion,
  }).onConflict((oc) => oc.columns(['la_code', 'child_id', 'referral_date']).doUpdateSet({ contact_id: contact.id })).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The address the outcome goes to: the referrer's email as given, or the portal user's. */
async function referrerEmail(db: Db, contact: FrontDoorContact): Promise<string | null> {
  if (contact.referrer_email) return contact.referrer_email;
  if (!contact.referrer_user_id) return null;
  const user = await db.selectFrom('app_user').select('email').where('la_code', '=', contact.la_code).where('id', '=', contact.referrer_user_id).executeTakeFirst();
  return user?.email ?? null;
}

/**
 * Emails the referrer the outcome and records the feedback as given; on failure records the error
 * so the hub sees the feedback as outstanding. Never throws for a mail problem.
 */
export async function sendOutcome(db: Db, mailer: Mailer, contact: FrontDoorContact, publicUrl: string, audit: AuditContext): Promise<{ sent: boolean; error?: string }> {
  if (!contact.decision || !mailer.enabled) return { sent: false, error: mailer.enabled ? 'not decided' : 'no mail server' };
  const to = await referrerEmail(db, contact);
  if (!to) return { sent: false, error: 'no email address for the referrer' };
  const reference = contactReference(contact.reference_no);
  try {
    await mailer.send(outcomeMail({
      to, reference, receivedOn: contact.received_at.toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }), outcome: DECISION_LABELS[contact.decision], feedback: contact.decision_feedback,
      portalUrl: contact.door === 'portal' ? `${publicUrl}/portal/contacts/${contact.id}` : null,
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
    await db.updateTable('mash_contact').set({ feedback_error: message }).where('la_code', '=', contact.la_code).where('contact_id', '=', contact.id).execute();
    await recordAudit(db, { ...audit, laCode: contact.la_code, action: 'contact.feedback', recordType: 'contact', recordId: contact.id, outcome: 'failed', detail: { method: 'email' } });
    return { sent: false, error: message };
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('mash_contact').set({ feedback_given_at: new Date(), feedback_method: 'email', feedback_by: null, feedback_error: null })
      .where('la_code', '=', contact.la_code).where('contact_id', '=', contact.id).where('feedback_given_at', 'is', null).execute();
    await recordAudit(trx, { ...audit, laCode: contact.la_code, action: 'contact.feedback', recordType: 'contact', recordId: contact.id, outcome: 'succeeded', detail: { method: 'email' } });
  });
  return { sent: true };
}

/** Records feedback the hub gave another way (a phone call, a letter, in person). */
export async function recordFeedback(db: Db, actor: Actor, contactId: string, method: 'phone' | 'letter' | 'in_person' | 'email', audit: AuditContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const contact = await findContact(trx, actor.laCode, contactId, { forUpdate: true });
    if (!contact) throw new NotFoundError();
    if (!contact.decided_at) throw new ConflictError('Decide the contact before telling the referrer the outcome');
    if (contact.feedback_given_at) throw new ConflictError('The referrer has been told the outcome already');
    await trx.updateTable('mash_contact').set({ feedback_given_at: new Date(), feedback_method: method, feedback_by: actor.id, feedback_error: null })
      .where('la_code', '=', contact.la_code).where('contact_id', '=', contact.id).execute();
    await recordAudit(trx, { ...audit, laCode: contact.la_code, action: 'contact.feedback', recordType: 'contact', recordId: contact.id, outcome: 'succeeded', detail: { method } });
  });
}

/** Agencies whose attendance a strategy discussion needs but did not have (social care, health, police). */
export function missingAgencies(attendees: { agencyType: string }[], required: readonly (readonly [string, string])[]): string[] {
  return required.filter(([type]) => !attendees.some((a) => a.agencyType === type)).map(([, label]) => label);
}

/**
 * Records a strategy discussion on a contact decided for one: the journey's strategy discussion
 * (attendees by agency, decision, safety plan, actions with owners) and, for a Section 47 decision,
 * the enquiry starting that day with its initial conference due (the journey's 'icpc' clock).
 */
export async function recordStrategyDiscussion(db: Db, actor: Actor, contactId: string, input: StrategyInput, audit: AuditContext): Promise<string> {
  const rules = timescales();
  return db.transaction().execute(async (trx) => {
    const contact = await findContact(trx, actor.laCode, contactId, { forUpdate: true });
    if (!contact) throw new NotFoundError();
    if (!contact.decision || !DECISIONS_WITH_STRATEGY.has(contact.decision) || !contact.episode_id || !contact.child_id) {
      throw new ConflictError('A strategy discussion is recorded on a contact decided for a strategy discussion or immediate protection');
    }
    const discussion = await trx.insertInto('strategy_discussion').values({
      la_code: contact.la_code, episode_id: contact.episode_id, child_id: contact.child_id, contact_id: contact.id, held_on: input.heldOn, decision: input.decision,
      attendees: JSON.stringify(input.attendees), safety_plan: input.safetyPlan, actions: JSON.stringify(input.actions),
    }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('mash_strategy_discussion').values({
      la_code: contact.la_code, strategy_discussion_id: discussion.id, contact_id: contact.id, inform_parents: input.informParents,
      inform_parents_detail: input.informParentsDetail, recorded_by: actor.id,
    }).execute();
    let s47Id: string | null = null;
    if (input.decision !== 'no_s47') {
      // S47ActualStartDate is the day of the strategy discussion that decided it.
      const s47 = await trx.insertInto('s47_enquiry').values({
        la_code: contact.la_code, episode_id: contact.episode_id, child_id: contact.child_id, strategy_discussion_id: discussion.id, start_date: input.heldOn,
        icpc_target_date: dueDate(rules.clocks.icpc, input.heldOn), rule_version: rules.version,
      }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      s47Id = s47?.id ?? null;
    }
    await recordAudit(trx, {
      ...audit, laCode: contact.la_code, action: 'journey.strategy-discussion', recordType: 'child', recordId: contact.child_id, outcome: 'succeeded',
      detail: { contactId: contact.id, strategyDiscussionId: discussion.id, decision: input.decision, s47Id },
    });
    await recordAudit(trx, { ...audit, laCode: contact.la_code, action: 'strategy.record', recordType: 'contact', recordId: contact.id, outcome: 'succeeded', detail: { strategyDiscussionId: discussion.id } });
    return discussion.id;
  });
}

/** Emails the record to every attendee with an address and notes when (or why not) on each. */
export async function shareStrategyDiscussion(db: Db, mailer: Mailer, laCode: string, discussionId: string, publicUrl: string, audit: AuditContext): Promise<{ sent: number; failed: number }> {
  const row = await db.selectFrom('strategy_discussion as s')
    .innerJoin('mash_strategy_discussion as f', (j) => j.onRef('f.la_code', '=', 's.la_code').onRef('f.strategy_discussion_id', '=', 's.id'))
    .innerJoin('mash_contact as m', (j) => j.onRef('m.la_code', '=', 'f.la_code').onRef('m.contact_id', '=', 'f.contact_id'))
    .select(['s.attendees', 's.actions', 's.held_on', 's.decision', 'm.reference_no', 'f.contact_id'])
    .where('s.la_code', '=', laCode).where('s.id', '=', discussionId).executeTakeFirstOrThrow();
  const attendees = (row.attendees ?? []) as StrategyInput['attendees'];
  const actions = (row.actions ?? []) as StrategyInput['actions'];
  let sent = 0;
  let failed = 0;
  for (const attendee of attendees) {
    if (!attendee.email) continue;
    if (!mailer.enabled) { attendee.shareError = 'no mail server'; failed++; continue; }
    try {
      await mailer.send(strategyMail({
        to: attendee.email, reference: contactReference(Number(row.reference_no)), heldOn: row.held_on,
        decision: STRATEGY_DECISIONS.find(([v]) => v === row.decision)?.[1] ?? String(row.decision), actions, url: `${publicUrl}/front-door/strategy-discussions/${discussionId}`,
      }));
      attendee.sharedAt = new Date().toISOString();
      attendee.shareError = null;
      sent++;
    } catch (error) {
      attendee.shareError = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
      failed++;
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('strategy_discussion').set({ attendees: JSON.stringify(attendees) }).where('la_code', '=', laCode).where('id', '=', discussionId).execute();
    await trx.updateTable('mash_strategy_discussion').set({ shared_at: new Date() }).where('la_code', '=', laCode).where('strategy_discussion_id', '=', discussionId).execute();
    await recordAudit(trx, { ...audit, laCode, action: 'strategy.share', recordType: 'contact', recordId: row.contact_id, outcome: failed ? 'failed' : 'succeeded', detail: { strategyDiscussionId: discussionId, sent, failed } });
  });
  return { sent, failed };
}

/** The decision a decided contact took, for the pages: its label and whether it met the clock. */
export function decisionSummary(contact: FrontDoorContact): { label: string; withinClock: boolean } | null {
  if (!contact.decision || !contact.decision_date) return null;
  return { label: DECISION_LABELS[contact.decision as MashDecision], withinClock: compareDates(contact.decision_date, contact.decision_due_on) <= 0 };
}

/** Logs a call to the consultation line. */
export async function logConsultation(db: Db, actor: Actor, input: ConsultationInput, audit: AuditContext): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('mash_consultation').values({
      la_code: actor.laCode, consulted_at: input.consultedAt, caller_name: input.callerName, caller_role: input.callerRole, caller_agency_id: input.callerAgencyId,
      caller_agency_name: input.callerAgencyName, caller_phone: input.callerPhone, child_name: input.childName, concern: input.concern, advice: input.advice,
      follow_up: input.followUp, follow_up_due: input.followUpDue, logged_by: actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { ...audit, laCode: actor.laCode, action: 'consultation.log', recordType: 'consultation', recordId: row.id, outcome: 'succeeded' });
    return row.id;
  });
}
