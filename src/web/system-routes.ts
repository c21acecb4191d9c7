/** Routes that belong to no module: the health check, the per-role home page, and "who am I". */
import type { FastifyInstance } from 'fastify';
import { sql } from '../core/db/kysely.ts';
import type { AppContext } from '../server.ts';
import { can, ROLE_LABELS, type Role } from '../core/policy/index.ts';

const HOME_INTRO: Record<Role, string> = {
  mash_practitioner: 'Screen contacts, find children and gather what partner agencies know.',
  mash_manager: 'Decide on contacts within one working day and keep the front door safe.',
  social_worker: 'Your children, what falls due next, and what is overdue.',
  team_manager: 'Your team’s children, their clocks, and the decisions waiting for you.',
  partner_practitioner: 'Tell the hub about a child you are worried about and see what happened to your contacts.',
  lado: 'Allegations against people who work with children: advice, referrals and meetings.',
  cdop_coordinator: 'Child death notifications, reviews and the panel’s work.',
  partnership_manager: 'The partnership’s audits, action plans, Section 11, training and budget.',
  performance_analyst: 'The partnership’s figures, the statutory returns and their quality.',
  independent_chair: 'How well the partnership keeps children safe, in its own figures.',
  auditor: 'Who did what to which record: the audit trail, break-glass openings and its integrity.',
  administrator: 'Accounts, agencies and teams, and the integrity of the audit trail.',
};

export async function systemRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;

  app.get('/health', {
    config: { policy: 'public' },
    schema: {
      summary: 'Whether Haven and its database are answering',
      response: {
        200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } }, required: ['status', 'database'] },
        503: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } },
      },
    },
  }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok', database: ctx.engine };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: ctx.engine });
    }
  });

  app.get('/', { config: { policy: 'home.view' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    const partnership = await db.selectFrom('partnership').select('name').where('la_code', '=', user.laCode).executeTakeFirst();
    const tasks: { text: string; href?: string }[] = [];
    if (can(user, 'caseload.view')) tasks.push({ text: 'See what falls due on your cases', href: '/work-tray' });
    if (can(user, 'child.search')) tasks.push({ text: 'Find a child', href: '/children' });
    if (can(user, 'child.create')) tasks.push({ text: 'Add a child', href: '/children/new' });
    if (can(user, 'breakglass.review')) tasks.push({ text: 'Review break-glass openings of restricted records', href: '/break-glass' });
    if (can(user, 'audit.view')) tasks.push({ text: 'Search the audit trail', href: '/audit' });
    if (can(user, 'audit.verify')) tasks.push({ text: 'Check the audit trail has not been tampered with', href: '/audit/verify' });
    if (can(user, 'user.manage')) tasks.push({ text: 'Manage accounts', href: '/admin/users' });
    if (can(user, 'kpi.view')) tasks.push({ text: 'The partnership’s figures (coming with the KPI dashboard)' });
    tasks.push({ text: 'Read the API documentation', href: '/api/docs' });

    let alertsAwaiting = 0;
    if (can(user, 'breakglass.review')) {
      const row = await db.selectFrom('break_glass_alert').select((eb) => eb.fn.countAll<number>().as('n')).where('la_code', '=', user.laCode).where('reviewed_at', 'is', null).executeTakeFirst();
      alertsAwaiting = Number(row?.n ?? 0);
    }
    let recent: { record_id: string; label: string; last_viewed: Date }[] = [];
    if (can(user, 'child.view')) {
      // The user's own recent openings, from the audit trail (no extra table to keep in step).
      const rows = await sql<{ record_id: string; last_viewed: Date; first_name: string; last_name: string }>`
        SELECT a.record_id, max(a.occurred_at) AS last_viewed, c.first_name, c.last_name
        FROM audit_event a JOIN child c ON c.la_code = a.la_code AND c.id::text = a.record_id
        WHERE a.la_code = ${user.laCode} AND a.actor_user_id = ${user.id} AND a.action = 'child.view' AND a.outcome = 'allowed'
        GROUP BY a.record_id, c.first_name, c.last_name ORDER BY last_viewed DESC LIMIT 5`.execute(db);
      recent = rows.rows.map((r) => ({ record_id: r.record_id, last_viewed: r.last_viewed, label: `${r.first_name} ${r.last_name}` }));
    }
    return reply.render('home.njk', {
      title: `${ROLE_LABELS[user.role]} home`,
      intro: HOME_INTRO[user.role],
      partnershipName: partnership?.name,
      tasks,
      alertsAwaiting,
      recent,
    });
  });

  app.get('/api/v1/me', {
    config: { policy: 'home.view' },
    schema: {
      summary: 'The signed-in user',
      security: [{ session: [] }],
      response: {
        200: {
          type: 'object',
          properties: { id: { type: 'string' }, email: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string' }, laCode: { type: 'string' } },
          required: ['id', 'email', 'displayName', 'role', 'laCode'],
        },
      },
    },
  }, async (request) => {
    const user = request.user!;
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, laCode: user.laCode };
  });
}
