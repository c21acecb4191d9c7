/** The audit trail for auditors, the integrity check, "who has viewed this record", break-glass review. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../server.ts';
import { recordAudit, verifyAuditChain } from '../../core/audit.ts';
import { decide, grantedScope } from '../../core/policy/index.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { childRecordRef, findChild } from '../people/index.ts';
import { breakGlassAlerts, recordViewers, searchAudit } from './repository.ts';

const uuidParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;

export async function auditRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;

  app.get('/audit', {
    config: { policy: 'audit.view' },
    schema: {
      hide: true,
      querystring: { type: 'object', properties: { actor: { type: 'string', maxLength: 320 }, record: { type: 'string', maxLength: 100 }, action: { type: 'string', maxLength: 100 } } },
    },
  }, async (request, reply) => {
    const user = request.user!;
    const q = request.query as { actor?: string; record?: string; action?: string };
    const filter = { actorEmail: q.actor?.trim() || undefined, recordId: q.record?.trim() || undefined, action: q.action?.trim() || undefined };
    const events = await searchAudit(db, user.laCode, filter);
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'audit.view', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { filter } });
    return reply.render('audit/views/audit.njk', { title: 'Audit trail', events, filter: q });
  });

  app.get('/audit/verify', { config: { policy: 'audit.verify' }, schema: { hide: true } }, async (_request, reply) =>
    reply.render('audit/views/verify.njk', { title: 'Check the audit trail' }),
  );

  app.post('/audit/verify', { config: { policy: 'audit.verify' }, schema: { hide: true, body: { type: 'object', additionalProperties: true } } }, async (request, reply) => {
    const user = request.user!;
    const report = await verifyAuditChain(db);
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'audit.verify', outcome: report.firstBroken ? 'failed' : 'succeeded', ip: request.ip, requestId: request.id, detail: { rows: report.rows, firstBroken: report.firstBroken } });
    return reply.render('audit/views/verify.njk', { title: 'Check the audit trail', report });
  });

  app.get('/children/:id/viewers', { config: { policy: 'record.viewers' }, schema: { hide: true, params: uuidParams } }, async (request, reply) => {
    const user = request.user!;
    const { id } = request.params as { id: string };
    const child = await findChild(db, user.laCode, id);
    if (!child) throw new NotFoundError();
    const decision = decide(user, 'record.viewers', { ...(await childRecordRef(db, child)), restriction: null });
    if (!decision.allowed) throw new ForbiddenError();
    const viewers = await recordViewers(db, user.laCode, 'child', child.id);
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'record.viewers', recordType: 'child', recordId: child.id, outcome: 'allowed', ip: request.ip, requestId: request.id });
    return reply.render('audit/views/viewers.njk', { title: 'Who has viewed this record', child, viewers });
  });

  app.get('/break-glass', { config: { policy: 'breakglass.review' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    const teamOnly = grantedScope(user.role, 'breakglass.review') === 'team';
    const alerts = await breakGlassAlerts(db, user.laCode, teamOnly ? user.teamId : null);
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'breakglass.review', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { listed: alerts.length } });
    return reply.render('audit/views/break-glass.njk', { title: 'Break-glass openings of restricted records', alerts });
  });

  app.post('/break-glass/:id/reviewed', {
    config: { policy: 'breakglass.review' },
    schema: { hide: true, params: uuidParams, body: { type: 'object', additionalProperties: true } },
  }, async (request, reply) => {
    const user = request.user!;
    const { id } = request.params as { id: string };
    await db.updateTable('break_glass_alert').set({ reviewed_by: user.id, reviewed_at: new Date() }).where('la_code', '=', user.laCode).where('id', '=', id).where('reviewed_at', 'is', null).execute();
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'breakglass.reviewed', recordType: 'break_glass_alert', recordId: id, outcome: 'succeeded', ip: request.ip, requestId: request.id });
    return reply.redirect('/break-glass', 303);
  });
}
