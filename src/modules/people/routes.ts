/** Finding and opening a child's record, with restricted records and break-glass. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { BREAK_GLASS_MIN_REASON, decide } from '../../core/policy/index.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { childRecordRef, findChild } from './repository.ts';
import { parseSearch, searchChildren } from './search.ts';
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
