/**
 * The front door's pages (HTTP only: parse, authorise, call, render): the hub's queue and contact
 * pages, screening, research, child matching, decisions, strategy discussions, feedback, the
 * consultation line, the daily huddle, the MASH figures, the partner portal, and API clients.
 * The JSON API for agency systems is in api.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { can, decide } from '../../core/policy/index.ts';
import { ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import { reportingYearOf } from '../../core/dates.ts';
import { CIN_CODES, codeLabel } from '../../core/codes/index.ts';
import { createChild, findLikelyDuplicates, parseSearch, searchChildren } from '../people/index.ts';
import { frontDoorApi } from './api.ts';
import { createApiClient, listApiClients, revokeApiClient } from './api-clients.ts';
import { screeningConfig } from './config.ts';
import { createMailer, mailSettingsFromEnv } from './mail.ts';
import { huddleFigures, mashMetrics } from './metrics.ts';
import {
  agenciesOf, contactsOfAgency, feedbackOutstanding, findContact, findStrategyDiscussion, ratingHistory, researchAwaited, researchOfContact,
  searchConsultations, strategyDiscussionsOfContact, undecidedContacts, userNames, type FrontDoorContact,
} from './repository.ts';
import {
  ATTENDEE_ROWS, ACTION_ROWS, checkConsultationForm, checkContactForm, checkDecisionForm, checkScreeningForm, checkStrategyForm, dateParts,
  type Attendee, type StrategyAction,
} from './schema.ts';
import {
  answerResearch, completeStrategyAction, contactInsert, decideContact, decisionProblems, decisionSummary, logConsultation, matchChild, missingAgencies,
  openContact, openResearch, recordFeedback, recordStrategyDiscussion, requestResearch, screenContact, sendOutcome, shareStrategyDiscussion, submitContact,
} from './service.ts';
import {
  CONSENT_LABELS, CONSENT_STATES, DECISION_LABELS, DECISIONS, DECISIONS_WITH_STRATEGY, FAMILY_AWARE, INFORM_PARENTS, LAWFUL_BASES, STRATEGY_DECISIONS,
  STRATEGY_REQUIRED, contactReference,
} from './vocabulary.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;
const form = { type: 'object', additionalProperties: true } as const;
type Body = Record<string, string>;

/** GOV.UK error summary and inline messages from field issues. */
const shown = (issues: FieldIssue[]) => ({
  errors: issues.map((i) => ({ text: i.message, href: `#${i.field}` })),
  errorFor: Object.fromEntries(issues.map((i) => [i.field, i.message])),
});

const auditOf = (request: FastifyRequest) => ({ actor: request.user, ip: request.ip, requestId: request.id });

/** How long ago, in words a wall screen can show: "35 min", "3 h 10 min", "2 days 4 h". */
export function ageOf(since: Date, now = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ${hours % 24} h`;
}

/** A contact as a row of the queue. */
function queueRow(c: FrontDoorContact & { research_awaited?: number; research_overdue?: number }, now: Date) {
  const today = londonDateOf(now);
  return {
    id: c.id, reference: contactReference(c.reference_no), receivedAt: c.received_at, age: ageOf(c.received_at, now), rag: c.rag, ragDueAt: c.rag_due_at,
    ragBreached: Boolean(c.rag_due_at && c.rag_due_at.getTime() < now.getTime()), decisionDueOn: c.decision_due_on, decisionOverdue: c.decision_due_on < today,
    from: c.referrer_agency_name ?? (c.door === 'hub' ? 'Member of the public' : ''), door: c.door, child: [c.child_first_name, c.child_last_name].filter(Boolean).join(' '),
    researchAwaited: c.research_awaited ?? 0, researchOverdue: c.research_overdue ?? 0, matched: Boolean(c.child_id),
  };
}

export async function frontDoorRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db, config } = ctx;
  const mailer = createMailer(mailSettingsFromEnv());
  app.addHook('onClose', async () => mailer.close());
  await app.register(frontDoorApi, { ctx });

  const contactFormContext = async (request: FastifyRequest, mode: 'hub' | 'portal', values: Record<string, unknown>, issues: FieldIssue[] = []) => ({
    title: mode === 'hub' ? 'Record a contact' : 'Tell the hub about a child',
    mode, values, ...shown(issues),
    agencies: mode === 'hub' ? await agenciesOf(db, request.user!.laCode) : [],
    sources: CIN_CODES.referralSource, consentStates: CONSENT_STATES, familyAware: FAMILY_AWARE,
    action: mode === 'hub' ? '/front-door/contacts/new' : '/portal/contacts/new',
  });

  // ---- The hub: the queue and a contact ------------------------------------------------------

  app.get('/front-door', { config: { policy: 'contact.view' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    const now = new Date();
    const [queue, feedback] = await Promise.all([undecidedContacts(db, user.laCode, 300), feedbackOutstanding(db, user.laCode)]);
    await recordAudit(db, { ...auditOf(request), laCode: user.laCode, action: 'contact.queue.view', outcome: 'allowed', detail: { contacts: queue.length } });
    return reply.render('front-door/views/queue.njk', {
      title: 'Front door', rows: queue.map((c) => queueRow(c, now)),
      feedback: feedback.map((c) => ({ ...queueRow(c, now), decision: DECISION_LABELS[c.decision!], decidedAt: c.decided_at, feedbackDueAt: c.feedback_due_at, overdue: Boolean(c.feedback_due_at && c.feedback_due_at < now), error: c.feedback_error })),
      config: screeningConfig(), canScreen: can(user, 'contact.screen'),
    });
  });

  app.get('/front-door/contacts/new', { config: { policy: 'contact.view' }, schema: { hide: true } }, async (request, reply) => {
    const now = new Date();
    const time = now.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
    return reply.render('front-door/views/contact-form.njk', await contactFormContext(request, 'hub', { ...dateParts('receivedOn', londonDateOf(now)), receivedTime: time }));
  });

  app.post('/front-door/contacts/new', { config: { policy: 'contact.view' }, schema: { hide: true, body: form } }, async (request, reply) => {
    const user = request.user!;
    const body = request.body as Body;
    const { input, issues } = checkContactForm(body, 'hub', new Date());
    if (issues.length) return reply.render('front-door/views/contact-form.njk', await contactFormContext(request, 'hub', body, issues), 400);
    const agency = input.referrerAgencyId ? (await agenciesOf(db, user.laCode)).find((a) => a.id === input.referrerAgencyId) : undefined;
    if (!decide(user, 'contact.submit', { laCode: user.laCode, agencyId: input.referrerAgencyId }).allowed) throw new ForbiddenError();
    try {
      const created = await submitContact(db, user.laCode, contactInsert(input, 'hub', { referrerAgencyType: agency?.agency_type ?? null, referrerUserId: null, apiClientId: null }), auditOf(request));
      return reply.redirect(`/front-door/contacts/${created.id}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return reply.render('front-door/views/contact-form.njk', await contactFormContext(request, 'hub', body, error.issues), 400);
      throw error;
    }
  });

  app.get('/front-door/contacts/:id', { config: { policy: 'contact.view' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const user = request.user!;
    const contact = await openContact(db, user, (request.params as { id: string }).id, 'contact.view', auditOf(request));
    const [ratings, research, discussions, agencies] = await Promise.all([
      ratingHistory(db, user.laCode, contact.id), researchOfContact(db, user.laCode, contact.id), strategyDiscussionsOfContact(db, user.laCode, contact.id), agenciesOf(db, user.laCode),
    ]);
    const names = await userNames(db, user.laCode, [contact.decided_by, contact.sharing_authorised_by, contact.feedback_by, contact.referrer_user_id]);
    const child = contact.child_id ? await db.selectFrom('child').select(['id', 'first_name', 'last_name', 'la_child_id', 'date_of_birth']).where('la_code', '=', user.laCode).where('id', '=', contact.child_id).executeTakeFirst() : undefined;
    const config = screeningConfig();
    return reply.render('front-door/views/contact.njk', {
      title: `Contact ${contactReference(contact.reference_no)}`, contact, row: queueRow(contact, new Date()), ratings, research, child, names,
      discussions: discussions.map((d) => ({ ...d, missing: missingAgencies((d.attendees ?? []) as Attendee[], STRATEGY_REQUIRED), decisionLabel: STRATEGY_DECISIONS.find(([v]) => v === d.decision)?.[1] })),
      details: (contact.child_details ?? {}) as Record<string, string>, source: codeLabel(CIN_CODES.referralSource, contact.source), config,
      needLabel: contact.need_level ? config.needLevels[String(contact.need_level) as '1'] : null, consentLabel: CONSENT_LABELS[contact.consent_state],
      lawfulBasis: LAWFUL_BASES.find(([v]) => v === contact.lawful_basis)?.[1], decision: decisionSummary(contact), agencies,
      canScreen: can(user, 'contact.screen'), canDecide: can(user, 'contact.decide'), canRecordStrategy: can(user, 'strategy.record'),
      strategyDue: Boolean(contact.decision && DECISIONS_WITH_STRATEGY.has(contact.decision) && contact.episode_id),
      familyAware: FAMILY_AWARE.find(([v]) => v === contact.family_aware)?.[1],
      mailEnabled: mailer.enabled,
    });
  });

  // ---- Screening -----------------------------------------------------------------------------

  const screeningPage = (reply: FastifyReply, contact: FrontDoorContact, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) =>
    reply.render('front-door/views/screening.njk', {
      title: 'Screen the contact', contact, reference: contactReference(contact.reference_no), values, ...shown(issues), config: screeningConfig(),
      consentStates: CONSENT_STATES, lawfulBases: LAWFUL_BASES,
    }, status);

  app.get('/front-door/contacts/:id/screening', { config: { policy: 'contact.screen' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const contact = await openContact(db, request.user!, (request.params as { id: string }).id, 'contact.screen', { ...auditOf(request), auditAs: 'contact.screen.open' });
    return screeningPage(reply, contact, {
      rag: contact.rag, needLevel: contact.need_level ? String(contact.need_level) : undefined, consentState: contact.consent_state,
      consentReason: contact.consent_reason, lawfulBasis: contact.lawful_basis,
    });
  });

  app.post('/front-door/contacts/:id/screening', { config: { policy: 'contact.screen' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const contact = await openContact(db, user, (request.params as { id: string }).id, 'contact.screen', { ...auditOf(request), auditAs: 'contact.screen.open' });
    const body = request.body as Body;
    const { input, issues } = checkScreeningForm(body, contact.rag ?? null);
    if (issues.length) return screeningPage(reply, contact, body, issues, 400);
    try {
      await screenContact(db, user, contact.id, input, auditOf(request));
    } catch (error) {
      if (error instanceof ValidationError) return screeningPage(reply, contact, body, error.issues, 400);
      throw error;
    }
    return reply.redirect(`/front-door/contacts/${contact.id}`, 303);
  });

  // ---- Research ------------------------------------------------------------------------------

  const researchForm = async (reply: FastifyReply, request: FastifyRequest, contact: FrontDoorContact, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) =>
    reply.render('front-door/views/research-request.njk', {
      title: 'Ask an agency for information', contact, reference: contactReference(contact.reference_no), values, ...shown(issues),
      agencies: await agenciesOf(db, request.user!.laCode), defaultHours: screeningConfig().rag[contact.rag ?? 'green'].researchWorkingHours,
    }, status);

  app.get('/front-door/contacts/:id/research/new', { config: { policy: 'contact.view' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const contact = await openContact(db, request.user!, (request.params as { id: string }).id, 'contact.view', auditOf(request));
    return researchForm(reply, request, contact, {});
  });

  app.post('/front-door/contacts/:id/research/new', { config: { policy: 'contact.view' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const contact = await openContact(db, user, (request.params as { id: string }).id, 'contact.view', auditOf(request));
    const body = request.body as Body;
    const hoursText = String(body.workingHours ?? '').trim();
    const hours = hoursText ? Number(hoursText) : null;
    try {
      await requestResearch(db, user, contact.id, { agencyId: String(body.agencyId ?? ''), question: String(body.question ?? ''), workingHours: hours === null || Number.isNaN(hours) ? (hoursText ? -1 : null) : hours }, auditOf(request));
    } catch (error) {
      if (error instanceof ValidationError) return researchForm(reply, request, contact, body, error.issues, 400);
      throw error;
    }
    return reply.redirect(`/front-door/contacts/${contact.id}#research`, 303);
  });

  app.get('/front-door/research', { config: { policy: 'research.answer' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    // Hub staff see their own agency's requests; a MASH manager sees every agency's.
    const all = decide(user, 'research.answer', { laCode: user.laCode, agencyId: null }).allowed;
    const rows = await researchAwaited(db, user.laCode, all ? null : user.agencyId);
    await recordAudit(db, { ...auditOf(request), laCode: user.laCode, action: 'research.list', outcome: 'allowed', detail: { requests: rows.length } });
    const now = new Date();
    return reply.render('front-door/views/research-list.njk', {
      title: all ? 'Research requests awaiting an answer' : 'Research requests for your agency',
      rows: rows.map((r) => ({ ...r, reference: contactReference(Number(r.reference_no)), overdue: r.due_at < now })),
    });
  });

  app.get('/front-door/research/:id', { config: { policy: 'research.answer' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const research = await openResearch(db, request.user!, (request.params as { id: string }).id, auditOf(request));
    return reply.render('front-door/views/research-answer.njk', { title: 'Answer a research request', research, reference: contactReference(Number(research.reference_no)), values: {} });
  });

  app.post('/front-door/research/:id', { config: { policy: 'research.answer' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const answer = String((request.body as Body).answer ?? '').slice(0, 20_000);
    try {
      await answerResearch(db, request.user!, id, answer, auditOf(request));
    } catch (error) {
      if (error instanceof ValidationError) {
        const research = await openResearch(db, request.user!, id, auditOf(request));
        return reply.render('front-door/views/research-answer.njk', { title: 'Answer a research request', research, reference: contactReference(Number(research.reference_no)), values: { answer }, ...shown(error.issues) }, 400);
      }
      throw error;
    }
    return reply.redirect('/front-door/research?answered=1', 303);
  });

  // ---- Matching the child --------------------------------------------------------------------

  app.get('/front-door/contacts/:id/child', {
    config: { policy: 'contact.view' },
    schema: { hide: true, params: idParams, querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 } } } },
  }, async (request, reply) => {
    const user = request.user!;
    const contact = await openContact(db, user, (request.params as { id: string }).id, 'contact.view', auditOf(request));
    const q = (request.query as { q?: string }).q?.trim();
    const dob = contact.child_date_of_birth ? contact.child_date_of_birth.split('-').reverse().join('/') : '';
    const query = q ?? [contact.child_first_name, contact.child_last_name, dob].filter(Boolean).join(' ');
    const details = (contact.child_details ?? {}) as Record<string, string>;
    const [results, duplicates] = await Promise.all([
      can(user, 'child.search') ? searchChildren(db, user.laCode, parseSearch(query), 20) : [],
      contact.child_first_name && contact.child_last_name
        ? findLikelyDuplicates(db, user.laCode, { firstName: contact.child_first_name, lastName: contact.child_last_name, dateOfBirth: contact.child_date_of_birth, nhsNumber: details.nhsNumber ?? null })
        : [],
    ]);
    await recordAudit(db, { ...auditOf(request), laCode: user.laCode, action: 'child.search', outcome: 'allowed', detail: { contactId: contact.id, results: results.length, duplicates: duplicates.length } });
    const ids = new Set(duplicates.map((d) => d.id));
    return reply.render('front-door/views/child-match.njk', {
      title: 'Find the child’s record', contact, reference: contactReference(contact.reference_no), q: query, duplicates, results: results.filter((r) => !ids.has(r.id)),
      canCreate: can(user, 'child.create'),
    });
  });

  app.post('/front-door/contacts/:id/child', { config: { policy: 'contact.view' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const contact = await openContact(db, user, (request.params as { id: string }).id, 'contact.view', auditOf(request));
    const body = request.body as Body;
    let childId = String(body.childId ?? '');
    if (body.create === 'yes') {
      if (!can(user, 'child.create')) throw new ForbiddenError();
      if (!contact.child_first_name || !contact.child_last_name) throw new ValidationError([{ field: 'create', message: 'The contact does not give the child’s full name' }]);
      const details = (contact.child_details ?? {}) as Record<string, string>;
      const child = await createChild(db, user.laCode, {
        firstName: contact.child_first_name, lastName: contact.child_last_name, dateOfBirth: contact.child_date_of_birth, sex: 'U',
        nhsNumber: details.nhsNumber?.replace(/\s/g, '') || null, upn: null, postcode: null,
      }, auditOf(request));
      childId = child.id;
    }
    await matchChild(db, user, contact.id, childId, auditOf(request));
    return reply.redirect(`/front-door/contacts/${contact.id}`, 303);
  });

  // ---- The decision and feedback -------------------------------------------------------------

  const decisionPage = (reply: FastifyReply, contact: FrontDoorContact, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) =>
    reply.render('front-door/views/decision.njk', {
      title: 'Decide on the contact', contact, reference: contactReference(contact.reference_no), values, ...shown(issues), decisions: DECISIONS,
      blockers: decisionProblems(contact, { decision: 'assessment', reasons: '', feedback: null }).map((i) => i.message),
      consentGiven: contact.consent_state === 'given',
    }, status);

  app.get('/front-door/contacts/:id/decision', { config: { policy: 'contact.decide' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const contact = await openContact(db, request.user!, (request.params as { id: string }).id, 'contact.decide', { ...auditOf(request), auditAs: 'contact.decide.open' });
    if (contact.decided_at) return reply.redirect(`/front-door/contacts/${contact.id}`, 303);
    return decisionPage(reply, contact, {});
  });

  app.post('/front-door/contacts/:id/decision', { config: { policy: 'contact.decide' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const contact = await openContact(db, user, (request.params as { id: string }).id, 'contact.decide', { ...auditOf(request), auditAs: 'contact.decide.open' });
    const body = request.body as Body;
    const { input, issues } = checkDecisionForm(body);
    const problems = issues.length ? issues : decisionProblems(contact, input);
    if (problems.length) return decisionPage(reply, contact, body, problems, 400);
    const decided = await decideContact(db, user, contact.id, input, auditOf(request));
    await sendOutcome(db, mailer, decided, config.publicUrl, auditOf(request));
    return reply.redirect(`/front-door/contacts/${contact.id}`, 303);
  });

  app.post('/front-door/contacts/:id/feedback', { config: { policy: 'contact.view' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const contact = await openContact(db, user, (request.params as { id: string }).id, 'contact.view', auditOf(request));
    const method = String((request.body as Body).method ?? '');
    if (method === 'resend') {
      await sendOutcome(db, mailer, contact, config.publicUrl, auditOf(request));
    } else if (method === 'phone' || method === 'letter' || method === 'in_person' || method === 'email') {
      await recordFeedback(db, user, contact.id, method, auditOf(request));
    } else {
      throw new ValidationError([{ field: 'method', message: 'Select how the referrer was told' }]);
    }
    return reply.redirect(`/front-door/contacts/${contact.id}#feedback`, 303);
  });

  // ---- Strategy discussions ------------------------------------------------------------------

  const strategyForm = async (reply: FastifyReply, request: FastifyRequest, contact: FrontDoorContact, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) => {
    const agencies = await agenciesOf(db, request.user!.laCode);
    const chosen = Array.from({ length: ATTENDEE_ROWS }, (_, i) => agencies.find((a) => a.id === values[`attendee${i}Agency`])).filter((a) => a !== undefined);
    return reply.render('front-door/views/strategy-form.njk', {
      title: 'Record the strategy discussion', contact, reference: contactReference(contact.reference_no), values, ...shown(issues), agencies,
      attendeeRows: Array.from({ length: ATTENDEE_ROWS }, (_, i) => i), actionRows: Array.from({ length: ACTION_ROWS }, (_, i) => i),
      decisions: STRATEGY_DECISIONS, informParents: INFORM_PARENTS,
      missing: issues.length ? missingAgencies(chosen.map((a) => ({ agencyType: a.agency_type })), STRATEGY_REQUIRED) : [],
    }, status);
  };

  /** The contact a strategy discussion is recorded on (strategy.record is held across the partnership). */
  async function loadForStrategy(request: FastifyRequest): Promise<FrontDoorContact> {
    const contact = await findContact(db, request.user!.laCode, (request.params as { id: string }).id);
    if (!contact) throw new NotFoundError();
    await recordAudit(db, { ...auditOf(request), laCode: contact.la_code, action: 'strategy.record.open', recordType: 'contact', recordId: contact.id, outcome: 'allowed' });
    return contact;
  }

  app.get('/front-door/contacts/:id/strategy-discussion', { config: { policy: 'strategy.record' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const contact = await loadForStrategy(request);
    return strategyForm(reply, request, contact, { ...dateParts('heldOn', londonDateOf(new Date())) });
  });

  app.post('/front-door/contacts/:id/strategy-discussion', { config: { policy: 'strategy.record' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const contact = await loadForStrategy(request);
    const body = request.body as Body;
    const agencies = await agenciesOf(db, user.laCode);
    const { input, issues } = checkStrategyForm(body, agencies, londonDateOf(new Date()), contact.contact_date);
    if (issues.length) return strategyForm(reply, request, contact, body, issues, 400);
    const id = await recordStrategyDiscussion(db, user, contact.id, input, auditOf(request));
    await shareStrategyDiscussion(db, mailer, user.laCode, id, config.publicUrl, auditOf(request));
    return reply.redirect(`/front-door/strategy-discussions/${id}`, 303);
  });

  app.get('/front-door/strategy-discussions/:id', { config: { policy: 'strategy.view' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const user = request.user!;
    const discussion = await findStrategyDiscussion(db, user.laCode, (request.params as { id: string }).id);
    if (!discussion) throw new NotFoundError();
    const attendees = (discussion.attendees ?? []) as Attendee[];
    // Shared with every attendee: a partner agency that attended may read the record.
    const decision = decide(user, 'strategy.view', { laCode: discussion.la_code, agencyId: null, sharedWithAgencyIds: attendees.map((a) => a.agencyId) });
    await recordAudit(db, {
      ...auditOf(request), laCode: discussion.la_code, action: 'strategy.view', recordType: 'child', recordId: discussion.child_id,
      outcome: decision.allowed ? 'allowed' : 'denied', detail: { strategyDiscussionId: discussion.id },
    });
    if (!decision.allowed) throw new ForbiddenError();
    const actions = (discussion.actions ?? []) as StrategyAction[];
    const names = await userNames(db, user.laCode, [discussion.recorded_by, ...actions.map((a) => a.doneBy)]);
    return reply.render('front-door/views/strategy.njk', {
      title: 'Strategy discussion', discussion, attendees, reference: contactReference(Number(discussion.reference_no)),
      actions: actions.map((a) => ({ ...a, doneByName: a.doneBy ? names.get(a.doneBy) : undefined })), canCompleteActions: can(user, 'strategy.record'),
      missing: missingAgencies(attendees, STRATEGY_REQUIRED), decisionLabel: STRATEGY_DECISIONS.find(([v]) => v === discussion.decision)?.[1],
      informLabel: INFORM_PARENTS.find(([v]) => v === discussion.inform_parents)?.[1], recordedBy: names.get(discussion.recorded_by),
      canOpenContact: can(user, 'contact.view'),
    });
  });

  app.post('/front-door/strategy-discussions/:id/actions', {
    config: { policy: 'strategy.record' },
    schema: { hide: true, params: idParams, body: form },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const index = String((request.body as Record<string, unknown>).index ?? '');
    await completeStrategyAction(db, request.user!, id, /^\d{1,3}$/.test(index) ? Number(index) : Number.NaN, auditOf(request));
    return reply.redirect(`/front-door/strategy-discussions/${id}#actions`, 303);
  });

  // ---- The consultation line -----------------------------------------------------------------

  app.get('/front-door/consultations', {
    config: { policy: 'consultation.search' },
    schema: { hide: true, querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 }, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } } },
  }, async (request, reply) => {
    const user = request.user!;
    const query = request.query as { q?: string; from?: string; to?: string };
    const q = (query.q ?? '').trim();
    const rows = await searchConsultations(db, user.laCode, q, { from: query.from || undefined, to: query.to || undefined });
    await recordAudit(db, { ...auditOf(request), laCode: user.laCode, action: 'consultation.search', outcome: 'allowed', detail: { query: q, from: query.from, to: query.to, results: rows.length } });
    return reply.render('front-door/views/consultations.njk', { title: 'Consultation line', rows, q, from: query.from, to: query.to, canLog: can(user, 'consultation.log') });
  });

  const consultationForm = async (reply: FastifyReply, request: FastifyRequest, values: Record<string, unknown>, issues: FieldIssue[] = [], status = 200) =>
    reply.render('front-door/views/consultation-form.njk', { title: 'Log a consultation', values, ...shown(issues), agencies: await agenciesOf(db, request.user!.laCode) }, status);

  app.get('/front-door/consultations/new', { config: { policy: 'consultation.log' }, schema: { hide: true } }, async (request, reply) => consultationForm(reply, request, {}));

  app.post('/front-door/consultations/new', { config: { policy: 'consultation.log' }, schema: { hide: true, body: form } }, async (request, reply) => {
    const user = request.user!;
    const body = request.body as Body;
    const { input, issues } = checkConsultationForm(body, await agenciesOf(db, user.laCode), new Date());
    if (issues.length) return consultationForm(reply, request, body, issues, 400);
    await logConsultation(db, user, input, auditOf(request));
    return reply.redirect('/front-door/consultations?logged=1', 303);
  });

  // ---- The daily huddle and the figures ------------------------------------------------------

  app.get('/front-door/huddle', { config: { policy: 'huddle.view' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    const now = new Date();
    const [figures, queue, research] = await Promise.all([huddleFigures(db, user.laCode, now), undecidedContacts(db, user.laCode, 40), researchAwaited(db, user.laCode, null)]);
    await recordAudit(db, { ...auditOf(request), laCode: user.laCode, action: 'huddle.view', outcome: 'allowed' });
    return reply.render('front-door/views/huddle.njk', {
      title: 'Daily huddle', figures, queue: queue.map((c) => queueRow(c, now)), config: screeningConfig(),
      research: research.slice(0, 20).map((r) => ({ ...r, reference: contactReference(Number(r.reference_no)), overdue: r.due_at < now })),
      refreshSeconds: 60, canOpen: can(user, 'contact.view'),
    });
  });

  app.get('/front-door/metrics', {
    config: { policy: 'kpi.view' },
    schema: { hide: true, querystring: { type: 'object', properties: { year: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, format: { type: 'string', enum: ['html', 'json'] } } } },
  }, async (request, reply) => {
    const user = request.user!;
    const query = request.query as { year?: string; format?: string };
    const current = reportingYearOf(londonDateOf(new Date())).label;
    let result;
    try {
      result = await mashMetrics(db, user.laCode, query.year ?? current);
    } catch {
      throw new ValidationError([{ field: 'year', message: 'Enter a reporting year like 2025-26' }]);
    }
    if (query.format === 'json') return reply.send(result);
    return reply.render('front-door/views/metrics.njk', { title: 'Front door figures', result, current, sources: CIN_CODES.referralSource, decisions: DECISION_LABELS });
  });

  // ---- The partner portal --------------------------------------------------------------------

  app.get('/portal', { config: { policy: 'contact.outcome.view' }, schema: { hide: true, querystring: { type: 'object', properties: { sent: { type: 'string', maxLength: 40 } } } } }, async (request, reply) => {
    const user = request.user!;
    const rows = await contactsOfAgency(db, user.laCode, user.agencyId);
    await recordAudit(db, { ...auditOf(request), laCode: user.laCode, action: 'contact.outcome.list', outcome: 'allowed', detail: { contacts: rows.length } });
    return reply.render('front-door/views/portal.njk', {
      title: 'Your agency’s contacts',
      rows: rows.map((c) => ({
        id: c.id, reference: contactReference(c.reference_no), receivedAt: c.received_at, child: [c.child_first_name, c.child_last_name].filter(Boolean).join(' '),
        status: c.decision ? 'Decided' : 'With the hub', outcome: c.decision ? DECISION_LABELS[c.decision] : null, decidedOn: c.decision_date,
      })),
    });
  });

  app.get('/portal/contacts/new', { config: { policy: 'contact.outcome.view' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    return reply.render('front-door/views/contact-form.njk', await contactFormContext(request, 'portal', { referrerName: user.displayName, referrerEmail: user.email }));
  });

  app.post('/portal/contacts/new', { config: { policy: 'contact.outcome.view' }, schema: { hide: true, body: form } }, async (request, reply) => {
    const user = request.user!;
    const body = request.body as Body;
    // The referrer is the signed-in practitioner: their agency, and their email for the outcome.
    const { input, issues } = checkContactForm({ ...body, referrerEmail: user.email }, 'portal', new Date());
    if (issues.length) return reply.render('front-door/views/contact-form.njk', await contactFormContext(request, 'portal', { ...body, referrerEmail: user.email }, issues), 400);
    if (!decide(user, 'contact.submit', { laCode: user.laCode, agencyId: user.agencyId }).allowed) throw new ForbiddenError();
    const agency = (await agenciesOf(db, user.laCode)).find((a) => a.id === user.agencyId);
    const created = await submitContact(db, user.laCode, contactInsert({ ...input, referrerAgencyId: user.agencyId }, 'portal', {
      referrerAgencyType: agency?.agency_type ?? null, referrerUserId: user.id, apiClientId: null,
    }), auditOf(request));
    return reply.redirect(`/portal/contacts/${created.id}?sent=1`, 303);
  });

  app.get('/portal/contacts/:id', {
    config: { policy: 'contact.outcome.view' },
    schema: { hide: true, params: idParams, querystring: { type: 'object', properties: { sent: { type: 'string', maxLength: 5 } } } },
  }, async (request, reply) => {
    const contact = await openContact(db, request.user!, (request.params as { id: string }).id, 'contact.outcome.view', auditOf(request));
    return reply.render('front-door/views/portal-contact.njk', {
      title: `Contact ${contactReference(contact.reference_no)}`, contact, reference: contactReference(contact.reference_no),
      child: [contact.child_first_name, contact.child_last_name].filter(Boolean).join(' '), outcome: contact.decision ? DECISION_LABELS[contact.decision] : null,
      sent: (request.query as { sent?: string }).sent === '1',
    });
  });

  // ---- API clients (administrators) ----------------------------------------------------------

  const apiClientsPage = async (reply: FastifyReply, request: FastifyRequest, extra: Record<string, unknown> = {}, status = 200) =>
    reply.render('front-door/views/api-clients.njk', {
      title: 'API clients', clients: await listApiClients(db, request.user!.laCode), agencies: await agenciesOf(db, request.user!.laCode), values: {}, publicUrl: config.publicUrl, ...extra,
    }, status);

  app.get('/admin/api-clients', { config: { policy: 'api_client.manage' }, schema: { hide: true } }, async (request, reply) => apiClientsPage(reply, request));

  app.post('/admin/api-clients', { config: { policy: 'api_client.manage' }, schema: { hide: true, body: form } }, async (request, reply) => {
    const body = request.body as Body;
    try {
      const { client, secret } = await createApiClient(db, { laCode: request.user!.laCode, name: String(body.name ?? ''), agencyId: String(body.agencyId ?? '') }, auditOf(request));
      return apiClientsPage(reply, request, { createdClient: client, secret });
    } catch (error) {
      if (error instanceof ValidationError) return apiClientsPage(reply, request, { values: body, ...shown(error.issues) }, 400);
      throw error;
    }
  });

  app.post('/admin/api-clients/:id/revoke', { config: { policy: 'api_client.manage' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    await revokeApiClient(db, request.user!.laCode, (request.params as { id: string }).id, auditOf(request));
    return reply.redirect('/admin/api-clients', 303);
  });
}
