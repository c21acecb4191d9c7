/**
 * Security in one plugin: headers (helmet, CSP with nonces), cookies and server-side sessions,
 * CSRF on every state-changing request, the route policy check, and the rule that every route
 * declares its policy. Nothing else in Haven decides who may call a route.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { ACTIONS, can, type Action } from '../core/policy/index.ts';
import { ForbiddenError, UnauthenticatedError } from '../core/errors.ts';
import { recordAudit } from '../core/audit.ts';
import { resumeSession, startSession, type Session, type SignedInUser } from '../modules/identity/service.ts';
import type { AppContext } from '../server.ts';

/** A route's policy: open to anyone ('public'), or one action of the access policy. */
export type RoutePolicy = 'public' | Action;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Required: registering a route without it throws. */
    policy?: RoutePolicy;
    /** Set false only for routes authenticated by something other than the session cookie. */
    csrf?: boolean;
  }
  interface FastifyInstance {
    /** Every route registered, with its declared policy: the access matrix test walks this. */
    havenRoutes: { method: string; url: string; policy: RoutePolicy }[];
  }
  interface FastifyRequest {
    session: Session | null;
    user: SignedInUser | null;
  }
  interface FastifyReply {
    /** Starts a fresh session for the user (new token: no session fixation) and sets its cookie. */
    beginSession(user: SignedInUser | null, pending?: Record<string, unknown>): Promise<Session>;
    clearSession(): FastifyReply;
  }
}

/** Routes that plugins register (static assets, the OpenAPI viewer): public, named here once. */
const PLUGIN_PUBLIC_PREFIXES = ['/assets/', '/api/docs'];

export function sessionCookieName(secure: boolean): string {
  // __Host- binds the cookie to this exact origin over TLS; browsers refuse it without Secure.
  return secure ? '__Host-haven_session' : 'haven_session';
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
}

export const securityPlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: AppContext }) => {
  const { db, config } = ctx;
  const cookieName = sessionCookieName(config.secureCookies);

  // Every route must say who may call it: a route without a policy stops the server starting.
  const routes: FastifyInstance['havenRoutes'] = [];
  app.decorate('havenRoutes', routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    let policy = route.config?.policy;
    if (policy === undefined && PLUGIN_PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      policy = 'public';
      route.config = { ...route.config, policy };
    }
    if (policy === undefined) throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy`);
    if (policy !== 'public' && !(ACTIONS as readonly string[]).includes(policy)) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares an unknown policy action ${policy}`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, policy });
  });

  await app.register(cookie);
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'", ...(config.oidc ? [new URL(config.oidc.issuer).origin] : [])],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });

  app.decorateRequest('session', null);
  app.decorateRequest('user', null);

  app.decorateReply('beginSession', async function (this: FastifyReply, user: SignedInUser | null, pending: Record<string, unknown> = {}) {
    const previous = this.request.session;
    if (previous) await db.deleteFrom('user_session').where('token_hash', '=', previous.tokenHash).execute();
    const { token, session } = await startSession(db, config, user, { ip: this.request.ip }, pending);
    this.setCookie(cookieName, token, { path: '/', httpOnly: true, secure: config.secureCookies, sameSite: 'lax' });
    this.request.session = session;
    this.request.user = session.user;
    return session;
  });

  app.decorateReply('clearSession', function (this: FastifyReply) {
    return this.clearCookie(cookieName, { path: '/', httpOnly: true, secure: config.secureCookies, sameSite: 'lax' });
  });

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.policy === 'public' && request.url.startsWith('/assets/')) return;
    const token = request.cookies[cookieName];
    if (!token) return;
    const session = await resumeSession(db, config, token);
    request.session = session;
    request.user = session?.user ?? null;
  });

  // Pages need no cache: a signed-out browser must not show a child's record from its history.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
  });

  app.addHook('preHandler', async (request, reply) => {
    const routeConfig = request.routeOptions.config;
    const policy = routeConfig.policy;

    if (UNSAFE_METHODS.has(request.method) && routeConfig.csrf !== false) {
      const body = request.body as Record<string, unknown> | undefined;
      const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
      const expected = request.session?.csrfToken;
      if (!expected || typeof sent !== 'string' || !sameToken(sent, expected)) {
        await recordAudit(db, {
          laCode: request.user?.laCode ?? config.laCode,
          actor: request.user,
          action: 'request.csrf-rejected',
          outcome: 'denied',
          ip: request.ip,
          requestId: request.id,
          detail: { route: request.routeOptions.url },
        });
        throw new ForbiddenError('This form has expired or did not come from Haven. Go back, reload the page and try again.');
      }
    }

    if (policy === 'public' || policy === undefined) return;
    const user = request.user;
    if (!user) {
      if (request.method === 'GET' && wantsHtml(request)) {
        return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
      }
      throw new UnauthenticatedError();
    }
    if (!can(user, policy)) {
      await recordAudit(db, {
        laCode: user.laCode,
        actor: user,
        action: policy,
        outcome: 'denied',
        ip: request.ip,
        requestId: request.id,
        detail: { route: request.routeOptions.url },
      });
      throw new ForbiddenError();
    }
  });
});
