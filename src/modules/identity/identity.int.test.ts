/**
 * Signing in and staying signed in safely: password sign-in, lockout after repeated failures,
 * CSRF on every form, session cookies, idle and absolute timeouts, sign-out, disabled accounts,
 * no open redirect after sign-in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../core/db/kysely.ts';
import { testEngines } from '../../test/database.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { emailFor, TEST_PASSWORD } from '../../test/factories.ts';
import { disableUser } from './service.ts';

for (const engine of testEngines()) {
  describe(`identity (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('signing in sets an HttpOnly, SameSite session cookie and rotates the pre-sign-in session', async () => {
      const agent = await t.agent();
      await agent.get('/sign-in');
      const before = agent.cookie;
      const response = await agent.post('/sign-in', { email: emailFor('social_worker'), password: TEST_PASSWORD });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/');
      const raw = String(response.headers['set-cookie']);
      assert.match(raw, /HttpOnly/);
      assert.match(raw, /SameSite=Lax/);
      assert.notEqual(agent.cookie, before, 'a new session token after sign-in (no fixation)');
      const home = await agent.get('/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Social worker home/);
    });

    test('security headers are on every page', async () => {
      const response = await (await t.agent()).get('/sign-in');
      assert.match(String(response.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'none'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers['referrer-policy'], 'same-origin');
    });

    test('a wrong password shows one message that does not reveal whether the account exists', async () => {
      const known = await (await t.agent()).signIn(emailFor('lado'), 'not the password');
      const unknown = await (await t.agent()).signIn('nobody@309.test', 'not the password');
      assert.equal(known.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      const message = (body: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)</.exec(body)?.[1];
      assert.ok(message(known.body));
      assert.equal(message(known.body), message(unknown.body));
      await t.db.updateTable('app_user').set({ failed_attempts: 0 }).where('email', '=', emailFor('lado')).execute();
    });

    test('five failures lock the account: even the right password is refused until the lock ends', async () => {
      const email = emailFor('cdop_coordinator');
      for (let i = 0; i < 5; i++) assert.equal((await (await t.agent()).signIn(email, `wrong ${i}`)).statusCode, 401);
      const locked = await (await t.agent()).signIn(email, TEST_PASSWORD);
      assert.equal(locked.statusCode, 401, 'right password refused while locked');
      const row = await t.db.selectFrom('app_user').select('locked_until').where('email', '=', email).executeTakeFirstOrThrow();
      assert.ok(row.locked_until && row.locked_until.getTime() > Date.now() + 14 * 60_000, 'locked for 15 minutes');
      // The lock expires.
      await t.db.updateTable('app_user').set({ locked_until: new Date(Date.now() - 1000) }).where('email', '=', email).execute();
      assert.equal((await (await t.agent()).signIn(email, TEST_PASSWORD)).statusCode, 303);
      const audit = await t.db.selectFrom('audit_event').select(sql<string>`detail->>'reason'`.as('reason')).where('action', '=', 'session.sign-in').where('actor_role', '=', 'cdop_coordinator').where('outcome', '=', 'failed').orderBy('seq').execute();
      assert.deepEqual(audit.map((a) => a.reason), ['wrong-password', 'wrong-password', 'wrong-password', 'wrong-password', 'wrong-password-now-locked', 'locked']);
    });

    test('a form posted without the CSRF token, or with another session’s token, is refused and changes nothing', async () => {
      const admin = await t.agent('administrator');
      const other = await t.agent('auditor');
      const target = t.world.users.partnership_manager;
      const url = `/admin/users/${target.id}/disable`;
      const missing = await admin.request({ method: 'POST', url, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(missing.statusCode, 403);
      const foreign = await admin.post(url, { _csrf: other.csrf! });
      assert.equal(foreign.statusCode, 403);
      const row = await t.db.selectFrom('app_user').select('disabled_at').where('id', '=', target.id).executeTakeFirstOrThrow();
      assert.equal(row.disabled_at, null);
      const rejected = await t.db.selectFrom('audit_event').select('seq').where('action', '=', 'request.csrf-rejected').execute();
      assert.ok(rejected.length >= 2);
      // The sign-in form is protected too.
      const fresh = await t.agent();
      await fresh.get('/sign-in');
      const noToken = await fresh.post('/sign-in', { _csrf: 'forged', email: emailFor('auditor'), password: TEST_PASSWORD });
      assert.equal(noToken.statusCode, 403);
    });

    test('a session idle past the limit ends; so does one past its absolute limit', async () => {
      const idle = await t.agent('performance_analyst');
      await t.db.updateTable('user_session').set({ last_seen_at: new Date(Date.now() - (t.config.session.idleMinutes + 1) * 60_000) }).where('user_id', '=', t.world.users.performance_analyst.id).execute();
      const afterIdle = await idle.get('/');
      assert.equal(afterIdle.statusCode, 302);
      assert.match(String(afterIdle.headers.location), /^\/sign-in/);

      const old = await t.agent('independent_chair');
      await t.db.updateTable('user_session').set({ absolute_expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', t.world.users.independent_chair.id).execute();
      assert.equal((await old.get('/')).statusCode, 302);
    });

    test('signing out ends the session on the server: the old cookie no longer works', async () => {
      const agent = await t.agent('partnership_manager');
      const cookie = agent.cookie;
      await agent.get('/');
      assert.equal((await agent.post('/sign-out')).statusCode, 303);
      const replay = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookie! } });
      assert.equal(replay.statusCode, 401);
    });

    test('disabling an account ends its sessions at once', async () => {
      const agent = await t.agent('mash_practitioner');
      assert.equal((await agent.get('/api/v1/me')).statusCode, 200);
      await disableUser(t.db, emailFor('mash_practitioner'));
      assert.equal((await agent.request({ method: 'GET', url: '/api/v1/me', headers: { accept: 'application/json' } })).statusCode, 401);
      assert.equal((await (await t.agent()).signIn(emailFor('mash_practitioner'), TEST_PASSWORD)).statusCode, 401);
    });

    test('after sign-in Haven goes only to its own pages, never to another site', async () => {
      for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
        const agent = await t.agent();
        await agent.get(`/sign-in?next=${encodeURIComponent(next)}`);
        const response = await agent.post('/sign-in', { email: emailFor('auditor'), password: TEST_PASSWORD, next });
        assert.equal(response.headers.location, '/', next);
      }
      const agent = await t.agent();
      await agent.get('/sign-in?next=%2Faudit');
      const response = await agent.post('/sign-in', { email: emailFor('auditor'), password: TEST_PASSWORD, next: '/audit' });
      assert.equal(response.headers.location, '/audit');
    });

    test('the error page leaks nothing: no stack, no SQL, a reference to quote', async () => {
      const agent = await t.agent('social_worker');
      const response = await agent.get('/children/not-a-uuid');
      assert.equal(response.statusCode, 400);
      assert.doesNotMatch(response.body, /at .*\.ts:\d+|SELECT|stack/i);
      const missing = await agent.get('/no-such-page');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /Page not found/);
    });
  });
}
