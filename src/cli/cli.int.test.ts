/**
 * The `haven` command as an administrator uses it: help on every command, migrate, and account
 * management (add, disable, reset-password), against a real database in a separate process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestDatabase, testEngines, type TestDatabase } from '../test/database.ts';
import { buildPartnership } from '../test/factories.ts';
import { openDatabase } from '../core/db/index.ts';
import { signInWithPassword } from '../modules/identity/index.ts';
import { loadConfig } from '../core/config.ts';

const exec = promisify(execFile);
const bin = new URL('../../bin/haven.js', import.meta.url).pathname;

type Result = { code: number; stdout: string; stderr: string };

function haven(database: TestDatabase | undefined, args: string[], input?: string): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (database) {
    env.HAVEN_DATA = database.dataDir;
    if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  }
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

test('every command has --help', async () => {
  for (const args of [[], ['serve'], ['migrate'], ['user'], ['user', 'add'], ['user', 'disable'], ['user', 'reset-password'], ['audit', 'verify']]) {
    const { stdout } = await exec(process.execPath, [bin, ...args, '--help']);
    assert.match(stdout, /^Usage: haven/m, args.join(' '));
  }
});

for (const engine of testEngines()) {
  describe(`haven user (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
      await buildPartnership(database.db);
      await database.release();
    });
    after(() => database.close());

    test('add, then sign in with the printed password; disable; reset', async () => {
      const added = await haven(database, ['user', 'add', '--email', 'new.worker@309.test', '--name', 'New Worker', '--role', 'social_worker', '--agency', 'Council', '--team', 'Assessment']);
      assert.equal(added.code, 0, added.stderr);
      const password = /Password: (\S+)/.exec(added.stdout)?.[1];
      assert.ok(password && password.length >= 12);

      const reset = await haven(database, ['user', 'reset-password', 'new.worker@309.test', '--password-stdin'], 'a brand new long password\n');
      assert.equal(reset.code, 0, reset.stderr);
      assert.doesNotMatch(reset.stdout, /Password:/);

      const disabled = await haven(database, ['user', 'disable', 'new.worker@309.test']);
      assert.equal(disabled.code, 0, disabled.stderr);

      // Check the outcome as the web would see it.
      const handle = await openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl });
      try {
        const config = loadConfig({});
        const result = await signInWithPassword(handle.db, config, 'new.worker@309.test', 'a brand new long password', {});
        assert.deepEqual(result, { ok: false, reason: 'disabled' });
        const actions = await handle.db.selectFrom('audit_event').select('action').where('action', 'like', 'user.%').orderBy('seq').execute();
        assert.deepEqual(actions.map((a) => a.action), ['user.add', 'user.reset-password', 'user.disable']);
      } finally {
        await handle.close();
      }
    });

    test('bad input is refused with the field and what was expected', async () => {
      const badRole = await haven(database, ['user', 'add', '--email', 'x@309.test', '--name', 'X', '--role', 'wizard', '--agency', 'Council']);
      assert.notEqual(badRole.code, 0);
      assert.match(badRole.stderr, /argument 'wizard' is invalid. Allowed choices are mash_practitioner/);
      const badAgency = await haven(database, ['user', 'add', '--email', 'x@309.test', '--name', 'X', '--role', 'lado', '--agency', 'Nowhere']);
      assert.equal(badAgency.code, 2);
      assert.match(badAgency.stderr, /agency: There is no agency called Nowhere/);
      const shortPassword = await haven(database, ['user', 'add', '--email', 'y@309.test', '--name', 'Y', '--role', 'lado', '--agency', 'Council', '--password-stdin'], 'short');
      assert.match(shortPassword.stderr, /password: Password must be 12 characters or more/);
      const duplicate = await haven(database, ['user', 'add', '--email', 'LADO@309.test', '--name', 'Y', '--role', 'lado', '--agency', 'Council']);
      assert.match(duplicate.stderr, /already exists/);
      const unknown = await haven(database, ['user', 'disable', 'ghost@309.test']);
      assert.match(unknown.stderr, /There is no account with email ghost@309.test/);
    });
  });
}
