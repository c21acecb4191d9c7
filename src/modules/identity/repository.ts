/** Identity queries: users, agencies, teams, sessions. */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { AppUser, Database } from '../../core/db/schema.ts';

export function findUserByEmail(db: Kysely<Database>, email: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Kysely<Database>, laCode: string, id: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('la_code', '=', laCode).where('id', '=', id).executeTakeFirst();
}

export function findUserByOidc(db: Kysely<Database>, issuer: string, subject: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
}

export function listUsers(db: Kysely<Database>, laCode: string) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'u.la_code').onRef('a.id', '=', 'u.agency_id'))
    .leftJoin('team as t', (j) => j.onRef('t.la_code', '=', 'u.la_code').onRef('t.id', '=', 'u.team_id'))
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.disabled_at', 'u.locked_until', 'u.last_sign_in_at', 'a.name as agency_name', 't.name as team_name'])
    .where('u.la_code', '=', laCode)
    .orderBy('u.display_name')
    .execute();
}

export function findAgencyByName(db: Kysely<Database>, laCode: string, name: string) {
  return db.selectFrom('agency').selectAll().where('la_code', '=', laCode).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
}

export function findTeamByName(db: Kysely<Database>, laCode: string, name: string) {
  return db.selectFrom('team').selectAll().where('la_code', '=', laCode).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
}
