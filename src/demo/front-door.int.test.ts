/**
 * The demonstration's front door: a new installation opens on a live MASH queue (rated and
 * unrated contacts, research asked and answered, decisions, the consultation line), made once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, testEngines, type TestDatabase } from '../test/database.ts';
import { ensureDemoPartnership } from './partnership.ts';
import { ensureDemoFrontDoor } from './front-door.ts';
import { huddleFigures } from '../modules/front-door/index.ts';

for (const engine of testEngines()) {
  describe(`demonstration front door (${engine})`, () => {
    let database: TestDatabase;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-demo-fd-'));
    before(async () => {
      database = await createTestDatabase(engine);
    });
    after(async () => {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('the queue holds the morning’s contacts from every door, once', async () => {
      const { db } = database;
      await ensureDemoPartnership(db, '309', dataDir);
      const now = new Date();
      const made = await ensureDemoFrontDoor(db, '309', now);
      assert.ok(made >= 8, `made ${made} contacts`);
      const contacts = await db.selectFrom('mash_contact').select(['door', 'rag', 'decision']).where('la_code', '=', '309').execute();
      assert.equal(contacts.length, made);
      assert.deepEqual([...new Set(contacts.map((c) => c.door))].sort(), ['api', 'hub', 'portal']);
      assert.ok(contacts.some((c) => c.rag === 'red') && contacts.some((c) => c.rag === null), 'red and unrated contacts wait');
      assert.ok(contacts.some((c) => c.decision) && contacts.some((c) => !c.decision), 'some decided, most waiting');
      const research = await db.selectFrom('mash_research_request').select(['answered_at']).where('la_code', '=', '309').execute();
      assert.ok(research.some((r) => r.answered_at) && research.some((r) => !r.answered_at), 'research both answered and awaited');
      const huddle = await huddleFigures(db, '309', now);
      const waiting = contacts.filter((c) => !c.decision).length;
      assert.equal(huddle.queue.reduce((sum, row) => sum + row.total, 0), waiting, 'the huddle shows every undecided contact');
      const audited = await db.selectFrom('audit_event').select('action').where('la_code', '=', '309').where('action', '=', 'contact.submit').execute();
      assert.equal(audited.length, made, 'each contact’s arrival is in the audit trail');
      assert.equal(await ensureDemoFrontDoor(db, '309', now), 0, 'a second start adds nothing');
      assert.ok((await db.selectFrom('mash_consultation').select('id').where('la_code', '=', '309').execute()).length >= 3);
    });
  });
}
