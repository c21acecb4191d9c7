/**
 * The audit trail is append-only (the database refuses UPDATE, DELETE and TRUNCATE) and
 * tamper-evident: `haven audit verify` recomputes the hash chain and names the first broken row
 * after someone with the power to bypass the triggers edits or deletes a row.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from './db/kysely.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../test/database.ts';
import { recordAudit, verifyAuditChain } from './audit.ts';

const run = promisify(execFile);
const havenBin = new URL('../../bin/haven.js', import.meta.url).pathname;

/** Runs `haven audit verify` against the test database as a separate process. */
async function cliVerify(database: TestDatabase): Promise<{ code: number; stdout: string }> {
  const env = { ...process.env, HAVEN_DATA: database.dataDir, ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) };
  if (!database.databaseUrl) delete env.DATABASE_URL;
  try {
    const { stdout } = await run(process.execPath, [havenBin, 'audit', 'verify'], { env });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

async function writeEvents(database: TestDatabase, count: number): Promise<void> {
  await database.db.insertInto('partnership').values({ la_code: '309', name: 'Audit test' }).onConflict((oc) => oc.doNothing()).execute();
  for (let i = 1; i <= count; i++) {
    await recordAudit(database.db, { laCode: '309', action: 'child.view', recordType: 'child', recordId: `record-${i}`, outcome: 'allowed', purpose: `event ${i}` });
  }
}

/** What only a database superuser can do: write with the triggers switched off. */
async function asSuperuserBypassingTriggers(database: TestDatabase, statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.connection().execute(async (conn) => {
    await sql`SET session_replication_role = replica`.execute(conn);
    try {
      await statement.execute(conn);
    } finally {
      await sql`SET session_replication_role = DEFAULT`.execute(conn);
    }
  });
}

for (const engine of testEngines()) {
  describe(`audit trail (${engine})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(engine);
      await writeEvents(database, 6);
    });
    after(() => database.close());

    test('each event is chained to the one before it', async () => {
      const rows = await database.db.selectFrom('audit_event').select(['seq', 'prev_hash', 'hash']).orderBy('seq').execute();
      assert.equal(rows.length, 6);
      assert.equal(rows[0]!.prev_hash, '0'.repeat(64));
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
      assert.equal(new Set(rows.map((r) => r.hash)).size, 6);
      assert.deepEqual((await verifyAuditChain(database.db)).firstBroken, null);
    });

    test('the database refuses to update, delete or truncate audit events', async () => {
      await assert.rejects(sql`UPDATE audit_event SET purpose = 'covered up' WHERE seq = 2`.execute(database.db), /append-only: UPDATE refused/);
      await assert.rejects(sql`DELETE FROM audit_event WHERE seq = 2`.execute(database.db), /append-only: DELETE refused/);
      await assert.rejects(sql`TRUNCATE audit_event`.execute(database.db), /append-only: TRUNCATE refused/);
      const count = await database.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 6);
    });

    test('a caller cannot forge the chain: the trigger sets the hashes', async () => {
      await database.db.insertInto('audit_event').values({ la_code: '309', action: 'forged', outcome: 'allowed', prev_hash: 'f'.repeat(64), hash: 'f'.repeat(64) } as never).execute();
      const last = await database.db.selectFrom('audit_event').select(['prev_hash', 'hash']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
      assert.notEqual(last.hash, 'f'.repeat(64));
      assert.notEqual(last.prev_hash, 'f'.repeat(64));
      assert.equal((await verifyAuditChain(database.db)).firstBroken, null);
    });
  });

  describe(`haven audit verify after tampering (${engine})`, () => {
    test('an edited row is named', async () => {
      const database = await createTestDatabase(engine);
      try {
        await writeEvents(database, 5);
        await asSuperuserBypassingTriggers(database, sql`UPDATE audit_event SET purpose = 'nothing to see' WHERE seq = 3`);
        assert.deepEqual((await verifyAuditChain(database.db)).firstBroken, { laCode: '309', seq: 3, problem: 'altered' });
        const cli = await cliVerifyAfterRelease(database);
        assert.equal(cli.code, 1);
        assert.match(cli.stdout, /first broken row is seq 3 .*edited/);
      } finally {
        await database.close();
      }
    });

    test('a deleted row is found at the row after it', async () => {
      const database = await createTestDatabase(engine);
      try {
        await writeEvents(database, 5);
        await asSuperuserBypassingTriggers(database, sql`DELETE FROM audit_event WHERE seq = 2`);
        assert.deepEqual((await verifyAuditChain(database.db)).firstBroken, { laCode: '309', seq: 3, problem: 'previous-row-missing-or-altered' });
        const cli = await cliVerifyAfterRelease(database);
        assert.equal(cli.code, 1);
        assert.match(cli.stdout, /first broken row is seq 3 .*deleted/);
      } finally {
        await database.close();
      }
    });

    test('an intact trail verifies with exit code 0', async () => {
      const database = await createTestDatabase(engine);
      try {
        await writeEvents(database, 3);
        const cli = await cliVerifyAfterRelease(database);
        assert.equal(cli.code, 0, cli.stdout);
        assert.match(cli.stdout, /Audit trail intact: 3 rows verified/);
      } finally {
        await database.close();
      }
    });
  });
}

/** The embedded database admits one process at a time: release the test's handle before the CLI opens it. */
async function cliVerifyAfterRelease(database: TestDatabase): Promise<{ code: number; stdout: string }> {
  await database.release();
  return cliVerify(database);
}
