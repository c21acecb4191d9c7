/**
 * Single sign-on end to end, against a real OpenID provider (oidc-provider) that the test starts.
 * Haven and the provider both listen on real ports, and the test drives them as a browser would:
 * Haven's start page sends it to the provider, where it signs in and consents, and the provider sends
 * it back to Haven's callback. Proves who gets in (an account linked on first use by verified email,
 * then found by subject) and who does not (no account, a disabled account, an unverified email,
 * another subject claiming a linked account's email, a tampered callback), and that every attempt
 * lands in the audit trail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { testEngines } from '../../test/database.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { emailFor } from '../../test/factories.ts';

const CLIENT_ID = 'haven-test';
const CLIENT_SECRET = randomBytes(24).toString('hex');
const NOT_SET_UP = 'Your council account is not set up in Haven';

/** A person as the identity provider knows them: their subject is the login typed on its sign-in page. */
type Person = { email: string; emailVerified: boolean };

// oidc-provider ships no type declarations: importing it through a specifier held in a variable keeps
// the compiler from looking for them, and these two types describe the little of it the test uses.
type OidcProvider = { callback(): (req: IncomingMessage, res: ServerResponse) => void };
type OidcProviderClass = new (issuer: string, configuration: object) => OidcProvider;
const oidcProviderModule: string = 'oidc-provider';

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A port free a moment ago, for Haven: its public URL (and so its redirect URI) must be known before it starts. */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  const port = await listen(probe);
  await close(probe);
  return port;
}

/**
 * The identity provider: a confidential client for Haven, the people it knows, and its development
 * login and consent pages (any password is accepted; the login typed is the subject).
 */
async function startProvider(people: Map<string, Person>, redirectUri: string): Promise<{ issuer: string; close: () => Promise<void> }> {
  const { Provider } = (await import(oidcProviderModule)) as { Provider: OidcProviderClass };
  // The server listens first so the issuer URL can name its port; the provider takes its requests once made.
  const server = http.createServer();
  const issuer = `http://127.0.0.1:${await listen(server)}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        // openid-client authenticates a client that has a secret with client_secret_post.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    // As OpenID Connect Core 5.4 has it, the provider gives the email scope's claims from UserInfo,
    // not in the ID token, in the code flow (its default conformIdTokenClaims).
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: (_ctx: unknown, sub: string) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: () => ({ sub, email: person.email, email_verified: person.emailVerified }) };
    },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ttl: { Interaction: 300, Session: 300, Grant: 300, AccessToken: 300, IdToken: 300 },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  return { issuer, close: () => close(server) };
}

type StoredCookie = { value: string; path: string };

/** A browser: fetch without following redirects, and a cookie jar per host (host and port). */
class Browser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  async request(url: string | URL, form?: Record<string, string>): Promise<Response> {
    const target = new URL(url);
    const cookies = [...(this.jar.get(target.host) ?? new Map<string, StoredCookie>())]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.slice(0, key.indexOf('\n'))}=${c.value}`);
    const response = await fetch(target, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html,application/json',
        ...(cookies.length ? { cookie: cookies.join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const header of response.headers.getSetCookie()) this.store(target, header);
    return response;
  }

  private store(from: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    let path = from.pathname.slice(0, from.pathname.lastIndexOf('/')) || '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key = '', setting = ''] = attribute.split('=');
      if (key.toLowerCase() === 'path') path = setting;
      if (key.toLowerCase() === 'max-age' && Number(setting) <= 0) expired = true;
      if (key.toLowerCase() === 'expires' && Date.parse(setting) <= Date.now()) expired = true;
    }
    const cookies = this.jar.get(from.host) ?? new Map<string, StoredCookie>();
    this.jar.set(from.host, cookies);
    if (expired) cookies.delete(`${name}\n${path}`);
    else cookies.set(`${name}\n${path}`, { value, path });
  }

  cookie(url: string, name: string): string | undefined {
    const host = new URL(url).host;
    return [...(this.jar.get(host) ?? new Map<string, StoredCookie>())].find(([key]) => key.startsWith(`${name}\n`))?.[1].value;
  }
}

function locationOf(response: Response, base: URL): URL {
  assert.ok(response.status >= 300 && response.status < 400, `expected a redirect from ${base.href}, got ${response.status}`);
  const location = response.headers.get('location');
  assert.ok(location, `redirect from ${base.href} has a location`);
  return new URL(location, base);
}

const unescapeHtml = (text: string): string => text.replaceAll('&amp;', '&').replaceAll('&#x2F;', '/').replaceAll('&#47;', '/').replaceAll('&quot;', '"');

type AuditRow = { seq: number; outcome: string; actorUserId: string | null; actorRole: string | null; detail: Record<string, unknown> };

for (const engine of testEngines()) {
  describe(`single sign-on through a real OpenID provider (${engine})`, () => {
    const people = new Map<string, Person>();
    let provider: { issuer: string; close: () => Promise<void> } | undefined;
    let t: TestApp | undefined;
    let haven = '';

    before(async () => {
      const port = await freePort();
      haven = `http://127.0.0.1:${port}`;
      provider = await startProvider(people, `${haven}/auth/oidc/callback`);
      t = await startTestApp(engine, {
        publicUrl: haven,
        oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, label: 'Sign in with your council account' },
      });
      await t.app.listen({ port, host: '127.0.0.1' });
    });

    after(async () => {
      await t?.close();
      await provider?.close();
    });

    const app = (): TestApp => {
      assert.ok(t, 'the app started');
      return t;
    };

    /**
     * From Haven's start page through the provider's login and consent pages, as `login`, up to the
     * point where the provider sends the browser back to Haven; returns that callback URL unvisited.
     */
    async function toCallback(browser: Browser, login: string, next: string): Promise<URL> {
      const startUrl = new URL(`/auth/oidc/start?next=${encodeURIComponent(next)}`, haven);
      let url = locationOf(await browser.request(startUrl), startUrl);
      assert.equal(url.origin, provider?.issuer, 'Haven sends the browser to the provider');
      assert.ok(browser.cookie(haven, 'haven_session'), 'Haven keeps the flow in a session');
      for (let hop = 0; hop < 12; hop++) {
        if (url.origin === haven) {
          assert.equal(url.pathname, '/auth/oidc/callback');
          return url;
        }
        const response = await browser.request(url);
        if (response.status !== 200) {
          url = locationOf(response, url);
          continue;
        }
        const page = await response.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
        const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
        assert.ok(action && prompt, `a provider page with a form at ${url.href}`);
        const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any password will do' } : { prompt };
        const submitted = new URL(unescapeHtml(action), url);
        url = locationOf(await browser.request(submitted, form), submitted);
      }
      throw new Error('the provider never sent the browser back to Haven');
    }

    /** The whole round trip: returns the browser and Haven's answer at its callback. */
    async function signIn(login: string, next = '/audit'): Promise<{ browser: Browser; callback: Response; anonymousSession: string | undefined }> {
      const browser = new Browser();
      const callbackUrl = await toCallback(browser, login, next);
      const anonymousSession = browser.cookie(haven, 'haven_session');
      const callback = await browser.request(callbackUrl);
      return { browser, callback, anonymousSession };
    }

    async function me(browser: Browser): Promise<{ status: number; body: { email?: string; role?: string } }> {
      const response = await browser.request(new URL('/api/v1/me', haven));
      return { status: response.status, body: (await response.json()) as { email?: string; role?: string } };
    }

    async function oidcSignIns(): Promise<AuditRow[]> {
      const rows = await app().db.selectFrom('audit_event').select(['seq', 'outcome', 'actor_user_id', 'actor_role', 'detail']).where('action', '=', 'session.sign-in').orderBy('seq').execute();
      return rows
        .map((r) => ({
          seq: Number(r.seq),
          outcome: r.outcome,
          actorUserId: r.actor_user_id,
          actorRole: r.actor_role,
          detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : (r.detail ?? {})) as Record<string, unknown>,
        }))
        .filter((r) => r.detail.method === 'oidc');
    }

    /** Runs `work` and returns the single-sign-on audit rows it added. */
    async function auditedBy(work: () => Promise<void>): Promise<AuditRow[]> {
      const before = (await oidcSignIns()).length;
      await work();
      return (await oidcSignIns()).slice(before);
    }

    async function linkOf(role: Parameters<typeof emailFor>[0]) {
      return app().db.selectFrom('app_user').select(['oidc_issuer', 'oidc_subject']).where('email', '=', emailFor(role)).executeTakeFirstOrThrow();
    }

    function assertSignedIn(result: { callback: Response; anonymousSession: string | undefined; browser: Browser }, next: string): string {
      assert.equal(result.callback.status, 303, 'the callback signs the person in and moves on');
      assert.equal(result.callback.headers.get('location'), next, 'to the page they asked for');
      const session = result.browser.cookie(haven, 'haven_session');
      assert.ok(session, 'with a session cookie');
      assert.notEqual(session, result.anonymousSession, 'a new session, not the one that carried the flow');
      return session;
    }

    async function assertRefused(result: { callback: Response; browser: Browser }, status = 403, message = new RegExp(NOT_SET_UP)): Promise<void> {
      assert.equal(result.callback.status, status, 'the callback refuses');
      assert.match(await result.callback.text(), message);
      assert.equal((await me(result.browser)).status, 401, 'and nobody is signed in');
    }

    test('a person whose account has the email the provider asserts signs in, is linked, and later signs in by subject', async () => {
      const user = app().world.users.social_worker;
      people.set('entra-sw-0001', { email: emailFor('social_worker'), emailVerified: true });
      assert.equal((await linkOf('social_worker')).oidc_subject, null, 'not linked before the first sign-in');

      let first!: Awaited<ReturnType<typeof signIn>>;
      const audit = await auditedBy(async () => {
        first = await signIn('entra-sw-0001', '/audit');
      });
      assertSignedIn(first, '/audit');
      assert.deepEqual((await me(first.browser)).body, { id: user.id, email: emailFor('social_worker'), displayName: user.display_name, role: 'social_worker', laCode: '309' });
      assert.deepEqual(await linkOf('social_worker'), { oidc_issuer: provider?.issuer, oidc_subject: 'entra-sw-0001' }, 'the account is linked to the issuer and subject');
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.outcome, 'succeeded');
      assert.equal(audit[0]?.actorUserId, user.id);
      assert.equal(audit[0]?.actorRole, 'social_worker');
      assert.equal(audit[0]?.detail.issuer, provider?.issuer);

      // The council changes the person's email: Haven still knows them by their subject.
      people.set('entra-sw-0001', { email: 'renamed.social.worker@council.example', emailVerified: true });
      let later!: Awaited<ReturnType<typeof signIn>>;
      const laterAudit = await auditedBy(async () => {
        later = await signIn('entra-sw-0001', '/');
      });
      assertSignedIn(later, '/');
      assert.equal((await me(later.browser)).body.email, emailFor('social_worker'));
      assert.deepEqual(laterAudit.map((r) => [r.outcome, r.actorUserId]), [['succeeded', user.id]]);
    });

    test('a person the provider knows but Haven does not is refused', async () => {
      people.set('entra-stranger', { email: 'stranger@council.example', emailVerified: true });
      let result!: Awaited<ReturnType<typeof signIn>>;
      const audit = await auditedBy(async () => {
        result = await signIn('entra-stranger');
      });
      await assertRefused(result);
      assert.deepEqual(audit.map((r) => [r.outcome, r.actorUserId, r.detail.reason]), [['failed', null, 'no-matching-account']]);
    });

    test('an email the provider has not verified does not link an account', async () => {
      people.set('entra-unverified', { email: emailFor('administrator'), emailVerified: false });
      let result!: Awaited<ReturnType<typeof signIn>>;
      const audit = await auditedBy(async () => {
        result = await signIn('entra-unverified');
      });
      await assertRefused(result);
      assert.equal((await linkOf('administrator')).oidc_subject, null, 'the administrator account is not linked');
      assert.deepEqual(audit.map((r) => [r.outcome, r.detail.reason]), [['failed', 'no-matching-account']]);
    });

    test('another subject asserting the email of an account already linked does not take it over', async () => {
      people.set('entra-tm-0001', { email: emailFor('team_manager'), emailVerified: true });
      assertSignedIn(await signIn('entra-tm-0001', '/'), '/');
      people.set('entra-impostor', { email: emailFor('team_manager'), emailVerified: true });
      let result!: Awaited<ReturnType<typeof signIn>>;
      const audit = await auditedBy(async () => {
        result = await signIn('entra-impostor');
      });
      await assertRefused(result);
      assert.equal((await linkOf('team_manager')).oidc_subject, 'entra-tm-0001', 'still linked to its own subject');
      assert.deepEqual(audit.map((r) => [r.outcome, r.detail.reason]), [['failed', 'no-matching-account']]);
    });

    test('a disabled account is refused, whether already linked or not', async () => {
      const db = app().db;
      // A person who has signed in before leaves: the account is disabled, their council login still works.
      const lado = app().world.users.lado;
      people.set('entra-lado', { email: emailFor('lado'), emailVerified: true });
      assertSignedIn(await signIn('entra-lado', '/'), '/');
      await db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', lado.id).execute();
      let linked!: Awaited<ReturnType<typeof signIn>>;
      const linkedAudit = await auditedBy(async () => {
        linked = await signIn('entra-lado');
      });
      await assertRefused(linked);
      assert.deepEqual(linkedAudit.map((r) => [r.outcome, r.actorUserId, r.detail.reason]), [['failed', lado.id, 'disabled']]);

      // An account disabled before its first single sign-on.
      const partner = app().world.users.partner_practitioner;
      await db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', partner.id).execute();
      people.set('entra-partner', { email: emailFor('partner_practitioner'), emailVerified: true });
      let unlinked!: Awaited<ReturnType<typeof signIn>>;
      const unlinkedAudit = await auditedBy(async () => {
        unlinked = await signIn('entra-partner');
      });
      await assertRefused(unlinked);
      assert.deepEqual(unlinkedAudit.map((r) => [r.outcome, r.actorUserId, r.detail.reason]), [['failed', partner.id, 'disabled']]);
      assert.equal((await linkOf('partner_practitioner')).oidc_subject, null, 'a refused sign-in links nothing');
    });

    test('a callback with a tampered state is refused, and the flow cannot then be replayed', async () => {
      people.set('entra-mash-manager', { email: emailFor('mash_manager'), emailVerified: true });
      const browser = new Browser();
      const genuine = await toCallback(browser, 'entra-mash-manager', '/');
      const tampered = new URL(genuine);
      tampered.searchParams.set('state', randomBytes(32).toString('base64url'));

      let response!: Response;
      const audit = await auditedBy(async () => {
        response = await browser.request(tampered);
      });
      // Told the sign-in failed, not (misleadingly) that they have no account.
      await assertRefused({ callback: response, browser }, 400, /Your sign-in could not be completed/);
      assert.equal((await linkOf('mash_manager')).oidc_subject, null, 'the account is not linked');
      assert.deepEqual(audit.map((r) => [r.outcome, r.actorUserId, r.detail.reason]), [['failed', null, 'invalid-callback']], 'the attempt is audited');

      // The flow's secrets were spent by the tampered attempt: the genuine callback no longer works either.
      await assertRefused({ callback: await browser.request(genuine), browser }, 400, /sign-in took too long or was interrupted/);
    });
  });
}
