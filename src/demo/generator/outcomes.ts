/**
 * Outcomes of children in care for the reporting years: OC2 for children looked after continuously
 * for the whole year (rules 181-198, 542-547, in the validators' sense: in care on 1 April and not
 * leaving before 31 March), and OC3 for care leavers around their 17th to 21st birthdays (rules
 * 131-133, 344-347, 391, 1001-1016, 3001). Written once a child's story is complete.
 */
import { CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY, SDQ_REASON } from './codes.ts';
import { birthday, day, iso, type Day } from './days.ts';
import type { CarePeriod, Family, Kid } from './model.ts';

/** Reasons for leaving care after which a young person is a care leaver (not adoption, SGO, CAO, transfer or remand). */
const LEAVING_CARE = new Set(['E17', 'E5', 'E6', 'E8', 'E13', 'E4A', 'E4B', 'E7']);

/** Mothers among girls in care (header MOTHER, MC_DOB): a first child born before the first reporting year. */
const MOTHERS_BEFORE = day('2023-04-01');

/** Days looked after within [from, to). */
function daysInCare(periods: CarePeriod[], from: Day, to: Day, end: Day): number {
  let total = 0;
  for (const p of periods) {
    const stop = p.end ?? end + 1;
    total += Math.max(0, Math.min(stop, to) - Math.max(p.start, from));
  }
  return total;
}

export function writeOutcomes(family: Family, kid: Kid): void {
  if (kid.periods.length === 0) return;
  const r = family.random;
  const { batch, settings } = family.run;
  const end = settings.end;

  for (const year of settings.years) {
    // OC2: in care throughout the year.
    const whole = kid.periods.find((p) => p.start <= year.start && (p.end === null || p.end >= year.end));
    if (whole) {
      const sdqDue = birthday(kid.birth, 4) <= year.end && birthday(kid.birth, 17) >= year.start;
      const over10 = birthday(kid.birth, 10) < year.end;
      const under5 = year.end < birthday(kid.birth, 5);
      const misuse = birthday(kid.birth, 11) <= year.end && r.chance(0.07);
      const received = misuse ? r.chance(0.7) : null;
      const score = sdqDue && r.chance(0.84) ? Math.min(40, Math.max(0, Math.round(r.normal() * 6 + 14))) : null;
      batch.add('la_outcome', {
        child_id: kid.id,
        year: year.label,
        // Rules 186, 188, 189, 197B: a score or a reason when the child is 4 to 16 in the year, neither otherwise.
        sdq_score: score,
        sdq_reason: sdqDue && score === null ? SDQ_REASON.pick(r) : null,
        convicted: over10 ? r.chance(0.04) : null,
        health_check: under5 ? r.chance(0.9) : null,
        immunisations: r.chance(0.86),
        teeth_check: r.chance(0.8),
        health_assessment: r.chance(0.9),
        substance_misuse: misuse,
        intervention_received: received,
        intervention_offered: received === false ? r.chance(0.6) : null,
      });
    }
  }
  // OC3: a care leaver is a young person looked after for at least 13 weeks since 14, some of it after 16.
  const last = kid.periods[kid.periods.length - 1] as CarePeriod;
  if (last.end === null || !LEAVING_CARE.has(last.rec ?? '')) return;
  const fourteen = birthday(kid.birth, 14);
  const sixteen = birthday(kid.birth, 16);
  if (daysInCare(kid.periods, fourteen, end + 1, end) < 91 || daysInCare(kid.periods, sixteen, end + 1, end) <= 0) return;
  const leftOn = last.end;
  for (const year of settings.years) {
    for (let age = 17; age <= 21; age += 1) {
      const bday = birthday(kid.birth, age);
      if (bday < year.start || bday > year.end) continue;
      // Rules 1007 and 1016: no OC3 at 17 or 18 for a young person in care on or after that birthday.
      if (age <= 18 && leftOn >= bday) continue;
      const u = r.float();
      const inTouch = age === 17 && u < 0.9 ? 'YES' : u < 0.86 ? 'YES' : u < 0.91 ? 'NO' : u < 0.95 ? 'REFU' : u < 0.97 ? 'NREQ' : 'RHOM';
      let activity = '0';
      let accommodation = '0';
      if (inTouch === 'YES') {
        activity = CARE_LEAVER_ACTIVITY.pick(r);
        let letter = CARE_LEAVER_ACCOMMODATION.pick(r);
        // Rule 3001: not with former foster carers around the 17th birthday; rule 347: no bed and
        // breakfast under 18 (kept to 20 and over, so the age at the start of the year is never in doubt).
        if (age === 17 && letter === 'Z') letter = 'D';
        if (age < 20 && letter === 'T') letter = 'K';
        accommodation = `${letter}${r.chance(0.88) ? '1' : '2'}`;
        if (r.chance(0.02)) accommodation = r.pick(['S2', 'X2']);
      }
      batch.add('care_leaver', {
        child_id: kid.id,
        year: year.label,
        in_touch: inTouch,
        activity,
        accommodation,
        pathway_plan_date: inTouch === 'YES' && r.chance(0.9) ? iso(Math.max(leftOn - 200, bday - r.int(0, 200))) : null,
      });
    }
  }
}

/**
 * A few girls in care had a first child before the reporting years (header MOTHER and MC_DOB):
 * only girls looked after throughout the three years, because for a care leaver no longer looked
 * after the rules disagree (628 wants MOTHER blank, 624 the first child's date kept, 612 both or
 * neither).
 */
export function settleMotherhood(family: Family, kid: Kid): void {
  if (kid.sex !== 'F' || kid.periods.length === 0) return;
  const throughout = kid.periods.find((p) => p.start < MOTHERS_BEFORE && p.end === null);
  if (!throughout) return;
  const from = Math.max(birthday(kid.birth, 14), throughout.start);
  if (from >= MOTHERS_BEFORE - 30 || !family.random.chance(0.15)) return;
  kid.motherChildBirth = family.random.int(from, MOTHERS_BEFORE - 1);
}
