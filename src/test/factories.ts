/**
 * Factories for integration tests: a small partnership with one account per role, and children.
 * Each test builds what it needs; nothing is shared between tests.
 */
import type { Kysely } from '../core/db/kysely.ts';
import type { AppUser, Child, Database, Restriction } from '../core/db/schema.ts';
import { ROLES, type Role } from '../core/policy/index.ts';
import { hashPassword } from '../modules/identity/index.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export type TestWorld = {
  laCode: string;
  users: Record<Role, AppUser>;
  agencies: { council: string; police: string; school: string };
  teams: { mash: string; assessment: string; childProtection: string };
};

export const emailFor = (role: Role, laCode = '309'): string => `${role}@${laCode}.test`;

/** A partnership with the council, police and a school; MASH, assessment and CP teams; one user per role. */
export async function buildPartnership(db: Kysely<Database>, laCode = '309'): Promise<TestWorld> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  await db.insertInto('partnership').values({ la_code: laCode, name: `Test partnership ${laCode}` }).execute();
  const agency = async (name: string, agency_type: 'local_authority' | 'police' | 'school') =>
    (await db.insertInto('agency').values({ la_code: laCode, name, agency_type }).returning('id').executeTakeFirstOrThrow()).id;
  const council = await agency('Council', 'local_authority');
  const police = await agency('Police', 'police');
  const school = await agency('School', 'school');
  const team = async (name: string) => (await db.insertInto('team').values({ la_code: laCode, agency_id: council, name }).returning('id').executeTakeFirstOrThrow()).id;
  const teams = { mash: await team('MASH'), assessment: await team('Assessment'), childProtection: await team('Child Protection') };
  const placement: Record<Role, { agency: string; team: string | null }> = {
    mash_practitioner: { agency: council, team: teams.mash },
    mash_manager: { agency: council, team: teams.mash },
    social_worker: { agency: council, team: teams.assessment },
    team_manager: { agency: council, team: teams.assessment },
    partner_practitioner: { agency: school, team: null },
    lado: { agency: council, team: null },
    cdop_coordinator: { agency: council, team: null },
    partnership_manager: { agency: council, team: null },
    performance_analyst: { agency: council, team: null },
    independent_chair: { agency: council, team: null },
    auditor: { agency: council, team: null },
    administrator: { agency: council, team: null },
  };
  const users = {} as Record<Role, AppUser>;
  for (const role of ROLES) {
    users[role] = await db
      .insertInto('app_user')
      .values({ la_code: laCode, email: emailFor(role, laCode), display_name: `Test ${role}`, role, agency_id: placement[role].agency, team_id: placement[role].team, password_hash: hash, oidc_issuer: null, oidc_subject: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return { laCode, users, agencies: { council, police, school }, teams };
}

let childCounter = 0;

/** A child in the partnership; by default allocated to the test social worker's team. */
export async function buildChild(
  db: Kysely<Database>,
  world: TestWorld,
  overrides: Partial<{ firstName: string; lastName: string; dateOfBirth: string; teamId: string | null; allocatedWorkerId: string | null; leadAgencyId: string | null; restriction: Restriction | null }> = {},
): Promise<Child> {
  childCounter += 1;
  return db
    .insertInto('child')
    .values({
      la_code: world.laCode,
      la_child_id: `T${process.pid}-${childCounter}`,
      first_name: overrides.firstName ?? 'Test',
      last_name: overrides.lastName ?? `Child${childCounter}`,
      date_of_birth: overrides.dateOfBirth ?? '2015-06-01',
      sex: 'U',
      team_id: overrides.teamId === undefined ? world.teams.assessment : overrides.teamId,
      allocated_worker_id: overrides.allocatedWorkerId === undefined ? world.users.social_worker.id : overrides.allocatedWorkerId,
      lead_agency_id: overrides.leadAgencyId ?? null,
      restriction: overrides.restriction ?? null,
      restriction_reviewed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
