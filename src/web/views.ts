/**
 * Server-rendered pages: Nunjucks over GOV.UK Frontend's templates and macros. `reply.render`
 * gives every page the signed-in user, the CSRF token for its forms, the CSP nonce and navigation.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { can, ROLE_LABELS, type Action } from '../core/policy/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const govukFrontendDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** Links in the service navigation, each shown only to roles that may follow it. */
const NAVIGATION: { text: string; href: string; action: Action }[] = [
  { text: 'Home', href: '/', action: 'home.view' },
  { text: 'Dashboard', href: '/dashboard', action: 'dashboard.view' },
  { text: 'Work tray', href: '/work-tray', action: 'caseload.view' },
  { text: 'Children', href: '/children', action: 'child.search' },
  { text: 'Front door', href: '/front-door', action: 'contact.view' },
  { text: 'Research requests', href: '/front-door/research', action: 'research.answer' },
  { text: 'Consultation line', href: '/front-door/consultations', action: 'consultation.search' },
  { text: 'Daily huddle', href: '/front-door/huddle', action: 'huddle.view' },
  { text: 'Your contacts', href: '/portal', action: 'contact.outcome.view' },
  { text: 'Break-glass alerts', href: '/break-glass', action: 'breakglass.review' },
  { text: 'Audit trail', href: '/audit', action: 'audit.view' },
  { text: 'Users', href: '/admin/users', action: 'user.manage' },
  { text: 'API clients', href: '/admin/api-clients', action: 'api_client.manage' },
];

/** The navigation item a path belongs to: the longest href it is under (/front-door/huddle, not /front-door). */
export function activeHref(current: string): string | undefined {
  if (current === '/') return '/';
  return NAVIGATION.map((item) => item.href)
    .filter((href) => href !== '/' && (current === href || current.startsWith(`${href}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

export function createViewEnvironment(): nunjucks.Environment {
  const env = nunjucks.configure([path.join(here, 'views'), path.join(here, '..', 'modules'), govukFrontendDist], {
    autoescape: true,
    throwOnUndefined: false,
    noCache: process.env.NODE_ENV === 'development',
  });
  env.addFilter('roleLabel', (role: string) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role);
  env.addFilter('dateTime', (value: Date | string | null) => {
    if (!value) return '';
    const d = value instanceof Date ? value : new Date(value);
    return d.toLocaleString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  });
  env.addFilter('date', (value: string | null) => {
    if (!value) return '';
    return new Date(`${value}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  });
  return env;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page with the common context (user, CSRF token, CSP nonce, navigation). */
    render(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

export const viewsPlugin = fp(async (app: FastifyInstance) => {
  const env = createViewEnvironment();
  app.decorateReply('render', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
    const request = this.request;
    const user = request.user;
    const current = request.routeOptions.url ?? '';
    const navigation = user
      ? NAVIGATION.filter((item) => can(user, item.action)).map((item) => ({ text: item.text, href: item.href, active: item.href === activeHref(current) }))
      : [];
    const html = env.render(template, {
      user,
      csrfToken: request.session?.csrfToken,
      cspNonce: (this as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script,
      navigation,
      requestId: request.id,
      ...context,
    });
    return this.status(status).type('text/html; charset=utf-8').send(html);
  });
});
