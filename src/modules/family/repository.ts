/** Queries for the people around a child: relationships (to people and to other children) and former names. */
import type { Kysely, Transaction } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Every relationship of the child, with the person or the other child it points to. */
export function listRelationships(db: Db, laCode: string, childId: string) {
  return db.selectFrom('child_relationship as r')
    .leftJoin('person as p', (j) => j.onRef('p.la_code', '=', 'r.la_code').onRef('p.id', '=', 'r.person_id'))
    .leftJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'p.la_code').onRef('a.id', '=', 'p.agency_id'))
    .leftJoin('child as c', (j) => j.onRef('c.la_code', '=', 'r.la_code').onRef('c.id', '=', 'r.related_child_id'))
    .select([
      'r.id', 'r.relationship', 'r.lives_with_child', 'r.has_parental_responsibility', 'r.person_id', 'r.related_child_id',
      'p.kind', 'p.first_name', 'p.last_name', 'p.date_of_birth', 'p.phone', 'p.email', 'p.address', 'p.postcode', 'p.agency_id', 'a.name as agency_name',
      'c.first_name as child_first_name', 'c.last_name as child_last_name', 'c.date_of_birth as child_date_of_birth', 'c.la_child_id',
    ])
    .where('r.la_code', '=', laCode).where('r.child_id', '=', childId)
    .orderBy('r.relationship').orderBy('p.last_name').orderBy('c.last_name')
    .execute();
}

export type RelationshipRow = Awaited<ReturnType<typeof listRelationships>>[number];

export function listFormerNames(db: Db, laCode: string, childId: string) {
  return db.selectFrom('child_former_name').select(['id', 'first_name', 'last_name', 'until_date'])
    .where('la_code', '=', laCode).where('child_id', '=', childId).orderBy('until_date', 'desc').execute();
}

export function listAgencies(db: Db, laCode: string) {
  return db.selectFrom('agency').select(['id', 'name']).where('la_code', '=', laCode).orderBy('name').execute();
}
