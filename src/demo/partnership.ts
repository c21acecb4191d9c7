/**
 * The small demonstration partnership that `npm start` serves: agencies, teams, one account per
 * role, and a handful of fictional children (one restricted). Passwords are random per install,
 * kept in the data directory (never in the repository) and printed at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from '../core/db/kysely.ts';
import type { AgencyType, Database } from '../core/db/schema.ts';
import { ROLES, ROLE_LABELS, type Role } from '../core/policy/index.ts';
import { addUser, generatePassword } from '../modules/identity/index.ts';

export const DEMO_PARTNERSHIP_NAME = 'Northbridge Safeguarding Children Partnership';

const AGENCIES: { name: string; type: AgencyType; statutory?: boolean; teams: string[] }[] = [
  { name: 'Northbridge Council', type: 'local_authority', statutory: true, teams: ['MASH', 'Assessment Team', 'Child Protection Team', 'LADO Service', 'Partnership Team', 'Performance Team', 'Digital Services'] },
  { name: 'Northbridge Police', type: 'police', statutory: true, teams: ['Child Abuse Investigation'] },
  { name: 'Northbridge Integrated Care Board', type: 'health', statutory: true, teams: ['Designated Nurse'] },
  { name: 'St Anne’s Primary School', type: 'school', teams: [] },
  { name: 'Northbridge Family Action', type: 'voluntary', teams: [] },
];

const ACCOUNTS: Record<Role, { name: string; agency: string; team?: string }> = {
  mash_practitioner: { name: 'Priya Shah', agency: 'Northbridge Council', team: 'MASH' },
  mash_manager: { name: 'Tom Okafor', agency: 'Northbridge Council', team: 'MASH' },
  social_worker: { name: 'Hannah Clarke', agency: 'Northbridge Council', team: 'Assessment Team' },
  team_manager: { name: 'Daniel Mensah', agency: 'Northbridge Council', team: 'Assessment Team' },
  partner_practitioner: { name: 'Grace Wood', agency: 'St Anne’s Primary School' },
  lado: { name: 'Marta Nowak', agency: 'Northbridge Council', team: 'LADO Service' },
  cdop_coordinator: { name: 'Aisha Begum', agency: 'Northbridge Integrated Care Board', team: 'Designated Nurse' },
  partnership_manager: { name: 'Femi Adeyemi', agency: 'Northbridge Council', team: 'Partnership Team' },
  performance_analyst: { name: 'Owen Price', agency: 'Northbridge Council', team: 'Performance Team' },
  independent_chair: { name: 'Ruth Campbell', agency: 'Northbridge Council' },
  auditor: { name: 'Sam Lee', agency: 'Northbridge Council' },
  administrator: { name: 'Alex Morgan', agency: 'Northbridge Council', team: 'Digital Services' },
};

export const demoEmail = (role: Role): string => `${role.replace(/_/g, '.')}@demo.haven.test`;

export type DemoSignIn = { role: string; email: string; password: string };

/** Creates the demonstration partnership if the database has none; returns the sign-ins either way. */
export async function ensureDemoPartnership(db: Kysely<Database>, laCode: string, dataDir: string): Promise<DemoSignIn[]> {
  const credentialsFile = path.join(dataDir, 'demo-sign-ins.json');
  const existing = await db.selectFrom('partnership').select('la_code').where('la_code', '=', laCode).executeTakeFirst();
  if (existing && fs.existsSync(credentialsFile)) return JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as DemoSignIn[];
  if (existing) return [];

  await db.insertInto('partnership').values({ la_code: laCode, name: DEMO_PARTNERSHIP_NAME }).execute();
  for (const agency of AGENCIES) {
    const row = await db.insertInto('agency').values({ la_code: laCode, name: agency.name, agency_type: agency.type, is_statutory_partner: agency.statutory ?? false }).returning('id').executeTakeFirstOrThrow();
    for (const team of agency.teams) await db.insertInto('team').values({ la_code: laCode, agency_id: row.id, name: team }).execute();
  }
  const password = generatePassword();
  const signIns: DemoSignIn[] = [];
  const ids: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const account = ACCOUNTS[role];
    const user = await addUser(db, { laCode, email: demoEmail(role), displayName: account.name, role, agency: account.agency, team: account.team, password });
    ids[role] = user.id;
    signIns.push({ role: ROLE_LABELS[role], email: demoEmail(role), password });
  }

  const team = await db.selectFrom('team').select('id').where('la_code', '=', laCode).where('name', '=', 'Assessment Team').executeTakeFirstOrThrow();
  const school = await db.selectFrom('agency').select('id').where('la_code', '=', laCode).where('agency_type', '=', 'school').executeTakeFirstOrThrow();
  const children = [
    { la_child_id: 'DEMO0001', first_name: 'Amara', last_name: 'Johnson', date_of_birth: '2015-03-14', sex: 'F' as const, lead_agency_id: school.id },
    { la_child_id: 'DEMO0002', first_name: 'Leo', last_name: 'Johnson', date_of_birth: '2018-09-02', sex: 'M' as const, lead_agency_id: school.id },
    { la_child_id: 'DEMO0003', first_name: 'Kacper', last_name: 'Zielinski', date_of_birth: '2011-12-20', sex: 'M' as const, lead_agency_id: null },
    { la_child_id: 'DEMO0004', first_name: 'Maya', last_name: 'Osei', date_of_birth: '2020-06-30', sex: 'F' as const, lead_agency_id: null },
  ];
  for (const child of children) {
    await db.insertInto('child').values({ la_code: laCode, ...child, team_id: team.id, allocated_worker_id: ids.social_worker ?? null }).execute();
  }
  // A restricted record: the child of a member of staff. The MASH practitioner (whose relative it
  // is, in this story) is excluded outright; the team manager is a named exception.
  const restricted = await db
    .insertInto('child')
    .values({ la_code: laCode, la_child_id: 'DEMO0005', first_name: 'Ella', last_name: 'Fairweather', date_of_birth: '2013-01-08', sex: 'F', team_id: team.id, allocated_worker_id: null, restriction: 'staff_relative', restriction_reviewed_at: new Date().toISOString().slice(0, 10) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('record_access_rule').values([
    { la_code: laCode, record_type: 'child', record_id: restricted.id, user_id: ids.team_manager!, rule: 'allow', reason: 'Manages the case', granted_by: ids.administrator ?? null },
    { la_code: laCode, record_type: 'child', record_id: restricted.id, user_id: ids.mash_practitioner!, rule: 'exclude', reason: 'Related to the child', granted_by: ids.administrator ?? null },
  ]).execute();

  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(credentialsFile, JSON.stringify(signIns, null, 2), { mode: 0o600 });
  return signIns;
}
