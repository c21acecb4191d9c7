/** Queries for children's records (the first slice of the people module). */
import { sql, type Kysely } from 'kysely';
import type { Child, Database } from '../../core/db/schema.ts';
import type { RecordRef } from '../../core/policy/index.ts';

export function findChild(db: Kysely<Database>, laCode: string, id: string): Promise<Child | undefined> {
  return db.selectFrom('child').selectAll().where('la_code', '=', laCode).where('id', '=', id).executeTakeFirst();
}

/** What the access policy needs to know about a child's record. */
export async function childRecordRef(db: Kysely<Database>, child: Child): Promise<RecordRef> {
  const rules = await db
    .selectFrom('record_access_rule')
    .select(['user_id', 'rule'])
    .where('la_code', '=', child.la_code)
    .where('record_type', '=', 'child')
    .where('record_id', '=', child.id)
    .execute();
  return {
    laCode: child.la_code,
    ownerUserId: child.allocated_worker_id,
    teamId: child.team_id,
    agencyId: child.lead_agency_id,
    restriction: child.restriction,
    allowedUserIds: rules.filter((r) => r.rule === 'allow').map((r) => r.user_id),
    excludedUserIds: rules.filter((r) => r.rule === 'exclude').map((r) => r.user_id),
  };
}

/** Children whose name, LA child ID or date of birth matches; partial names match. */
export function searchChildren(db: Kysely<Database>, laCode: string, query: string, limit = 50) {
  const term = `%${query.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('child')
    .select(['id', 'la_child_id', 'first_name', 'last_name', 'date_of_birth', 'restriction'])
    .where('la_code', '=', laCode)
    .where((eb) =>
      eb.or([
        eb(sql`lower(first_name || ' ' || last_name)`, 'like', term),
        eb(sql`lower(la_child_id)`, 'like', term),
        eb(sql`date_of_birth::text`, '=', query.trim()),
      ]),
    )
    .orderBy('last_name')
    .orderBy('first_name')
    .limit(limit)
    .execute();
}
