/** A route that declares no access policy cannot be registered: the server refuses to start. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../test/database.ts';
import { startTestApp } from '../test/app.ts';
import { buildApp } from '../server.ts';

const engine = testEngines()[0]!;

test('registering a route without a policy fails', async () => {
  const t = await startTestApp(engine);
  try {
    const app = await buildApp({ db: t.db, config: t.config, engine }, { logger: false });
    assert.throws(() => app.get('/undeclared', async () => 'secret'), /GET \/undeclared declares no access policy/);
    await app.close();
  } finally {
    await t.close();
  }
});

test('a route naming an action the policy does not know fails', async () => {
  const t = await startTestApp(engine);
  try {
    const app = await buildApp({ db: t.db, config: t.config, engine }, { logger: false });
    assert.throws(() => app.get('/typo', { config: { policy: 'child.veiw' as 'child.view' } }, async () => 'x'), /unknown policy action child\.veiw/);
    await app.close();
  } finally {
    await t.close();
  }
});

test('every route of the assembled app carries a policy', async () => {
  const t = await startTestApp(engine);
  try {
    const undeclared: string[] = [];
    const app = await buildApp({ db: t.db, config: t.config, engine }, { logger: false });
    app.addHook('onRoute', (route) => {
      if (!route.config?.policy) undeclared.push(`${String(route.method)} ${route.url}`);
    });
    await app.ready();
    assert.deepEqual(undeclared, []);
    await app.close();
  } finally {
    await t.close();
  }
});
