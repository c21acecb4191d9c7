/**
 * The people: a household's children and the adults around them, with fictional names, dates of
 * birth, ethnicity, disabilities, home language, postcode and address, and the identifiers the
 * returns check (UPN with its check letter, NHS number, LA child ID). Written at the end of the
 * family's story, when what happened to each child is known.
 */
import { DISABILITY, DISTANT_LA_CODES, NEIGHBOUR_LA_CODES } from './codes.ts';
import { ageAt, birthday, day, iso, OPEN, type Day } from './days.ts';
import { makeNhsNumber, makeUpn } from './identifiers.ts';
import { BLOCKS, FAMILY_HERITAGE, HOME_DISTRICTS, STREETS, STREET_KINDS, firstName, heritage, postcodeIn, surnameFor, type Heritage } from './names.ts';
import type { Adult, Family, Kid, Sex } from './model.ts';

/** Children born after this day had no UPN by the end of March 2026 (they start reception in September 2025 or later). */
const UPN_BORN_BEFORE = day('2021-09-01');

/** A fictional home address and postcode in the borough. */
export function homeAddress(family: Family): { address: string; postcode: string } {
  const r = family.random;
  const street = `${r.pick(STREETS)} ${r.pick(STREET_KINDS)}`;
  const address = r.chance(0.45) ? `Flat ${r.int(1, 48)}, ${r.pick(BLOCKS)}, ${street}, London` : `${r.int(1, 180)} ${street}, London`;
  return { address, postcode: postcodeIn(r, HOME_DISTRICTS.pick(r)) };
}

/** Chooses the family's heritage, surname and home. */
export function settleFamily(family: Family, fixedHeritage?: Heritage): void {
  const r = family.random;
  if (fixedHeritage) {
    family.heritage = fixedHeritage;
    family.fatherHeritage = fixedHeritage;
    family.childEthnicity = fixedHeritage.ethnicity;
  } else {
    const [mother, father, mixed] = FAMILY_HERITAGE.pick(r);
    family.heritage = heritage(mother);
    family.fatherHeritage = heritage(father ?? mother);
    family.childEthnicity = mixed ?? family.heritage.ethnicity;
  }
  family.surname = r.pick(family.fatherHeritage.surnames);
  const home = homeAddress(family);
  family.address = home.address;
  family.postcode = home.postcode;
}

function disabilitiesFor(family: Family, likely: boolean): string[] {
  const r = family.random;
  if (!r.chance(likely ? 0.7 : 0.08)) return ['NONE'];
  const codes = new Set<string>([DISABILITY.pick(r)]);
  // Several disabilities are recorded where a child has them (CIN census query 2888Q).
  if (r.chance(0.4)) codes.add(DISABILITY.pick(r));
  if (r.chance(0.15)) codes.add(DISABILITY.pick(r));
  return [...codes].sort();
}

/** Adds a child born (or due) on `birth` to the family. */
export function addKid(family: Family, birth: Day, options: { sex?: Sex; disabled?: boolean; surname?: string } = {}): Kid {
  const r = family.random;
  const sex: Sex = options.sex ?? (r.chance(0.51) ? 'M' : 'F');
  // In a mixed family a child's first name comes from either parent's heritage.
  const naming = r.chance(0.5) ? family.heritage : family.fatherHeritage;
  const h = family.fatherHeritage;
  const base = options.surname ?? family.surname;
  const language = h.languages[0] === 'English' || r.chance(0.55) ? 'English' : r.pick(h.languages);
  const kid: Kid = {
    id: family.uuid(),
    sex,
    birth,
    firstName: firstName(r, naming, sex),
    lastName: surnameFor(h, base, sex),
    heritage: h,
    ethnicity: r.chance(0.012) ? 'NOBT' : r.chance(0.006) ? 'REFU' : family.childEthnicity,
    language,
    disabilities: disabilitiesFor(family, options.disabled === true),
    openUntil: -OPEN,
    referrals: 0,
    cpPlans: 0,
    plansBeforeRecords: r.chance(0.1) ? 1 : 0,
    recorded: false,
    careUntil: null,
    periods: [],
    uasc: false,
    team: null,
    worker: null,
    leadAgency: null,
    formerName: null,
    motherChildBirth: null,
  };
  family.kids.push(kid);
  return kid;
}

/**
 * The children of a household at day `at`: 1 to 6 of them, the eldest under 18, two to four
 * years apart; with `pregnancy`, a baby due a few months after `at`.
 */
export function addChildren(family: Family, at: Day, options: { count?: number; maxAge?: number; minAge?: number; pregnancy?: boolean; laterBaby?: boolean } = {}): void {
  const r = family.random;
  const count = options.count ?? pickCount(family);
  const maxAge = options.maxAge ?? 17.5;
  const minAge = options.minAge ?? 0;
  // The youngest's age at `at`, in days; older siblings are spaced out from there.
  let youngest = Math.round(r.between(minAge, Math.min(maxAge, 15)) * 365.25);
  if (options.pregnancy) youngest = Math.round(r.between(1.5, 6) * 365.25);
  const births: Day[] = [];
  let age = youngest;
  for (let i = 0; i < count; i += 1) {
    if (age > maxAge * 365.25) break;
    births.push(at - age);
    age += Math.round(r.between(1.2, 4.5) * 365.25);
  }
  const halfSiblingSurname = r.chance(0.2) ? r.pick(family.heritage.surnames) : null;
  births.reverse().forEach((birth, i) => {
    // In one family in five the eldest children have another father's surname.
    const surname = halfSiblingSurname && i === 0 ? halfSiblingSurname : undefined;
    addKid(family, birth, { surname, disabled: r.chance(0.04) });
  });
  if (options.pregnancy) addKid(family, at + r.int(45, 170));
  else if (options.laterBaby && r.chance(0.14)) addKid(family, at + r.int(200, 1400));
}

function pickCount(family: Family): number {
  const u = family.random.float();
  return u < 0.38 ? 1 : u < 0.68 ? 2 : u < 0.86 ? 3 : u < 0.95 ? 4 : u < 0.99 ? 5 : 6;
}

/** The adults around the children: a mother, often a father, sometimes a step-parent or grandparent. */
export function addAdults(family: Family): void {
  const r = family.random;
  const eldest = family.kids.reduce((min, k) => Math.min(min, k.birth), OPEN);
  const phone = (): string | null => (r.chance(0.85) ? `07700 900${String(r.int(0, 999)).padStart(3, '0')}` : null);
  const adult = (role: Adult['role'], sex: Sex, h: Heritage, surname: string, ageAtEldest: [number, number], livesWith: boolean, pr: boolean, elsewhere = false): void => {
    const first = firstName(r, h, sex);
    const home = elsewhere ? homeAddress(family) : { address: family.address, postcode: family.postcode };
    family.adults.push({
      id: family.uuid(),
      role,
      sex,
      firstName: first,
      lastName: surnameFor(h, surname, sex),
      birth: eldest - Math.round(r.between(ageAtEldest[0], ageAtEldest[1]) * 365.25),
      livesWith,
      parentalResponsibility: pr,
      phone: phone(),
      email: r.chance(0.3) ? `${first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${r.int(10, 99)}@example.com` : null,
      address: home.address,
      postcode: home.postcode,
    });
  };
  const motherSurname = r.chance(0.6) ? family.surname : r.pick(family.heritage.surnames);
  adult('mother', 'F', family.heritage, motherSurname, [17, 38], r.chance(0.93), true);
  if (r.chance(0.62)) {
    const livesWith = r.chance(0.5);
    adult('father', 'M', family.fatherHeritage, family.surname, [19, 45], livesWith, r.chance(0.85), !livesWith);
  }
  if (r.chance(0.1)) adult('stepfather', 'M', r.pick([family.heritage, family.fatherHeritage]), r.pick(family.heritage.surnames), [19, 40], true, false);
  if (r.chance(0.16)) adult(r.chance(0.8) ? 'grandmother' : 'grandfather', r.chance(0.8) ? 'F' : 'M', family.heritage, motherSurname, [38, 62], r.chance(0.25), false, true);
  if (r.chance(0.05)) adult('aunt', 'F', family.heritage, motherSurname, [15, 35], false, false, true);
}

/**
 * Writes the family's people: every child that is born by the end or appears in a record, former
 * names, the adults, and how each is related to each child (both ways between siblings).
 */
export function writePeople(family: Family, options: { adults: boolean }): void {
  const { batch, settings } = family.run;
  const r = family.random;
  const kids = family.kids.filter((k) => k.recorded || k.birth <= settings.end);
  for (const kid of kids) {
    const number = family.run.nextChildNumber();
    const born = kid.birth <= settings.end;
    const movedIn = r.chance(0.15);
    const upnLa = movedIn ? r.pick(NEIGHBOUR_LA_CODES) : settings.laCode;
    const schoolYear = Number(iso(birthday(kid.birth, 4)).slice(0, 4)) + (iso(kid.birth).slice(5) >= '09-01' ? 1 : 0);
    const hasUpn = born && kid.birth < UPN_BORN_BEFORE && !(kid.uasc && r.chance(0.3));
    const formerUpn = hasUpn && movedIn && r.chance(0.25) ? makeUpn(number, r.pick(DISTANT_LA_CODES), schoolYear) : null;
    const open = kid.openUntil === OPEN;
    // One child in twenty-five was known by another surname (a parent's, before a change of name).
    if (!kid.formerName && born && r.chance(0.04)) {
      const until = kid.birth + Math.round((settings.end - kid.birth) * r.between(0.2, 0.9));
      kid.formerName = { firstName: kid.firstName, lastName: r.pick(kid.heritage.surnames), until };
    }
    batch.add('child', {
      id: kid.id,
      la_child_id: `NB${String(number).padStart(7, '0')}`,
      first_name: born ? kid.firstName : r.chance(0.6) ? null : kid.firstName,
      last_name: kid.lastName,
      date_of_birth: born ? iso(kid.birth) : null,
      // CIN census rule 8750: an unborn child's sex is U.
      sex: born ? kid.sex : 'U',
      team_id: open ? kid.team : null,
      allocated_worker_id: open ? kid.worker : null,
      lead_agency_id: kid.leadAgency,
      upn: hasUpn ? makeUpn(number, upnLa, schoolYear) : null,
      former_upn: formerUpn,
      upn_unknown: hasUpn ? null : kid.uasc ? 'UN2' : 'UN1',
      nhs_number: born ? makeNhsNumber(number) : null,
      expected_date_of_birth: born ? null : iso(kid.birth),
      ethnicity: kid.ethnicity,
      disabilities: `{${kid.disabilities.join(',')}}`,
      first_language: kid.language,
      postcode: family.postcode,
      address: family.address,
      uasc: kid.uasc,
      // UASC status ends on the 18th birthday (rule 304); the returns carry that date every year (rule 205B).
      uasc_ceased_date: kid.uasc ? iso(birthday(kid.birth, 18)) : null,
      // SSDA903 rules 393 and 607: a looked-after girl's mother status is always recorded.
      mother: kid.sex === 'F' && kid.periods.length > 0 ? kid.motherChildBirth !== null : null,
      mother_child_dob: kid.motherChildBirth === null ? null : iso(kid.motherChildBirth),
    });
    if (kid.formerName) {
      batch.add('child_former_name', { child_id: kid.id, first_name: kid.formerName.firstName, last_name: kid.formerName.lastName, until_date: iso(kid.formerName.until) });
    }
  }
  for (const kid of kids) {
    for (const other of kids) {
      if (other === kid) continue;
      batch.add('child_relationship', {
        id: family.uuid(),
        child_id: kid.id,
        person_id: null,
        related_child_id: other.id,
        relationship: kid.lastName === other.lastName ? 'sibling' : 'half-sibling',
        lives_with_child: true,
        has_parental_responsibility: false,
      });
    }
  }
  if (!options.adults) return;
  for (const adult of family.adults) {
    batch.add('person', {
      id: adult.id, kind: 'family', first_name: adult.firstName, last_name: adult.lastName, date_of_birth: iso(adult.birth),
      phone: adult.phone, email: adult.email, address: adult.address, postcode: adult.postcode,
    });
    for (const kid of kids) {
      batch.add('child_relationship', {
        id: family.uuid(),
        child_id: kid.id,
        person_id: adult.id,
        related_child_id: null,
        relationship: adult.role,
        lives_with_child: adult.livesWith && livesAtHome(kid),
        has_parental_responsibility: adult.parentalResponsibility,
      });
    }
  }
}

/** Whether a child lives at home at the end: never looked after, or went home when care ended. */
function livesAtHome(kid: Kid): boolean {
  const last = kid.periods[kid.periods.length - 1];
  if (!last) return true;
  return last.end !== null && ['E4A', 'E4B', 'E13', 'E41', 'E14'].includes(last.rec ?? '');
}

/** The age of a child on a day (0 before birth). */
export const ageOf = (kid: Kid, on: Day): number => ageAt(kid.birth, on);
