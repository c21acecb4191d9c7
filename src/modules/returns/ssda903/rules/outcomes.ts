/**
 * Rules on outcomes: children looked after continuously for 12 months at 31 March (oc2.csv: SDQ,
 * convictions, health, substance misuse) and care leavers (oc3.csv: in touch, activity,
 * accommodation), with the episodes that decide who belongs in each.
 */
import { daysBetween } from '../dates.ts';
import type { HeaderRow, Oc2Row, Oc3Row } from '../model.ts';
import { codes, earliest, has, isIn, latest, numeric } from './helpers.ts';
import { rule, type RuleContext, type RuleDef } from './engine.ts';
import { RESPITE } from './episodes.ts';

const OC2_FIELDS = [
  'CONVICTED',
  'HEALTH_CHECK',
  'IMMUNISATIONS',
  'TEETH_CHECK',
  'HEALTH_ASSESSMENT',
  'SUBSTANCE_MISUSE',
  'INTERVENTION_RECEIVED',
  'INTERVENTION_OFFERED',
] as const;
const HEALTH_FIELDS = ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'] as const;
const AD1_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'] as const;

// numpy's calendar year (365.2425 days), which the validators use for some ages: a whole number of
// days is at least 17 such years from 6,210 days, under 18 up to 6,574, under 19 up to 6,939.
const AT_LEAST_17_YEARS = 6210;
const UNDER_18_YEARS = 6574;
const UNDER_19_YEARS = 6939;

function anyOc2(o: Oc2Row): boolean {
  return OC2_FIELDS.some((field) => o[field] !== null);
}

function careLeaverData(o: Oc3Row): boolean {
  return o.IN_TOUCH !== null || o.ACTIV !== null || o.ACCOM !== null;
}

/** Each OC2 row with whether its child was looked after continuously for 12 months. */
function eachOc2(c: RuleContext, check: (o: Oc2Row, continuous: boolean) => boolean): void {
  const cla = c.continuouslyLookedAfter();
  for (const o of c.rows('oc2')) if (check(o, o.CHILD !== null && cla.has(o.CHILD))) c.flag(o);
}

/** True when a date falls in the collection year. */
function inYear(date: string | null, c: RuleContext): boolean {
  return date !== null && date >= c.start && date <= c.end;
}

/** Female and male as coded before 2024-25 ('2', '1') and since (F, M). */
const isFemale = (h: HeaderRow): boolean => h.SEX === 'F' || h.SEX === '2';
const isMale = (h: HeaderRow): boolean => h.SEX === 'M' || h.SEX === '1';

export const outcomeRules: RuleDef[] = [
  /**
   * 157: Child is aged 4 years or over at the beginning of the year or 16 years or under at the end
   * of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason
   * for no Strengths and Difficulties Questionnaire (SDQ) score.
   */
  rule('157', ['oc2', 'episodes'], (c) =>
    eachOc2(c, (o, continuous) => {
      const fourth = c.birthday(o.DOB, 4);
      const sixteenth = c.birthday(o.DOB, 16);
      return continuous && fourth !== null && sixteenth !== null && fourth <= c.start && sixteenth >= c.end && o.SDQ_SCORE === null && o.SDQ_REASON === 'SDQ1';
    }),
  ),

  /**
   * 158: If a child has been recorded as receiving an intervention for their substance misuse
   * problem, then the additional item on whether an intervention was offered should be left blank.
   */
  rule('158', ['oc2'], (c) => eachOc2(c, (o) => o.INTERVENTION_RECEIVED === '1' && o.INTERVENTION_OFFERED !== null)),

  /**
   * 159: If a child has been recorded as not receiving an intervention for their substance misuse
   * problem, then the additional item on whether an intervention was offered should be completed as well.
   */
  rule('159', ['oc2'], (c) =>
    eachOc2(c, (o) => o.SUBSTANCE_MISUSE === '1' && o.INTERVENTION_RECEIVED === '0' && o.INTERVENTION_OFFERED === null),
  ),

  /** 180: Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid. (A whole number 0-40.) */
  rule('180', ['oc2'], (c) =>
    eachOc2(c, (o) => {
      if (o.SDQ_SCORE === null) return false;
      const score = numeric(o.SDQ_SCORE);
      return score === null || !Number.isInteger(score) || score < 0 || score > 40;
    }),
  ),

  /** 181: Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1. */
  rule('181', ['oc2'], (c) => eachOc2(c, (o) => OC2_FIELDS.some((field) => o[field] !== null && o[field] !== '0' && o[field] !== '1'))),

  /**
   * 182: Data entries on immunisations, teeth checks, health assessments and substance misuse
   * problem identified should be completed or all OC2 fields should be left blank.
   */
  rule('182', ['oc2'], (c) =>
    eachOc2(
      c,
      (o) =>
        HEALTH_FIELDS.some((field) => o[field] === null) &&
        (o.CONVICTED !== null || o.HEALTH_CHECK !== null || o.INTERVENTION_RECEIVED !== null || o.INTERVENTION_OFFERED !== null),
    ),
  ),

  /**
   * 185: Child has not been looked after continuously for at least 12 months at 31 March but a
   * Strengths and Difficulties (SDQ) score has been completed.
   */
  rule('185', ['episodes', 'oc2'], (c) => eachOc2(c, (o, continuous) => o.SDQ_SCORE !== null && !continuous)),

  /**
   * 186: Children aged 4 or over at the start of the year and children aged under 17 at the end of
   * the year and who have been looked after for at least 12 months continuously should have a
   * Strengths and Difficulties (SDQ) score completed. (Score or reason.)
   */
  rule('186', ['episodes', 'oc2'], (c) =>
    eachOc2(c, (o, continuous) => {
      const fourth = c.birthday(o.DOB, 4);
      const seventeenth = c.birthday(o.DOB, 17);
      return continuous && fourth !== null && seventeenth !== null && fourth <= c.start && seventeenth > c.end && o.SDQ_SCORE === null && o.SDQ_REASON === null;
    }),
  ),

  /**
   * 187: Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of
   * adoption or care leavers returns completed.
   */
  rule('187', ['oc3', 'ad1', 'episodes'], (c) => {
    const cla = c.continuouslyLookedAfter();
    for (const a of c.rows('ad1')) if (a.CHILD !== null && cla.has(a.CHILD) && AD1_FIELDS.some((field) => has(a, field))) c.flag(a);
    for (const o of c.rows('oc3')) if (o.CHILD !== null && cla.has(o.CHILD) && careLeaverData(o)) c.flag(o);
  }),

  /**
   * 188: Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ)
   * score or a reason for no SDQ score has been completed.
   */
  rule('188', ['oc2'], (c) =>
    eachOc2(c, (o) => {
      const fourth = c.birthday(o.DOB, 4);
      return fourth !== null && fourth > c.end && (o.SDQ_SCORE !== null || o.SDQ_REASON !== null);
    }),
  ),

  /**
   * 189: Child is aged 17 years or over at the beginning of the year, but an Strengths and
   * Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been
   * completed. (17th birthday before 1 April.)
   */
  rule('189', ['oc2'], (c) =>
    eachOc2(c, (o) => {
      const seventeenth = c.birthday(o.DOB, 17);
      return seventeenth !== null && seventeenth < c.start && (o.SDQ_SCORE !== null || o.SDQ_REASON !== null);
    }),
  ),

  /**
   * 190: Child has not been looked after continuously for at least 12 months at 31 March but one or
   * more data items relating to children looked after for 12 months have been completed.
   */
  rule('190', ['oc2', 'episodes'], (c) => eachOc2(c, (o, continuous) => !continuous && anyOc2(o))),

  /**
   * 191: Child has been looked after continuously for at least 12 months at 31 March but one or more
   * data items relating to children looked after for 12 months have been left blank. (Also fails on
   * the first episode of such a child with no OC2 row.)
   */
  rule('191', ['oc2', 'episodes'], (c) => {
    eachOc2(c, (o, continuous) => continuous && HEALTH_FIELDS.some((field) => o[field] === null));
    const cla = c.continuouslyLookedAfter();
    for (const child of c.children().values()) {
      if (!cla.has(child.id) || child.oc2.length > 0) continue;
      const first = earliest(child.episodes, (e) => e.DECOM);
      if (first) c.flag(first);
    }
  }),

  /**
   * 192: Child has been identified as having a substance misuse problem but the additional item on
   * whether an intervention was received has been left blank.
   */
  rule('192', ['oc2'], (c) => eachOc2(c, (o) => o.SUBSTANCE_MISUSE === '1' && o.INTERVENTION_RECEIVED === null)),

  /**
   * 193: Child not identified as having a substance misuse problem but at least one of the two
   * additional items on whether an intervention were offered and received have been completed.
   */
  rule('193', ['oc2'], (c) =>
    eachOc2(
      c,
      (o) => (o.SUBSTANCE_MISUSE === null || o.SUBSTANCE_MISUSE === '0') && (o.INTERVENTION_RECEIVED !== null || o.INTERVENTION_OFFERED !== null),
    ),
  ),

  /** 196: Strengths and Difficulties (SDQ) reason is not a valid code. */
  rule('196', ['oc2'], (c) => {
    const reasons = codes('SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5');
    eachOc2(c, (o) => o.SDQ_REASON !== null && !reasons.has(o.SDQ_REASON));
  }),

  /**
   * 197a: Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and
   * Difficulties Questionnaire score is filled in.
   */
  rule('197a', ['oc2'], (c) => eachOc2(c, (o) => o.SDQ_SCORE !== null && o.SDQ_REASON !== null)),

  /**
   * 197B: SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds. (Continuously
   * looked after children whose 4th or 17th birthday falls in the year.)
   */
  rule('197B', ['oc2', 'episodes'], (c) =>
    eachOc2(c, (o, continuous) => {
      const fourth = c.birthday(o.DOB, 4);
      const seventeenth = c.birthday(o.DOB, 17);
      return (inYear(fourth, c) || inYear(seventeenth, c)) && continuous && o.SDQ_SCORE === null && o.SDQ_REASON === null;
    }),
  ),

  /**
   * 198: Child has not been looked after continuously for at least 12 months at 31 March but a reason
   * for no Strengths and Difficulties (SDQ) score has been completed.
   */
  rule('198', ['episodes', 'oc2'], (c) => eachOc2(c, (o, continuous) => o.SDQ_REASON !== null && !continuous)),

  /** 542: A child aged under 10 at 31 March should not have conviction information completed. */
  rule('542', ['oc2'], (c) =>
    eachOc2(c, (o) => {
      const tenth = c.birthday(o.DOB, 10);
      return tenth !== null && tenth > c.end && o.CONVICTED !== null;
    }),
  ),

  /**
   * 543: Child is aged 10 or over at 31 March and has been looked after continuously for 12 months
   * yet conviction information has not been completed.
   */
  rule('543', ['oc2', 'episodes'], (c) =>
    eachOc2(c, (o, continuous) => {
      const tenth = c.birthday(o.DOB, 10);
      return tenth !== null && c.end > tenth && continuous && o.CONVICTED === null;
    }),
  ),

  /**
   * 544: Any child who has conviction information completed must also have immunisation, teeth
   * check, health assessment and substance misuse problem identified fields completed.
   */
  rule('544', ['oc2'], (c) => eachOc2(c, (o) => o.CONVICTED === '1' && HEALTH_FIELDS.some((field) => o[field] === null))),

  /**
   * 545: Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet
   * health promotion information has not been completed.
   */
  rule('545', ['oc2', 'episodes'], (c) =>
    eachOc2(c, (o, continuous) => {
      const fifth = c.birthday(o.DOB, 5);
      return fifth !== null && c.end < fifth && continuous && o.HEALTH_CHECK === null;
    }),
  ),

  /** 546: Children aged 5 or over at 31 March should not have health promotion information completed. (Continuously looked after.) */
  rule('546', ['oc2', 'episodes'], (c) =>
    eachOc2(c, (o, continuous) => {
      const fifth = c.birthday(o.DOB, 5);
      return fifth !== null && c.end >= fifth && continuous && o.HEALTH_CHECK !== null;
    }),
  ),

  /**
   * 547: Any child who has health promotion information completed must also have immunisation, teeth
   * check, health assessment and substance misuse problem identified fields completed.
   */
  rule('547', ['oc2'], (c) => eachOc2(c, (o) => o.HEALTH_CHECK === '1' && HEALTH_FIELDS.some((field) => o[field] === null))),

  /** 131: Data entry for being in touch after leaving care is invalid. */
  rule('131', ['oc3'], (c) => {
    const inTouch = codes('YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM');
    for (const o of c.rows('oc3')) if (!isIn(o.IN_TOUCH, inTouch)) c.flag(o);
  }),

  /** 132: Data entry for activity after leaving care is invalid. */
  rule('132', ['oc3'], (c) => {
    const activity = codes('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0');
    for (const o of c.rows('oc3')) if (!isIn(o.ACTIV, activity)) c.flag(o);
  }),

  /**
   * 133: Data entry for accommodation after leaving care is invalid. If reporting on a childs
   * accommodation after leaving care the data entry must be valid.
   */
  rule('133', ['oc3'], (c) => {
    const accommodation = codes(
      'B1', 'B2', 'C1', 'C2', 'D1', 'D2', 'E1', 'E2', 'G1', 'G2', 'H1', 'H2', 'K1', 'K2', 'R1', 'R2',
      'S2', 'T1', 'T2', 'U1', 'U2', 'V1', 'V2', 'W1', 'W2', 'X2', 'Y1', 'Y2', 'Z1', 'Z2', '0',
    );
    for (const o of c.rows('oc3')) if (!isIn(o.ACCOM, accommodation)) c.flag(o);
  }),

  /** 153: All data items relating to a child's activity or accommodation after leaving care must be coded or left blank. */
  rule('153', ['oc3'], (c) => {
    for (const o of c.rows('oc3')) {
      const filled = [o.IN_TOUCH, o.ACTIV, o.ACCOM].filter((v) => v !== null).length;
      if (filled > 0 && filled < 3) c.flag(o);
    }
  }),

  /**
   * 344: The record shows the young person has died or returned home to live with parent(s) or
   * someone with parental responsibility for a continuous period of 6 months or more, but activity
   * and/or accommodation on leaving care have been completed. (Both must be 0.)
   */
  rule('344', ['oc3'], (c) => {
    for (const o of c.rows('oc3')) if ((o.IN_TOUCH === 'DIED' || o.IN_TOUCH === 'RHOM') && (o.ACTIV !== '0' || o.ACCOM !== '0')) c.flag(o);
  }),

  /**
   * 345: The data collection record shows the local authority is in touch with this young person,
   * but activity and/or accommodation data items are zero.
   */
  rule('345', ['oc3'], (c) => {
    for (const o of c.rows('oc3')) if (o.IN_TOUCH === 'YES' && (o.ACTIV === '0' || o.ACCOM === '0')) c.flag(o);
  }),

  // Differs from data-to-insight: it tests ACCOM = 'T', which is not a code (Foyer is T1 or T2:
  // suitable or not), so it never reports; this tests T1 and T2 (and T).
  /**
   * 347: Care leavers aged under 18 years, can not be accommodated in a Foyer. (Accommodation T1 or
   * T2, Foyer suitable or not, with the young person under 18 at the start of the year.)
   */
  rule('347', ['oc3'], (c) => {
    for (const o of c.rows('oc3')) {
      if (o.DOB !== null && (o.ACCOM === 'T1' || o.ACCOM === 'T2' || o.ACCOM === 'T') && daysBetween(o.DOB, c.start) <= UNDER_18_YEARS) c.flag(o);
    }
  }),

  /** 391: Young person was not 17, 18, 19, 20 or 21 during the current collection year. (Under 17 at 31 March.) */
  rule('391', ['oc3'], (c) => {
    for (const o of c.rows('oc3')) {
      const seventeenth = c.birthday(o.DOB, 17);
      if (seventeenth !== null && seventeenth > c.end && careLeaverData(o)) c.flag(o);
    }
  }),

  /**
   * 215: Child has care leaver information but one or more data items relating to children looked
   * after for 12 months have been completed.
   */
  rule('215', ['oc3', 'oc2'], (c) => {
    for (const child of c.childrenWith('oc3')) {
      for (const o3 of child.oc3) {
        if (!careLeaverData(o3)) continue;
        for (const o2 of child.oc2) {
          if (anyOc2(o2)) {
            c.flag(o3);
            c.flag(o2);
          }
        }
      }
    }
  }),

  // Differs from data-to-insight: it counts an episode as spanning the birthday only if DEC is after it,
  // so a child still looked after (no DEC) never fails; here an open episode spans it.
  /**
   * 1007: Care leaver information is not required for 17- or 18-year olds who are still looked after
   * [on their 17th or 18th birthday.] (Aged 17 or 18 at 31 March, with an episode spanning the last
   * birthday; an open episode spans it.)
   */
  rule('1007', ['episodes', 'oc3'], (c) => {
    for (const child of c.childrenWith('oc3')) {
      for (const o of child.oc3) {
        if (o.DOB === null || !careLeaverData(o)) continue;
        const seventeenth = c.birthday(o.DOB, 17) as string;
        const nineteenth = c.birthday(o.DOB, 19) as string;
        if (!(seventeenth <= c.end && nineteenth > c.end)) continue;
        let birthday = c.birthday(o.DOB, Number(c.end.slice(0, 4)) - Number(o.DOB.slice(0, 4))) as string;
        if (birthday > c.end) birthday = c.birthday(o.DOB, Number(c.end.slice(0, 4)) - Number(o.DOB.slice(0, 4)) - 1) as string;
        if (child.episodes.some((e) => e.DECOM !== null && e.DECOM <= birthday && (e.DEC === null || e.DEC > birthday))) c.flag(o);
      }
    }
  }),

  /**
   * 1011: This child is recorded as having his/her care transferred to another local authority for
   * the final episode and therefore should not have the care leaver information completed. (Latest
   * episode ended E3.)
   */
  rule('1011', ['oc3', 'episodes'], (c) => {
    for (const child of c.childrenWith('oc3')) {
      const last = latest(child.episodes, (e) => e.DECOM);
      if (last?.REC !== 'E3') continue;
      for (const o of child.oc3) if (careLeaverData(o)) c.flag(o);
    }
  }),

  /**
   * 1016: Care leaver information is not required for 17- or 18-year olds who cease to be looked
   * after, after their birthday. (Aged 17 at 31 March with an episode ending on or after the 17th
   * birthday, or aged 18 with one ending on or after the 18th.)
   */
  rule('1016', ['oc3', 'episodes'], (c) => {
    for (const child of c.childrenWith('oc3')) {
      for (const o of child.oc3) {
        if (o.DOB === null || !careLeaverData(o)) continue;
        const age = daysBetween(o.DOB, c.end);
        const seventeenth = c.birthday(o.DOB, 17) as string;
        const eighteenth = c.birthday(o.DOB, 18) as string;
        for (const e of child.episodes) {
          if (e.DEC === null) continue;
          const aged17 = age >= AT_LEAST_17_YEARS && age <= UNDER_18_YEARS && e.DEC >= seventeenth;
          const aged18 = age > UNDER_18_YEARS && age <= UNDER_19_YEARS && e.DEC >= eighteenth;
          if (aged17 || aged18) c.flag(o);
        }
      }
    }
  }),

  /**
   * 3001: Where care leavers information is being returned for a young person around their 17th
   * birthday, the accommodation cannot be with their former foster carer(s). (Z1/Z2 with the 17th
   * birthday in the year.)
   */
  rule('3001', ['header', 'oc3'], (c) => {
    for (const o of c.rows('oc3')) {
      if (o.ACCOM !== 'Z1' && o.ACCOM !== 'Z2') continue;
      const headers = c.child(o.CHILD)?.header ?? [];
      if (headers.some((h) => {
        const seventeenth = c.birthday(h.DOB, 17);
        return seventeenth !== null && seventeenth >= c.start && seventeenth <= c.end;
      })) c.flag(o);
    }
  }),

  /**
   * 165: Data entry for mother status is invalid. (MOTHER, if given, must be 0 or 1 and only for a
   * girl; a girl looked after in the year needs it; a girl with care leaver data and no episode in
   * the year must not have it.) Sex is read in the codes of 2024-25 onwards (M, F) and before (1, 2).
   */
  rule('165', ['header', 'episodes', 'oc3'], (c) => {
    for (const child of c.children().values()) {
      const episodes = child.episodes.filter((e) => !isIn(e.LS, RESPITE));
      if (episodes.length === 0) continue;
      const inYear = episodes.some((e) => e.DECOM !== null && e.DECOM <= c.end && (e.DEC ?? c.end) >= c.start);
      const careLeaverRows: (Oc3Row | undefined)[] = child.oc3.length > 0 ? child.oc3 : [undefined];
      for (const h of child.header) {
        const mother = h.MOTHER !== null;
        for (const o of careLeaverRows) {
          const invalid = mother && h.MOTHER !== '0' && h.MOTHER !== '1';
          const fails =
            invalid ||
            (mother && isMale(h)) ||
            (!mother && isFemale(h) && inYear) ||
            (mother && isFemale(h) && !inYear && o !== undefined && careLeaverData(o));
          if (fails) {
            c.flag(h);
            if (o) c.flag(o);
          }
        }
      }
    }
  }),

  /** 628: Motherhood details are not required for care leavers who have not been looked after during the year. */
  rule('628', ['episodes', 'header', 'oc3'], (c) => {
    for (const child of c.childrenWith('oc3')) {
      if (child.episodes.length > 0 || !child.oc3.some(careLeaverData)) continue;
      for (const h of child.header) if (h.MOTHER !== null) c.flag(h);
    }
  }),
];
