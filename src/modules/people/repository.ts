/** Queries for children's records (the first slice of the people module). */
import type { Kysely } from '../../core/db/kysely.ts';
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
