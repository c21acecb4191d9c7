/** The child's record page, recording each step of the journey, the chronology, and work trays. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { decide, grantedScope } from '../../core/policy/index.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import type { Child } from '../../core/db/schema.ts';
import { authorizeChild, childRecordRef, findChild } from '../people/index.ts';
import { fieldsOf, readForm, runChecks, STEPS, type Step, type Values } from './steps.ts';
import { allocatableWorkers, allocateChild, chronologyOf, journeyOf, nextSteps, today } from './service.ts';
import { childClocks } from './clocks.ts';
import { loadJourneyRows, loadLookups, toSnapshot } from './repository.ts';
import { timescales } from './timescales.ts';
import type { ChildAccess } from '../people/index.ts';
import { familyOf } from '../family/index.ts';

const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'], additionalProperties: true } as const;
const form = { type: 'object', additionalProperties: true } as const;

/** Turns a refused decision into the break-glass page or a 403. */
function refuse(reply: FastifyReply, access: ChildAccess) {
  if (access.decision.canBreakGlass) return reply.render('people/views/break-glass.njk', { title: 'This record is restricted', childId: access.child.id }, 403);
  throw new ForbiddenError();
}

export async function journeyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;

  app.get('/children/:id', { config: { policy: 'child.view' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const access = await authorizeChild(db, request, 'child.view');
    if (!access.decision.allowed) return refuse(reply, access);
    const { child } = access;
    const user = request.user!;
    const { rows, clocks } = await journeyOf(db, child);
    const ref = await childRecordRef(db, child);
    const [family, worker] = await Promise.all([
      familyOf(db, child),
      child.allocated_worker_id ? db.selectFrom('app_user').select('display_name').where('la_code', '=', child.la_code).where('id', '=', child.allocated_worker_id).executeTakeFirst() : undefined,
    ]);
    return reply.render('journey/views/child.njk', {
      family,
      allocatedTo: worker?.display_name ?? null,
      canAllocate: decide(user, 'child.allocate', child.team_id ? ref : { ...ref, teamId: user.teamId }).allowed,
      title: [child.first_name, child.last_name].filter(Boolean).join(' ') || child.la_child_id,
      child,
      rows,
      clocks,
      breakGlass: access.decision.breakGlass,
      canEdit: decide(user, 'child.edit', ref, { breakGlassReason: (request.session?.pending.breakGlass as Record<string, string> | undefined)?.[child.id] }).allowed,
      canSeeViewers: decide(user, 'record.viewers', { ...ref, restriction: null }).allowed,
      canMerge: decide(user, 'child.merge', ref).allowed,
      steps: nextSteps(child, rows),
      ruleVersion: timescales().version,
    });
  });

  for (const step of STEPS) {
    const url = `/children/:id/${step.path}`;
    const load = async (request: FastifyRequest) => {
      const access = await authorizeChild(db, request, 'child.edit', `journey.${step.id}.open`);
      const [rows, lookups] = await Promise.all([loadJourneyRows(db, access.child.la_code, access.child.id), loadLookups(db, access.child.la_code, access.child.id)]);
      const params = request.params as Record<string, string>;
      const stepCtx = { child: access.child, rows, params, today: today(), userId: request.user!.id, lookups };
      return { access, stepCtx };
    };
    const render = (reply: FastifyReply, s: Step, stepCtx: Awaited<ReturnType<typeof load>>['stepCtx'], values: Values, errors: { field: string; message: string }[] = [], status = 200) =>
      reply.render('journey/views/step.njk', {
        title: s.title, child: stepCtx.child, fields: fieldsOf(s, stepCtx), values, status,
        errors: errors.map((e) => ({ text: e.message, href: `#${e.field}` })),
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        unavailable: s.unavailable?.(stepCtx),
      }, status);

    app.get(url, { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
      const { access, stepCtx } = await load(request);
      if (!access.decision.allowed) return refuse(reply, access);
      return render(reply, step, stepCtx, {});
    });

    app.post(url, { config: { policy: 'child.edit' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
      const { access, stepCtx } = await load(request);
      if (!access.decision.allowed) return refuse(reply, access);
      const unavailable = step.unavailable?.(stepCtx);
      if (unavailable) return render(reply, step, stepCtx, {}, [{ field: 'form', message: unavailable }], 409);
      const fields = fieldsOf(step, stepCtx);
      const { values, issues } = readForm(fields, request.body as Record<string, unknown>);
      const problems = issues.length ? issues : runChecks(step, values, stepCtx);
      if (problems.length) return render(reply, step, stepCtx, values, problems, 400);
      // The step and its audit event are one transaction: both or neither.
      await db.transaction().execute(async (trx) => {
        await step.save(trx, values, stepCtx);
        await recordAudit(trx, {
          laCode: access.child.la_code, actor: request.user, action: `journey.${step.id}`, recordType: 'child', recordId: access.child.id,
          outcome: 'succeeded', ip: request.ip, requestId: request.id, detail: { step: step.id, params: stepCtx.params, ruleVersion: timescales().version },
        });
      });
      return reply.redirect(`/children/${access.child.id}`, 303);
    });
  }

  app.get('/children/:id/chronology', {
    config: { policy: 'child.view' },
    schema: { hide: true, params: idParams, querystring: { type: 'object', properties: { stage: { type: 'string', maxLength: 30 }, significant: { type: 'string', maxLength: 5 }, format: { type: 'string', enum: ['html', 'csv'] } } } },
  }, async (request, reply) => {
    const q = request.query as { stage?: string; significant?: string; format?: string };
    const access = await authorizeChild(db, request, 'child.view', q.format === 'csv' ? 'child.chronology.export' : 'child.chronology.view');
    if (!access.decision.allowed) return refuse(reply, access);
    const rows = await loadJourneyRows(db, access.child.la_code, access.child.id);
    const events = (await chronologyOf(db, access.child, rows)).filter((e) => (!q.stage || e.stage === q.stage) && (q.significant !== 'yes' || e.significant));
    if (q.format === 'csv') {
      const cell = (v: string | null) => `"${(v ?? '').replace(/"/g, '""').replace(/^[=+\-@]/, "'$&")}"`;
      const csv = ['date,stage,event,detail,significant', ...events.map((e) => [e.date, e.stage, e.title, e.detail, e.significant ? 'yes' : 'no'].map(cell).join(','))].join('\r\n');
      return reply.header('content-disposition', `attachment; filename="chronology-${access.child.la_child_id}.csv"`).type('text/csv; charset=utf-8').send(csv);
    }
    const canMark = decide(request.user!, 'child.edit', await childRecordRef(db, access.child)).allowed;
    return reply.render('journey/views/chronology.njk', { title: 'Chronology', child: access.child, events, filter: q, canMark });
  });

  app.post('/children/:id/chronology/marks', {
    config: { policy: 'child.edit' },
    schema: { hide: true, params: idParams, body: form },
  }, async (request, reply) => {
    const access = await authorizeChild(db, request, 'child.edit', 'child.chronology.mark');
    if (!access.decision.allowed) return refuse(reply, access);
    const body = request.body as { eventKey?: string; significant?: string };
    const key = String(body.eventKey ?? '').slice(0, 200);
    if (key) {
      if (body.significant === 'yes') {
        await db.insertInto('chronology_mark').values({ la_code: access.child.la_code, child_id: access.child.id, event_key: key, marked_by: request.user!.id }).onConflict((oc) => oc.doNothing()).execute();
      } else {
        await db.deleteFrom('chronology_mark').where('la_code', '=', access.child.la_code).where('child_id', '=', access.child.id).where('event_key', '=', key).execute();
      }
    }
    return reply.redirect(`/children/${access.child.id}/chronology`, 303);
  });

  // Allocation: a manager gives a child's case to a social worker of their team. An unallocated case
  // (no team yet, such as a child just added) may be taken into the manager's team.
  const allocationAccess = async (request: FastifyRequest) => {
    const user = request.user!;
    const child = await findChild(db, user.laCode, (request.params as { id: string }).id);
    if (!child || child.merged_into) throw new NotFoundError();
    const ref = await childRecordRef(db, child);
    const decision = decide(user, 'child.allocate', child.team_id ? ref : { ...ref, teamId: user.teamId });
    await recordAudit(db, {
      laCode: child.la_code, actor: user, action: 'child.allocation.open', recordType: 'child', recordId: child.id, ip: request.ip, requestId: request.id,
      outcome: decision.allowed ? 'allowed' : 'denied', detail: decision.allowed ? undefined : { reason: decision.reason },
    });
    if (!decision.allowed) throw new ForbiddenError();
    return child;
  };
  const allocationPage = async (reply: FastifyReply, request: FastifyRequest, child: Child, errors: { text: string; href: string }[] = [], status = 200) => {
    const workers = await allocatableWorkers(db, child.la_code, request.user!.teamId);
    const current = child.allocated_worker_id ? await db.selectFrom('app_user').select('display_name').where('la_code', '=', child.la_code).where('id', '=', child.allocated_worker_id).executeTakeFirst() : undefined;
    return reply.render('journey/views/allocation.njk', { title: child.allocated_worker_id ? 'Reallocate this case' : 'Allocate this case', child, workers, current: current?.display_name ?? null, errors }, status);
  };

  app.get('/children/:id/allocation', { config: { policy: 'child.allocate' }, schema: { hide: true, params: idParams } }, async (request, reply) => {
    const child = await allocationAccess(request);
    return allocationPage(reply, request, child);
  });

  app.post('/children/:id/allocation', { config: { policy: 'child.allocate' }, schema: { hide: true, params: idParams, body: form } }, async (request, reply) => {
    const user = request.user!;
    const child = await allocationAccess(request);
    const workerId = String((request.body as { workerId?: string }).workerId ?? '');
    const worker = (await allocatableWorkers(db, child.la_code, user.teamId)).find((w) => w.id === workerId);
    if (!worker) return allocationPage(reply, request, child, [{ text: 'Select a social worker in your team', href: `#workerId` }], 400);
    await db.transaction().execute(async (trx) => {
      await allocateChild(trx, child, worker, today());
      await recordAudit(trx, {
        laCode: child.la_code, actor: user, action: 'child.allocate', recordType: 'child', recordId: child.id, outcome: 'succeeded', ip: request.ip, requestId: request.id,
        detail: { from: { workerId: child.allocated_worker_id, teamId: child.team_id }, to: { workerId: worker.id, teamId: worker.team_id } },
      });
    });
    return reply.redirect(`/children/${child.id}`, 303);
  });

  app.get('/work-tray', {
    config: { policy: 'caseload.view' },
    schema: { hide: true, querystring: { type: 'object', properties: { stage: { type: 'string', maxLength: 30 }, scope: { type: 'string', enum: ['mine', 'team'] } } } },
  }, async (request, reply) => {
    const user = request.user!;
    const q = request.query as { stage?: string; scope?: string };
    const teamAllowed = grantedScope(user.role, 'caseload.view') !== 'own';
    const scope = q.scope === 'team' && teamAllowed ? 'team' : 'mine';
    let query = db.selectFrom('child').selectAll().where('la_code', '=', user.laCode).where('merged_into', 'is', null);
    query = scope === 'team' && user.teamId ? query.where('team_id', '=', user.teamId) : query.where('allocated_worker_id', '=', user.id);
    const children = await query.limit(500).execute();
    const on = today();
    const items = [];
    for (const child of children) {
      const rows = await loadJourneyRows(db, child.la_code, child.id);
      for (const clock of childClocks(toSnapshot(rows), timescales(), on)) {
        if (clock.status !== 'due' && clock.status !== 'overdue') continue;
        if (q.stage && !clock.id.toLowerCase().startsWith(q.stage.toLowerCase())) continue;
        items.push({ child, clock });
      }
    }
    items.sort((a, b) => (a.clock.status === b.clock.status ? a.clock.dueOn.localeCompare(b.clock.dueOn) : a.clock.status === 'overdue' ? -1 : 1));
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'caseload.view', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { scope, children: children.length } });
    return reply.render('journey/views/work-tray.njk', { title: scope === 'team' ? 'Team work tray' : 'My work tray', items, scope, teamAllowed, filter: q, overdue: items.filter((i) => i.clock.status === 'overdue').length });
  });
}
