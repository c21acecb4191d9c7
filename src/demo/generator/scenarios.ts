/**
 * The kinds of family in the demonstration, each a short story:
 *
 * - families known to children's social care: referred (sometimes again and again) from 2018, so
 *   that by April 2023 the partnership has its steady flow of open cases, plans and re-referrals;
 * - contacts at the front door that never become referrals (the larger part of the 13,000 a year);
 * - unaccompanied asylum-seeking children, looked after from arrival to 18 and care leavers after;
 * - children who came into care from 2005, the long-stay part of the looked-after population and
 *   the care leavers of the reporting years;
 * - families who come to early help directly (schools, health visitors, children's centres).
 *
 * A family's story uses only its own random stream. Families whose records all end before the
 * year before the first reporting year are dropped (rolled back), as a real system's archive would
 * not feature in the returns.
 */
import { birthday, day, OPEN, type Day } from './days.ts';
import { FAMILY_KIND, Family, type FamilyKind, type Kid, type Run } from './model.ts';
import { heritage } from './names.ts';
import { addAdults, addChildren, addKid, settleFamily, writePeople } from './people.ts';
import { frontDoorContact, openCaseContacts, referralCase, startEarlyHelp } from './journey.ts';
import { settleMotherhood, writeOutcomes } from './outcomes.ts';
import { Weighted } from './random.ts';
import type { CareRoute } from './care.ts';

/** Where unaccompanied children in a London borough come from (recent national patterns). */
const UASC_HERITAGE = new Weighted<string>([['afghan', 30], ['eritrean', 24], ['arab', 14], ['kurdish', 14], ['albanian', 9], ['somali', 9]]);

/** The chance that a family is referred again after a case closes, by how it closed. */
const REREFERRAL: Record<string, number> = { NFA: 0.5, RC8: 0.44, RC9: 0.36, RC7: 0.4, RC5: 0.05, RC1: 0.02, RC3: 0.1, RC4: 0.05, RC6: 0.02, RC2: 0 };

/** A new family of `kind`, its arrival spread evenly over [from, from + span): family `index` of `count`. */
function begin(run: Run, kind: FamilyKind, index: number, count: number, from: Day, span: number): { family: Family; arrival: Day } {
  const family = new Family(run, kind, index);
  const arrival = from + Math.floor(((index + family.random.float()) / count) * span);
  return { family, arrival };
}

/** The family's parental factors: the "toxic trio" together at realistic rates (kpi-definitions.md). */
function settleFactors(family: Family): void {
  const r = family.random;
  const u = r.float();
  const trio = u < 0.065 ? 3 : u < 0.21 ? 2 : u < 0.52 ? 1 : 0;
  const present = [false, false, false];
  const order = [0, 1, 2].sort(() => r.float() - 0.5);
  for (let i = 0; i < trio; i += 1) present[order[i] as number] = true;
  const [domesticAbuse, mentalHealth, substance] = present as [boolean, boolean, boolean];
  const alcohol = substance && r.chance(0.55);
  family.factors = {
    domesticAbuse,
    mentalHealth,
    alcohol,
    drugs: substance && (!alcohol || r.chance(0.4)),
    learningDisability: r.chance(0.05),
    neglect: r.chance(0.2),
  };
}

/** Keeps the family's rows if anything in them reaches `relevantFrom`; otherwise rolls them back. */
function keepOrDrop(family: Family, mark: ReturnType<Run['batch']['mark']>, relevantFrom: Day, adults: boolean): boolean {
  const { batch } = family.run;
  for (const kid of family.kids) {
    writeOutcomes(family, kid);
    settleMotherhood(family, kid);
  }
  const careLeaverRows = (batch.rowCounts().get('care_leaver') ?? 0) > (mark.get('care_leaver') ?? 0);
  const relevant =
    careLeaverRows ||
    family.earlyHelpUntil >= relevantFrom ||
    family.kids.some((k) => (k.recorded && k.openUntil >= relevantFrom) || (k.careUntil !== null && k.careUntil >= relevantFrom));
  if (!relevant) {
    batch.rollback(mark);
    return false;
  }
  writePeople(family, { adults });
  return true;
}

/** Children of the family who could be referred on `t`: not already open, under 17 and a half, or due within 28 weeks. */
function eligibleOn(family: Family, t: Day): Kid[] {
  return family.kids.filter((k) => {
    if (k.openUntil >= t || k.careUntil === OPEN) return false;
    if (k.birth > t) return k.birth - t <= 196; // rule 8606: never more than 40 weeks before birth
    return birthday(k.birth, 18) > t + 200;
  });
}

/** A family known to children's social care: referrals, what follows, re-referrals, contacts between. */
export function familyStory(run: Run, index: number, count: number, from: Day, span: number, relevantFrom: Day): void {
  const { family, arrival } = begin(run, FAMILY_KIND.family, index, count, from, span);
  const r = family.random;
  const end = family.end;
  const mark = run.batch.mark();
  settleFamily(family);
  settleFactors(family);
  addChildren(family, arrival, { pregnancy: r.chance(0.07), laterBaby: true });
  addAdults(family);
  // A few families were supported by early help first and stepped up.
  if (r.chance(0.12)) startEarlyHelp(family, arrival - r.int(60, 320));

  let t = family.stepUpOn !== null && family.stepUpOn < arrival + 200 ? family.stepUpOn : arrival;
  let source: string | undefined = t === family.stepUpOn ? '5D' : undefined;
  let previous: Kid[] = [];
  for (let cases = 0; t <= end && cases < 12; cases += 1) {
    const eligible = eligibleOn(family, t);
    if (eligible.length === 0) break;
    const again = previous.filter((k) => eligible.includes(k));
    let subjects: Kid[];
    if (again.length > 0 && r.chance(0.8)) subjects = again;
    else if (eligible.length > 1 && r.chance(0.5)) subjects = eligible;
    else subjects = [r.pick(eligible)];
    const prebirth = subjects.some((k) => k.birth > t);
    const result = referralCase(family, subjects, t, { source, prebirth, immediate: !prebirth && r.chance(0.03) });
    for (const kid of subjects) openCaseContacts(family, kid, t, kid.openUntil === OPEN ? end : kid.openUntil);
    previous = subjects;
    source = undefined;
    // A child still looked after keeps an open episode; the family can still be referred about the others.
    if (subjects.some((k) => k.openUntil === OPEN && k.careUntil !== OPEN)) break;
    if (family.stepUpOn !== null && family.stepUpOn > result.end) {
      t = family.stepUpOn;
      family.stepUpOn = null;
      source = '5D';
      continue;
    }
    if (!r.chance(REREFERRAL[result.reason ?? 'RC7'] ?? 0.3)) {
      // Some families come back to the front door without meeting the threshold again.
      if (r.chance(0.3)) frontDoorContact(family, r.pick(subjects), result.end + r.int(20, 700));
      break;
    }
    const u = r.float();
    t = result.end + (u < 0.5 ? r.int(10, 150) : u < 0.83 ? r.int(150, 365) : r.int(365, 1500));
  }
  keepOrDrop(family, mark, relevantFrom, true);
}

/** A child mentioned in contacts that never meet the threshold for a referral. */
export function contactOnlyStory(run: Run, index: number, count: number, from: Day, span: number): void {
  const { family, arrival } = begin(run, FAMILY_KIND.contactOnly, index, count, from, span);
  const r = family.random;
  settleFamily(family);
  const u = r.float();
  const age = u < 0.25 ? r.between(0, 5) : u < 0.55 ? r.between(5, 11) : r.between(11, 17.9);
  const kid = addKid(family, arrival - Math.round(age * 365.25));
  let t = arrival;
  do {
    if (birthday(kid.birth, 18) <= t) break;
    frontDoorContact(family, kid, t);
    t += r.int(14, 500);
    // Contacts come back: half the children seen at the front door are seen again (police
    // notifications of domestic abuse recur), two contacts a child on average.
  } while (t <= family.end && r.chance(0.5));
  // Contacts before the MASH records begin are not kept: a child with none is not written.
  if (kid.recorded) writePeople(family, { adults: false });
}

/** An unaccompanied asylum-seeking child: referred on arrival, looked after to 18 (or transferred), then a care leaver. */
export function uascStory(run: Run, index: number, count: number, from: Day, span: number, relevantFrom: Day): void {
  const { family, arrival } = begin(run, FAMILY_KIND.uasc, index, count, from, span);
  const r = family.random;
  const mark = run.batch.mark();
  settleFamily(family, heritage(UASC_HERITAGE.pick(r)));
  const u = r.float();
  const age = u < 0.1 ? r.between(14, 15) : u < 0.35 ? r.between(15, 16) : u < 0.75 ? r.between(16, 17) : r.between(17, 17.6);
  const kid = addKid(family, arrival - Math.round(age * 365.25), { sex: r.chance(0.9) ? 'M' : 'F' });
  kid.uasc = true;
  kid.language = kid.heritage.languages[0] ?? 'English';
  referralCase(family, [kid], arrival, { source: r.chance(0.6) ? '7' : '6', care: { route: 'uasc', on: arrival } });
  keepOrDrop(family, mark, relevantFrom, false);
}

/** Children who came into care between 2005 and 2018: the long-stay looked-after children and care leavers. */
export function legacyCareStory(run: Run, index: number, count: number, from: Day, span: number, relevantFrom: Day): void {
  const { family, arrival: entry } = begin(run, FAMILY_KIND.legacyCare, index, count, from, span);
  const r = family.random;
  const mark = run.batch.mark();
  settleFamily(family);
  settleFactors(family);
  // Ages on entry to care, nationally: under 1 about 18%, 1-4 14%, 5-9 17%, 10-15 36%, 16-17 15%.
  const u = r.float();
  const age = u < 0.18 ? r.between(0, 1) : u < 0.32 ? r.between(1, 5) : u < 0.49 ? r.between(5, 10) : u < 0.85 ? r.between(10, 16) : r.between(16, 17.4);
  const siblings = age < 12 && r.chance(0.4) ? r.int(2, 3) : 1;
  for (let i = 0; i < siblings; i += 1) addKid(family, entry - Math.round((age + i * r.between(1.2, 3.5)) * 365.25));
  addAdults(family);
  const kids = family.kids.filter((k) => birthday(k.birth, 18) > entry + 60);
  if (kids.length === 0) return;
  const v = r.float();
  const route: CareRoute = age < 10 ? (v < 0.75 ? 'proceedings' : 'protection') : age >= 11 && v < 0.05 ? 'remand' : v < 0.6 ? 's20' : v < 0.85 ? 'proceedings' : 'protection';
  const referral = route === 'protection' ? entry : entry - r.int(0, 120);
  referralCase(family, kids, referral, { care: { route, on: entry } });
  keepOrDrop(family, mark, relevantFrom, true);
}

/** A family that comes to early help directly; some step up to children's social care. */
export function earlyHelpStory(run: Run, index: number, count: number, from: Day, span: number, relevantFrom: Day): void {
  const { family, arrival } = begin(run, FAMILY_KIND.earlyHelp, index, count, from, span);
  const r = family.random;
  const mark = run.batch.mark();
  settleFamily(family);
  settleFactors(family);
  addChildren(family, arrival, { maxAge: 15 });
  addAdults(family);
  startEarlyHelp(family, arrival);
  let referred = false;
  if (family.stepUpOn !== null && family.stepUpOn <= family.end) {
    const eligible = eligibleOn(family, family.stepUpOn);
    if (eligible.length > 0) {
      referralCase(family, r.chance(0.5) ? eligible : [r.pick(eligible)], family.stepUpOn, { source: '5D' });
      referred = true;
    }
  }
  keepOrDrop(family, mark, relevantFrom, referred);
}

/** The first day of history kept: the year before the first reporting year (re-referrals look back 12 months). */
export const relevantFromFor = (windowStart: Day): Day => windowStart - 366;

export const LEGACY_FROM = day('2005-04-01');
export const FAMILIES_FROM = day('2018-04-01');
export const UASC_FROM = day('2013-04-01');
export const EARLY_HELP_FROM = day('2022-04-01');
export { FAMILY_KIND };
