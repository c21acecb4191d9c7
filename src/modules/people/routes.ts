/** Finding and opening a child's record, with restricted records and break-glass. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from '../../core/zod.ts';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { BREAK_GLASS_MIN_REASON, decide } from '../../core/policy/index.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { childRecordRef, findChild } from './repository.ts';
import { findLikelyDuplicates, parseSearch, searchChildren } from './search.ts';
import { checkNewChild, createChild, mergeChildren } from './service.ts';
import { authorizeChild } from './access.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import type { Child } from '../../core/db/schema.ts';
import { savePending } from '../identity/index.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;

const breakGlassForm = z.object({
  reason: z.string().trim().min(BREAK_GLASS_MIN_REASON, `Enter why you need to open this restricted record, in at least ${BREAK_GLASS_MIN_REASON} characters`).max(1000, 'Reason must be 1,000 characters or fewer'),
});

export async function peopleRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;

  app.get('/children', {
    config: { policy: 'child.search' },
    schema: { hide: true, querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 } } } },
  }, async (request, reply) => {
    const user = request.user!;
    const q = ((request.query as { q?: string }).q ?? '').trim();
    const terms = parseSearch(q);
    const results = q ? await searchChildren(db, user.laCode, terms) : [];
    if (q) {
      // A search reveals who is known to social care: it is audited like a read.
      await recordAudit(db, { laCode: user.laCode, actor: user, action: 'child.search', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { query: q, terms, results: results.length } });
    }
    return reply.render('people/views/children.njk', { title: 'Find a child', q, results, searched: q.length > 0 });
  });

  /** The child named in the URL, within the user's partnership, or 404. */
  async function loadChild(request: FastifyRequest): Promise<Child> {
    const { id } = request.params as { id: string };
    const child = await findChild(db, request.user!.laCode, id);
    if (!child) throw new NotFoundError();
    return child;
  }

  const auditBase = (request: FastifyRequest, child: Child) => ({
    laCode: child.la_code, actor: request.user, recordType: 'child', recordId: child.id, ip: request.ip, requestId: request.id,
  });

  app.get('/children/new', { config: { policy: 'child.create' }, schema: { hide: true } }, async (_request, reply) =>
    reply.render('people/views/new-child.njk', { title: 'Add a child', values: {} }),
  );

  app.post('/children/new', { config: { policy: 'child.create' }, schema: { hide: true, body: { type: 'object', additionalProperties: true } } }, async (request, reply) => {
    const user = request.user!;
    const body = request.body as Record<string, string>;
    const { child, issues } = checkNewChild(body, londonDateOf(new Date()));
    if (issues.length) {
      return reply.render('people/views/new-child.njk', { title: 'Add a child', values: body, errors: issues.map((i) => ({ text: i.message, href: `#${i.field}` })), errorFor: Object.fromEntries(issues.map((i) => [i.field, i.message])) }, 400);
    }
    // Likely duplicates are offered first; creating anyway is a deliberate second step.
    if (body.confirmed !== 'yes') {
      const duplicates = await findLikelyDuplicates(db, user.laCode, child);
      if (duplicates.length) {
        await recordAudit(db, { laCode: user.laCode, actor: user, action: 'child.duplicate-check', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { candidates: duplicates.length } });
        return reply.render('people/views/duplicates.njk', { title: 'This child may already have a record', duplicates, values: body });
      }
    }
    const created = await createChild(db, user.laCode, child, { actor: user, ip: request.ip, requestId: request.id });
    return reply.redirect(`/children/${created.id}`, 303);
  });

  app.get('/children/:id/merge', { config: { policy: 'child.merge' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const { child, decision } = await authorizeChild(db, request, 'child.merge', 'child.merge.open');
    if (!decision.allowed) throw new ForbiddenError();
    return reply.render('people/views/merge.njk', { title: 'Merge two records of the same child', child });
  });

  app.post('/children/:id/merge', { config: { policy: 'child.merge' }, schema: { hide: true, params: idParams, body: { type: 'object', additionalProperties: true } } }, async (request, reply) => {
    const user = request.user!;
    const { child, decision } = await authorizeChild(db, request, 'child.merge', 'child.merge.open');
    if (!decision.allowed) throw new ForbiddenError();
    const duplicateId = String((request.body as { duplicate?: string }).duplicate ?? '').trim();
    const duplicate = duplicateId ? await db.selectFrom('child').selectAll().where('la_code', '=', user.laCode).where('la_child_id', '=', duplicateId).where('merged_into', 'is', null).executeTakeFirst() : undefined;
    if (!duplicate || duplicate.id === child.id) {
      return reply.render('people/views/merge.njk', { title: 'Merge two records of the same child', child, errors: [{ text: 'Enter the LA child ID of another current record', href: '#duplicate' }] }, 400);
    }
    try {
      await mergeChildren(db, user.laCode, child.id, duplicate.id, { actor: user, ip: request.ip, requestId: request.id });
    } catch (error) {
      if (error instanceof Error && error.name === 'ConflictError') {
        return reply.render('people/views/merge.njk', { title: 'Merge two records of the same child', child, errors: [{ text: error.message, href: '#duplicate' }] }, 409);
      }
      throw error;
    }
    return reply.redirect(`/children/${child.id}`, 303);
  });

  app.post('/children/:id/break-glass', {
    config: { policy: 'child.view' },
    schema: { hide: true, params: idParams, body: { type: 'object', additionalProperties: true } },
  }, async (request, reply) => {
    const user = request.user!;
    const child = await loadChild(request);
    const record = await childRecordRef(db, child);
    const plain = decide(user, 'child.view', record);
    // Nothing to break: an open record goes straight to its page, with no alert raised.
    if (plain.allowed) return reply.redirect(`/children/${child.id}`, 303);
    if (!plain.canBreakGlass) {
      await recordAudit(db, { ...auditBase(request, child), action: 'child.break-glass', outcome: 'denied', detail: { reason: plain.reason } });
      throw new ForbiddenError();
    }
    const parsed = breakGlassForm.safeParse(request.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ text: i.message, href: '#reason' }));
      return reply.render('people/views/break-glass.njk', { title: 'This record is restricted', childId: child.id, errors }, 400);
    }
    const reason = parsed.data.reason;
    const decision = decide(user, 'child.view', record, { breakGlassReason: reason });
    if (!decision.breakGlass) throw new ForbiddenError();
    // The grant is audited here; the view that follows is audited as a view (once).
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('break_glass_alert').values({ la_code: user.laCode, user_id: user.id, record_type: 'child', record_id: child.id, reason }).execute();
      await recordAudit(trx, { ...auditBase(request, child), action: 'child.break-glass', outcome: 'allowed', breakGlass: true, purpose: reason });
    });
    const session = request.session!;
    session.pending = { ...session.pending, breakGlass: { ...(session.pending.breakGlass as Record<string, string> | undefined), [child.id]: reason } };
    await savePending(db, session);
    return reply.redirect(`/children/${child.id}`, 303);
  });
}
