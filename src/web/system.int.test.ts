/** The service's own surfaces: the health check, the OpenAPI document and viewer, the 404 page, static assets. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../test/database.ts';
import { startTestApp, type TestApp } from '../test/app.ts';

const engine = testEngines()[0]!;

describe('system routes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(engine);
  });
  after(() => t.close());

  test('/health answers with the database engine', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok', database: engine });
  });

  test('the OpenAPI document lists the API routes and the viewer is served at /api/docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/health'], 'health in the document');
    assert.ok(doc.paths['/api/v1/me'], 'me in the document');
    assert.equal(doc.paths['/sign-in'], undefined, 'pages are not part of the API document');
    // An agency's developer reads from the document how to authenticate: basic at the token endpoint, then bearer.
    type Operation = { security?: Record<string, string[]>[] };
    const paths = doc.paths as Record<string, Record<string, Operation>>;
    const schemes = (doc as unknown as { components: { securitySchemes: Record<string, { type: string; scheme?: string }> } }).components.securitySchemes;
    assert.deepEqual([schemes.bearer?.scheme, schemes.clientCredentials?.scheme], ['bearer', 'basic']);
    assert.deepEqual(paths['/api/v1/front-door/contacts']?.post?.security, [{ bearer: [] }]);
    assert.deepEqual(paths['/api/v1/front-door/contacts/bulk']?.post?.security, [{ bearer: [] }]);
    assert.deepEqual(paths['/api/v1/front-door/token']?.post?.security?.[0], { clientCredentials: [] });
    const viewer = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(viewer.statusCode, 200);
    assert.match(viewer.body, /swagger/i);
  });

  test('GOV.UK Frontend and Haven assets are served; nothing else under /assets', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/govuk/govuk-frontend.min.css' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/haven/haven.css' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/fonts/bold-b542beb274-v2.woff2' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/govuk/all.scss' })).statusCode, 404);
  });
});
