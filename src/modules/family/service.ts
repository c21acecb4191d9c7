/**
 * The people around a child: family members, carers and professionals, how each is related to the
 * child, who lives with the child and who holds parental responsibility; brothers and sisters who
 * have their own records; and the child's former names. A household view groups them by generation
 * so a worker can read the family at a glance (as a list, not a drawing).
 */
import type { Kysely, Transaction } from '../../core/db/kysely.ts';
import type { Child, Database } from '../../core/db/schema.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { compareDates, isIsoDate } from '../../core/dates.ts';
import { listFormerNames, listRelationships, type RelationshipRow } from './repository.ts';

type Kind = 'family' | 'carer' | 'professional' | 'other';
type Generation = 'grandparents' | 'parents' | 'child' | 'children' | 'carers' | 'professionals' | 'other';

/** How a person is related to the child ("this person is the child's …"), with its kind and generation. */
export const RELATIONSHIPS: readonly { code: string; label: string; kind: Kind; generation: Generation }[] = [
  { code: 'mother', label: 'Mother', kind: 'family', generation: 'parents' },
  { code: 'father', label: 'Father', kind: 'family', generation: 'parents' },
  { code: 'step_parent', label: 'Step-parent', kind: 'family', generation: 'parents' },
  { code: 'parent_partner', label: 'Parent’s partner', kind: 'family', generation: 'parents' },
  { code: 'aunt_uncle', label: 'Aunt or uncle', kind: 'family', generation: 'parents' },
  { code: 'grandparent', label: 'Grandparent', kind: 'family', generation: 'grandparents' },
  { code: 'sibling', label: 'Brother or sister', kind: 'family', generation: 'child' },
  { code: 'half_sibling', label: 'Half-brother or half-sister', kind: 'family', generation: 'child' },
  { code: 'step_sibling', label: 'Stepbrother or stepsister', kind: 'family', generation: 'child' },
  { code: 'cousin', label: 'Cousin', kind: 'family', generation: 'child' },
  { code: 'own_child', label: 'The child’s own child', kind: 'family', generation: 'children' },
  { code: 'other_relative', label: 'Other relative', kind: 'family', generation: 'other' },
  { code: 'foster_carer', label: 'Foster carer', kind: 'carer', generation: 'carers' },
  { code: 'kinship_carer', label: 'Kinship carer (family or friend)', kind: 'carer', generation: 'carers' },
  { code: 'special_guardian', label: 'Special guardian', kind: 'carer', generation: 'carers' },
  { code: 'adopter', label: 'Adoptive parent', kind: 'carer', generation: 'carers' },
  { code: 'teacher', label: 'Teacher or designated safeguarding lead', kind: 'professional', generation: 'professionals' },
  { code: 'health_visitor', label: 'Health visitor or school nurse', kind: 'professional', generation: 'professionals' },
  { code: 'gp', label: 'GP', kind: 'professional', generation: 'professionals' },
  { code: 'police_officer', label: 'Police officer', kind: 'professional', generation: 'professionals' },
  { code: 'other_professional', label: 'Other professional', kind: 'professional', generation: 'professionals' },
  { code: 'family_friend', label: 'Family friend', kind: 'other', generation: 'other' },
  { code: 'other', label: 'Other', kind: 'other', generation: 'other' },
];

/** Relationships that can link two children's records: each is the other's (symmetric). */
export const SIBLING_RELATIONSHIPS = RELATIONSHIPS.filter((r) => ['sibling', 'half_sibling', 'step_sibling', 'cousin'].includes(r.code));

const GENERATIONS: { id: Generation; label: string }[] = [
  { id: 'grandparents', label: 'Grandparents' },
  { id: 'parents', label: 'Parents and their generation' },
  { id: 'child', label: 'The child’s generation' },
  { id: 'children', label: 'The child’s own children' },
  { id: 'carers', label: 'Carers' },
  { id: 'professionals', label: 'Professionals' },
  { id: 'other', label: 'Others in the network' },
];

export const relationshipLabel = (code: string): string => RELATIONSHIPS.find((r) => r.code === code)?.label ?? code;

export type FamilyMember = RelationshipRow & { name: string; relationshipLabel: string; generation: Generation; isChildRecord: boolean };
export type Family = {
  members: FamilyMember[];
  household: FamilyMember[];
  parentalResponsibility: FamilyMember[];
  generations: { id: Generation; label: string; members: FamilyMember[] }[];
  formerNames: Awaited<ReturnType<typeof listFormerNames>>;
};

const fullName = (first: string | null, last: string | null): string => [first, last].filter(Boolean).join(' ') || 'Name not recorded';

/** The child's family and network, grouped for the child's page and the household view. */
export async function familyOf(db: Kysely<Database>, child: Child): Promise<Family> {
  const [rows, formerNames] = await Promise.all([listRelationships(db, child.la_code, child.id), listFormerNames(db, child.la_code, child.id)]);
  const members = rows.map((r): FamilyMember => ({
    ...r,
    name: r.related_child_id ? fullName(r.child_first_name, r.child_last_name) : fullName(r.first_name, r.last_name),
    relationshipLabel: relationshipLabel(r.relationship),
    generation: RELATIONSHIPS.find((x) => x.code === r.relationship)?.generation ?? 'other',
    isChildRecord: r.related_child_id !== null,
  }));
  return {
    members,
    household: members.filter((m) => m.lives_with_child),
    parentalResponsibility: members.filter((m) => m.has_parental_responsibility),
    generations: GENERATIONS.map((g) => ({ ...g, members: members.filter((m) => m.generation === g.id) })).filter((g) => g.members.length > 0),
    formerNames,
  };
}

export type PersonValues = {
  relationship: string; firstName: string; lastName: string; dateOfBirth: string | null; phone: string | null; email: string | null;
  address: string | null; postcode: string | null; agencyId: string | null; livesWithChild: boolean; parentalResponsibility: boolean;
};

const text = (body: Record<string, unknown>, name: string): string => String(body[name] ?? '').trim();

/** Reads a posted date from its day, month and year inputs; undefined when all three are blank. */
function readDate(body: Record<string, unknown>, name: string): { iso?: string; bad: boolean } {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(body, `${name}-${p}`));
  if (!d && !m && !y) return { bad: false };
  const iso = `${y!.padStart(4, '0')}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return /^\d{4}$/.test(y!) && isIsoDate(iso) ? { iso, bad: false } : { bad: true };
}

/** Checks the form for a person and their relationship to the child, with GOV.UK wording. */
export function readPersonForm(body: Record<string, unknown>, today: string, agencyIds: readonly string[]): { values: PersonValues; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const relationship = text(body, 'relationship');
  const rel = RELATIONSHIPS.find((r) => r.code === relationship);
  if (!rel) issues.push({ field: 'relationship', message: 'Select how this person is related to the child' });
  const firstName = text(body, 'firstName');
  const lastName = text(body, 'lastName');
  if (!firstName && !lastName) issues.push({ field: 'firstName', message: 'Enter the person’s first name or last name' });
  for (const [field, value, label] of [['firstName', firstName, 'First name'], ['lastName', lastName, 'Last name'], ['address', text(body, 'address'), 'Address']] as const) {
    if (value.length > 200) issues.push({ field, message: `${label} must be 200 characters or fewer` });
  }
  const dob = readDate(body, 'dateOfBirth');
  if (dob.bad) issues.push({ field: 'dateOfBirth', message: 'Date of birth must be a real date' });
  else if (dob.iso && compareDates(dob.iso, today) > 0) issues.push({ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' });
  const email = text(body, 'email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) issues.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' });
  const phone = text(body, 'phone');
  if (phone && !/^[0-9+() -]{6,20}$/.test(phone)) issues.push({ field: 'phone', message: 'Enter a telephone number, like 01632 960 001 or 07700 900 982' });
  const postcode = text(body, 'postcode').toUpperCase();
  if (postcode && !/^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$/.test(postcode)) issues.push({ field: 'postcode', message: 'Enter a real postcode' });
  const agencyId = text(body, 'agencyId');
  if (agencyId && !agencyIds.includes(agencyId)) issues.push({ field: 'agencyId', message: 'Select the agency from the list' });
  if (rel?.kind === 'professional' && !agencyId) issues.push({ field: 'agencyId', message: 'Select the agency the professional works for' });
  const livesWithChild = body.livesWithChild === 'yes';
  const parentalResponsibility = body.parentalResponsibility === 'yes';
  for (const field of ['livesWithChild', 'parentalResponsibility'] as const) {
    if (body[field] !== 'yes' && body[field] !== 'no') {
      issues.push({ field, message: field === 'livesWithChild' ? 'Select whether this person lives with the child' : 'Select whether this person has parental responsibility for the child' });
    }
  }
  // Parental responsibility is a parent's, a step-parent's or a carer's by order; not a professional's.
  if (parentalResponsibility && rel?.kind === 'professional') issues.push({ field: 'parentalResponsibility', message: 'A professional working with the child does not hold parental responsibility' });
  return {
    values: {
      relationship, firstName, lastName, dateOfBirth: dob.iso ?? null, phone: phone || null, email: email || null,
      address: text(body, 'address') || null, postcode: postcode || null, agencyId: agencyId || null, livesWithChild, parentalResponsibility,
    },
    issues,
  };
}

/** Adds a person and their relationship to the child. */
export async function addPerson(trx: Transaction<Database>, child: Child, v: PersonValues): Promise<string> {
  const kind = RELATIONSHIPS.find((r) => r.code === v.relationship)!.kind;
  const person = await trx.insertInto('person').values({
    la_code: child.la_code, kind, first_name: v.firstName || null, last_name: v.lastName || null, date_of_birth: v.dateOfBirth,
    phone: v.phone, email: v.email, address: v.address, postcode: v.postcode, agency_id: v.agencyId,
  }).returning('id').executeTakeFirstOrThrow();
  const rel = await trx.insertInto('child_relationship').values({
    la_code: child.la_code, child_id: child.id, person_id: person.id, relationship: v.relationship, lives_with_child: v.livesWithChild, has_parental_responsibility: v.parentalResponsibility,
  }).returning('id').executeTakeFirstOrThrow();
  return rel.id;
}

/** Corrects a person and their relationship to the child. */
export async function updatePerson(trx: Transaction<Database>, child: Child, relationshipId: string, personId: string, v: PersonValues): Promise<void> {
  const kind = RELATIONSHIPS.find((r) => r.code === v.relationship)!.kind;
  await trx.updateTable('person').set({
    kind, first_name: v.firstName || null, last_name: v.lastName || null, date_of_birth: v.dateOfBirth, phone: v.phone, email: v.email,
    address: v.address, postcode: v.postcode, agency_id: v.agencyId,
  }).where('la_code', '=', child.la_code).where('id', '=', personId).execute();
  await trx.updateTable('child_relationship').set({ relationship: v.relationship, lives_with_child: v.livesWithChild, has_parental_responsibility: v.parentalResponsibility })
    .where('la_code', '=', child.la_code).where('id', '=', relationshipId).where('child_id', '=', child.id).execute();
}

/**
 * Links two children's records as brothers, sisters or cousins: each record shows the other, with
 * whether they live together. Linking again updates the existing link rather than adding a second.
 */
export async function linkChildren(trx: Transaction<Database>, child: Child, other: Child, relationship: string, livesTogether: boolean): Promise<void> {
  for (const [a, b] of [[child, other], [other, child]] as const) {
    const existing = await trx.selectFrom('child_relationship').select('id').where('la_code', '=', a.la_code).where('child_id', '=', a.id).where('related_child_id', '=', b.id).executeTakeFirst();
    if (existing) {
      await trx.updateTable('child_relationship').set({ relationship, lives_with_child: livesTogether }).where('la_code', '=', a.la_code).where('id', '=', existing.id).execute();
    } else {
      await trx.insertInto('child_relationship').values({ la_code: a.la_code, child_id: a.id, related_child_id: b.id, relationship, lives_with_child: livesTogether, has_parental_responsibility: false }).execute();
    }
  }
}

export type FormerNameValues = { firstName: string | null; lastName: string | null; untilDate: string | null };

/** Checks the form for a former name. */
export function readFormerNameForm(body: Record<string, unknown>, child: Child, today: string): { values: FormerNameValues; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const firstName = text(body, 'firstName');
  const lastName = text(body, 'lastName');
  if (!firstName || !lastName) issues.push({ field: firstName ? 'lastName' : 'firstName', message: firstName ? 'Enter the former last name' : 'Enter the former first name' });
  for (const [field, value, label] of [['firstName', firstName, 'Former first name'], ['lastName', lastName, 'Former last name']] as const) {
    if (value.length > 100) issues.push({ field, message: `${label} must be 100 characters or fewer` });
  }
  const until = readDate(body, 'untilDate');
  if (until.bad) issues.push({ field: 'untilDate', message: 'Date the name stopped being used must be a real date' });
  else if (until.iso && compareDates(until.iso, today) > 0) issues.push({ field: 'untilDate', message: 'Date the name stopped being used must be today or in the past' });
  else if (until.iso && child.date_of_birth && compareDates(until.iso, child.date_of_birth) < 0) issues.push({ field: 'untilDate', message: 'Date the name stopped being used must be on or after the child’s date of birth' });
  if (firstName && lastName && firstName.toLowerCase() === (child.first_name ?? '').toLowerCase() && lastName.toLowerCase() === (child.last_name ?? '').toLowerCase()) {
    issues.push({ field: 'firstName', message: 'This is the child’s current name: enter a name the child was known by before' });
  }
  return { values: { firstName: firstName || null, lastName: lastName || null, untilDate: until.iso ?? null }, issues };
}
