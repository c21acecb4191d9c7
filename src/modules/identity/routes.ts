/** Sign-in (password and single sign-on), sign-out, and account administration pages. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from '../../core/zod.ts';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { ROLES, ROLE_LABELS } from '../../core/policy/index.ts';
import { listUsers } from './repository.ts';
import { disableUser, endSession, savePending, signInWithPassword } from './service.ts';
import { OidcSignIn, type OidcFlow } from './oidc.ts';

const formBody = { type: 'object', additionalProperties: true } as const;

/** Only a path on this site may follow sign-in: never another origin (no open redirect). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320, 'Email address must be 320 characters or fewer'),
  password: z.string().min(1, 'Enter your password').max(256, 'Password must be 256 characters or fewer'),
  next: z.string().optional(),
});

export async function identityRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db, config } = ctx;
  const oidc = config.oidc ? new OidcSignIn(config.oidc, new URL('/auth/oidc/callback', config.publicUrl).href) : undefined;

  const renderSignIn = (reply: FastifyReply, context: Record<string, unknown>, status = 200) =>
    reply.render('identity/views/sign-in.njk', { title: 'Sign in to Haven', oidcLabel: oidc ? config.oidc?.label : undefined, ...context }, status);

  app.get('/sign-in', {
    config: { policy: 'public' },
    schema: { hide: true, querystring: { type: 'object', properties: { next: { type: 'string' } } } },
  }, async (request, reply) => {
    const { next } = request.query as { next?: string };
    if (request.user) return reply.redirect(safeNext(next));
    // The sign-in form is protected against CSRF too, so a visitor gets a session before signing in.
    if (!request.session) await reply.beginSession(null);
    return renderSignIn(reply, { next: safeNext(next) });
  });

  app.post('/sign-in', {
    config: {
      policy: 'public',
      // Per account and address: staff behind one council proxy share an IP, and must not lock each
      // other out at nine in the morning. Account lockout (service.ts) stops guessing across addresses.
      rateLimit: {
        max: 10,
        timeWindow: '1 minute',
        keyGenerator: (request) => `${request.ip}|${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
      },
    },
    schema: { hide: true, body: formBody },
  }, async (request, reply) => {
    const parsed = signInForm.safeParse(request.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ text: i.message, href: `#${String(i.path[0])}` }));
      const values = request.body as Record<string, string>;
      return renderSignIn(reply, { errors, email: values.email, next: safeNext(values.next) }, 400);
    }
    const { email, password, next } = parsed.data;
    const result = await signInWithPassword(db, config, email, password, { ip: request.ip, requestId: request.id });
    if (!result.ok) {
      // One message whatever went wrong, so the form does not reveal which emails have accounts.
      const errors = [{ text: 'Enter a correct email address and password. After 5 failed attempts your account is locked for 15 minutes.', href: '#email' }];
      return renderSignIn(reply, { errors, email, next: safeNext(next) }, 401);
    }
    await reply.beginSession(result.user);
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/sign-out', { config: { policy: 'home.view' }, schema: { hide: true, body: formBody } }, async (request, reply) => {
    const session = request.session!;
    await endSession(db, session);
    await recordAudit(db, { laCode: session.laCode, actor: request.user, action: 'session.sign-out', outcome: 'succeeded', ip: request.ip, requestId: request.id });
    reply.clearSession();
    return reply.redirect('/sign-in?signed-out=1', 303);
  });

  app.get('/auth/oidc/start', {
    config: { policy: 'public' },
    schema: { hide: true, querystring: { type: 'object', properties: { next: { type: 'string' } } } },
  }, async (request, reply) => {
    if (!oidc) return reply.redirect('/sign-in');
    const { next } = request.query as { next?: string };
    const { url, flow } = await oidc.start(safeNext(next));
    await reply.beginSession(null, { oidc: flow });
    return reply.redirect(url);
  });

  app.get('/auth/oidc/callback', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const flow = request.session?.pending.oidc as OidcFlow | undefined;
    if (!oidc || !flow || !request.session) return renderSignIn(reply, { errors: [{ text: 'Your sign-in took too long or was interrupted. Try again.', href: '#email' }] }, 400);
    // The flow's secrets are single-use: drop them before anything else can go wrong.
    request.session.pending = {};
    await savePending(db, request.session);
    let user;
    try {
      user = await oidc.finish(db, config.laCode, new URL(request.url, config.publicUrl), flow, { ip: request.ip, requestId: request.id });
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on failed');
      return renderSignIn(reply, { errors: [{ text: 'Your sign-in could not be completed. Start again from this page.', href: '#email' }] }, 400);
    }
    if (!user) {
      return renderSignIn(reply, { errors: [{ text: 'Your council account is not set up in Haven. Ask your Haven administrator to add you.', href: '#email' }] }, 403);
    }
    await reply.beginSession(user);
    return reply.redirect(flow.next, 303);
  });

  app.get('/admin/users', { config: { policy: 'user.manage' }, schema: { hide: true } }, async (request, reply) => {
    const user = request.user!;
    const users = await listUsers(db, user.laCode);
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'user.list', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { count: users.length } });
    return reply.render('identity/views/users.njk', { title: 'Accounts', users, roles: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r] })), now: new Date() });
  });

  app.post('/admin/users/:id/disable', {
    config: { policy: 'user.manage' },
    schema: { hide: true, params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] }, body: formBody },
  }, async (request, reply) => {
    const actor = request.user!;
    const { id } = request.params as { id: string };
    const target = await db.selectFrom('app_user').select('email').where('la_code', '=', actor.laCode).where('id', '=', id).executeTakeFirst();
    if (target) await disableUser(db, target.email, actor);
    return reply.redirect('/admin/users', 303);
  });
}
