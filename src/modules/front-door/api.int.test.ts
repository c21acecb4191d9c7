/**
 * The contact API as an agency system calls it: client credentials for a bearer token, contacts one
 * at a time and in bulk, idempotency keys (a retry never makes a second contact; the same key with a
 * different body is refused), a client only ever acting for its own agency, cookies refused, and
 * every contact audited in an unbroken chain.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { testEngines } from '../../test/database.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { verifyAuditChain } from '../../core/audit.ts';
import { addAgency, apiClientWithToken } from './test-support.ts';
import { revokeApiClient } from './api-clients.ts';

const notification = (overrides: Record<string, unknown> = {}) => ({
  agencyReference: 'OCC-2026-0001',
  referrer: { name: 'PC Amber Lane', role: 'Response officer', email: 'amber.lane@police.test' },
  child: { firstName: 'Taylor', lastName: 'Api', dateOfBirth: '2012-02-29' },
  concerns: 'Domestic abuse incident at the home; the child was present.',
  familyAware: 'yes',
  consent: { state: 'not_required', reason: 'Police notification of domestic abuse (Operation Encompass)' },
  ...overrides,
});

for (const engine of testEngines()) {
  describe(`the contact API (${engine})`, () => {
    let t: TestApp;
    let police: { clientId: string; secret: string; token: string; id: string };
    let health: { clientId: string; secret: string; token: string; id: string };

    const post = (url: string, token: string | null, body: unknown, key?: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
      t.app.inject({
        method: 'POST', url, payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { 'idempotency-key': key } : {}), ...extra },
      });
    const countContacts = async (): Promise<number> => Number((await t.db.selectFrom('mash_contact').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await startTestApp(engine);
      police = await apiClientWithToken(t, t.world.agencies.police);
      health = await apiClientWithToken(t, await addAgency(t, 'Health board', 'health'), 'Hospital safeguarding');
    });
    after(() => t.close());

    test('the token endpoint takes HTTP Basic or the form; a wrong secret or a revoked client gets 401', async () => {
      const form = await t.app.inject({ method: 'POST', url: '/api/v1/front-door/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${police.clientId}&client_secret=${police.secret}` });
      assert.equal(form.statusCode, 200);
      assert.equal((form.json() as { token_type: string }).token_type, 'Bearer');
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/front-door/token', headers: { authorization: `Basic ${Buffer.from(`${police.clientId}:not-the-secret`).toString('base64')}`, 'content-type': 'application/json' }, payload: '{"grant_type":"client_credentials"}' });
      assert.equal(wrong.statusCode, 401);
      const secrets = await t.db.selectFrom('api_client').select('secret_hash').execute();
      assert.ok(secrets.every((s) => s.secret_hash.startsWith('scrypt$') && !s.secret_hash.includes(police.secret)), 'secrets are stored hashed');
      const tokens = await t.db.selectFrom('api_token').select('token_hash').execute();
      assert.ok(tokens.every((row) => row.token_hash !== police.token), 'tokens are stored hashed');
    });

    test('a contact is created once; a retry with the same key gets the same answer; the same key with another body is refused', async () => {
      const before = await countContacts();
      const first = await post('/api/v1/front-door/contacts', police.token, notification(), 'occ-0001');
      assert.equal(first.statusCode, 201, first.body);
      const created = first.json() as { id: string; reference: string; status: string };
      assert.equal(created.status, 'received');
      assert.match(created.reference, /^MASH-\d{6}$/);
      const retry = await post('/api/v1/front-door/contacts', police.token, notification(), 'occ-0001');
      assert.equal(retry.statusCode, 201);
      assert.deepEqual(retry.json(), created);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      // The same body in another key order is the same request.
      const reordered = await post('/api/v1/front-door/contacts', police.token, Object.fromEntries(Object.entries(notification()).reverse()), 'occ-0001');
      assert.equal(reordered.statusCode, 201);
      const changed = await post('/api/v1/front-door/contacts', police.token, notification({ concerns: 'Something else' }), 'occ-0001');
      assert.equal(changed.statusCode, 409);
      assert.equal(await countContacts(), before + 1);

      const row = await t.db.selectFrom('contact as c').innerJoin('mash_contact as m', 'm.contact_id', 'c.id').selectAll().where('c.id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(row.door, 'api');
      assert.equal(row.source, '6', 'a police contact takes CIN source 6');
      assert.equal(row.referrer_agency_id, t.world.agencies.police);
      assert.equal(row.api_client_id, police.id);
      assert.equal(row.agency_reference, 'OCC-2026-0001');
    });

    test('concurrent retries of one key make one contact', async () => {
      const before = await countContacts();
      const answers = await Promise.all(Array.from({ length: 6 }, () => post('/api/v1/front-door/contacts', police.token, notification({ agencyReference: 'OCC-RACE' }), 'occ-race')));
      assert.deepEqual(answers.map((a) => a.statusCode), [201, 201, 201, 201, 201, 201]);
      assert.equal(new Set(answers.map((a) => (a.json() as { id: string }).id)).size, 1);
      assert.equal(await countContacts(), before + 1);
    });

    test('a client creates contacts for its own agency only', async () => {
      const before = await countContacts();
      const forOther = await post('/api/v1/front-door/contacts', police.token, notification({ agencyId: t.world.agencies.school }), 'occ-other');
      assert.equal(forOther.statusCode, 403);
      const own = await post('/api/v1/front-door/contacts', police.token, notification({ agencyId: t.world.agencies.police }), 'occ-own');
      assert.equal(own.statusCode, 201);
      assert.equal(await countContacts(), before + 1);
      const refused = await t.db.selectFrom('audit_event').select(['outcome', 'actor_role']).where('action', '=', 'contact.submit').where('outcome', '=', 'denied').execute();
      assert.deepEqual(refused, [{ outcome: 'denied', actor_role: 'api_client' }]);
      // And reads the outcome of its own agency's contacts only.
      const id = (own.json() as { id: string }).id;
      const mine = await t.app.inject({ method: 'GET', url: `/api/v1/front-door/contacts/${id}`, headers: { authorization: `Bearer ${police.token}` } });
      assert.equal(mine.statusCode, 200);
      assert.equal((mine.json() as { status: string }).status, 'received');
      const theirs = await t.app.inject({ method: 'GET', url: `/api/v1/front-door/contacts/${id}`, headers: { authorization: `Bearer ${health.token}` } });
      assert.equal(theirs.statusCode, 404);
    });

    test('no token, a bad token, a revoked client or a session cookie: 401, and nothing is created', async () => {
      const before = await countContacts();
      assert.equal((await post('/api/v1/front-door/contacts', null, notification(), 'k1')).statusCode, 401);
      assert.equal((await post('/api/v1/front-door/contacts', 'x'.repeat(43), notification(), 'k2')).statusCode, 401);
      const manager = await t.agent('mash_manager');
      const withCookie = await t.app.inject({ method: 'POST', url: '/api/v1/front-door/contacts', payload: JSON.stringify(notification()), headers: { 'content-type': 'application/json', 'idempotency-key': 'k3', cookie: manager.cookie!, 'x-csrf-token': manager.csrf! } });
      assert.equal(withCookie.statusCode, 401, 'the API does not accept a browser session');
      const revoked = await apiClientWithToken(t, t.world.agencies.police, 'Old system');
      assert.equal((await post('/api/v1/front-door/contacts', revoked.token, notification(), 'k4')).statusCode, 201);
      await revokeApiClient(t.db, t.world.laCode, revoked.id);
      assert.equal((await post('/api/v1/front-door/contacts', revoked.token, notification(), 'k5')).statusCode, 401);
      assert.equal(await countContacts(), before + 1);
    });

    test('the request is checked against its schema; the key is required', async () => {
      const noKey = await post('/api/v1/front-door/contacts', police.token, notification());
      assert.equal(noKey.statusCode, 400);
      const noChild = await post('/api/v1/front-door/contacts', police.token, { concerns: 'x', consent: { state: 'given' } }, 'bad-1');
      assert.equal(noChild.statusCode, 400);
      const unknownField = await post('/api/v1/front-door/contacts', police.token, notification({ favouriteColour: 'red' }), 'bad-2');
      assert.equal(unknownField.statusCode, 400);
      const future = await post('/api/v1/front-door/contacts', police.token, notification({ child: { firstName: 'A', lastName: 'B', dateOfBirth: '2099-01-01' } }), 'bad-3');
      assert.equal(future.statusCode, 400);
      const reasonless = await post('/api/v1/front-door/contacts', police.token, notification({ consent: { state: 'not_sought' } }), 'bad-4');
      assert.equal(reasonless.statusCode, 400);
    });

    test('a bulk notification makes all its contacts in one go, replayed as a whole', async () => {
      const before = await countContacts();
      const batch = { contacts: [1, 2, 3].map((n) => notification({ agencyReference: `OCC-BULK-${n}`, child: { firstName: `Child${n}`, lastName: 'Bulk' } })) };
      const first = await post('/api/v1/front-door/contacts/bulk', police.token, batch, 'bulk-1');
      assert.equal(first.statusCode, 201, first.body);
      assert.equal((first.json() as { count: number }).count, 3);
      const again = await post('/api/v1/front-door/contacts/bulk', police.token, batch, 'bulk-1');
      assert.deepEqual(again.json(), first.json());
      assert.equal(await countContacts(), before + 3);
      // The same key used by another client is that client's own key.
      const otherClient = await post('/api/v1/front-door/contacts/bulk', health.token, batch, 'bulk-1');
      assert.equal(otherClient.statusCode, 201);
      assert.equal(await countContacts(), before + 6);
    });

    test('the API is in the OpenAPI document; every contact is audited and the chain holds', async () => {
      const doc = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
      const paths = (doc.json() as { paths: Record<string, unknown> }).paths;
      for (const p of ['/api/v1/front-door/token', '/api/v1/front-door/contacts', '/api/v1/front-door/contacts/bulk', '/api/v1/front-door/contacts/{id}']) assert.ok(paths[p], p);
      const contacts = await countContacts();
      const audited = await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'contact.submit').where('outcome', '=', 'succeeded').executeTakeFirstOrThrow();
      assert.equal(Number(audited.n), contacts);
      assert.equal((await verifyAuditChain(t.db)).firstBroken, null);
    });
  });
}
