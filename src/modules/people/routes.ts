/** Finding and opening a child's record, with restricted records and break-glass. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { BREAK_GLASS_MIN_REASON, decide } from '../../core/policy/index.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { childRecordRef, findChild, searchChildren } from './repository.ts';
import type { Child } from '../../core/db/schema.ts';

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
    const results = q ? await searchChildren(db, user.laCode, q) : [];
    if (q) {
      // A search reveals who is known to social care: it is audited like a read.
      await recordAudit(db, { laCode: user.laCode, actor: user, action: 'child.search', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { query: q, results: results.length } });
    }
    return reply.render('people/views/children.njk', { title: 'Find a child', q, results, searched: q.length > 0 });
  });

  /** Loads the child and decides access; renders the break-glass page or refuses when not allowed. */
  async function openChild(request: FastifyRequest, reply: FastifyReply, breakGlassReason?: string): Promise<{ child: Child; breakGlass: boolean } | undefined> {
    const user = request.user!;
    const { id } = request.params as { id: string };
    const child = await findChild(db, user.laCode, id);
    if (!child) throw new NotFoundError();
    const granted = request.session?.pending.breakGlass as Record<string, string> | undefined;
    const reason = breakGlassReason ?? granted?.[child.id];
    const decision = decide(user, 'child.view', await childRecordRef(db, child), { breakGlassReason: reason });
    const base = { laCode: user.laCode, actor: user, action: 'child.view', recordType: 'child', recordId: child.id, ip: request.ip, requestId: request.id };
    if (!decision.allowed) {
      await recordAudit(db, { ...base, outcome: 'denied', detail: { reason: decision.reason } });
      if (decision.canBreakGlass) {
        reply.render('people/views/break-glass.njk', { title: 'This record is restricted', childId: child.id }, 403);
        return undefined;
      }
      throw new ForbiddenError();
    }
    await recordAudit(db, { ...base, outcome: 'allowed', breakGlass: decision.breakGlass, purpose: decision.breakGlass ? reason : undefined });
    return { child, breakGlass: decision.breakGlass };
  }

  app.get('/children/:id', { config: { policy: 'child.view' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const opened = await openChild(request, reply);
    if (!opened) return reply;
    return reply.render('people/views/child.njk', { title: `${opened.child.first_name} ${opened.child.last_name}`, child: opened.child, breakGlass: opened.breakGlass });
  });

  app.post('/children/:id/break-glass', {
    config: { policy: 'child.view' },
    schema: { hide: true, params: idParams, body: { type: 'object', additionalProperties: true } },
  }, async (request, reply) => {
    const user = request.user!;
    const { id } = request.params as { id: string };
    const parsed = breakGlassForm.safeParse(request.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ text: i.message, href: '#reason' }));
      return reply.render('people/views/break-glass.njk', { title: 'This record is restricted', childId: id, errors }, 400);
    }
    const opened = await openChild(request, reply, parsed.data.reason);
    if (!opened) return reply;
    // Managers see every break-glass opening; the grant lasts for this session only.
    await db.insertInto('break_glass_alert').values({ la_code: user.laCode, user_id: user.id, record_type: 'child', record_id: opened.child.id, reason: parsed.data.reason }).execute();
    const session = request.session!;
    session.pending = { ...session.pending, breakGlass: { ...(session.pending.breakGlass as Record<string, string> | undefined), [opened.child.id]: parsed.data.reason } };
    await db.updateTable('user_session').set({ pending: JSON.stringify(session.pending) }).where('token_hash', '=', session.tokenHash).execute();
    return reply.redirect(`/children/${opened.child.id}`, 303);
  });
}
