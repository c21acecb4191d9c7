/**
 * Generates a realistic CIN census of N children, deterministically from a seed, optionally with
 * errors planted in some children (each planted error breaks one rule, and sometimes others with it).
 *
 *   npx tsx bench/cin-generate.ts --children 5000 --seed 1 [--errors 0.3] [--year 2026]
 *       [--duplicate-ids] [--messy-dates] [--bad-header] --out census.xml
 *
 * --errors R        plant errors in a fraction R of children (default 0: a clean return)
 * --duplicate-ids   also plant duplicate LAchildIDs (8510); the reference validator merges such
 *                   children, so other rules differ on them
 * --messy-dates     also write some dates as DD/MM/YYYY (which Haven reads as missing)
 * --bad-header      a reference date that is not 31 March of the year (rule 100)
 * --return-level    protection plans without ICPCs (2883) and one disability per child (2888Q)
 *
 * Without --errors the return is clean except for the return-level queries a real return can
 * trip (2886Q, 2887Q, 2888Q), which depend on the mix of children.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addDays, addMonths, dayOfWeek } from '../src/core/dates.ts';
import type { Assessment, ChildProtectionPlan, CinChild, CinDetails, CinHeader, CinPlanDates, Section47 } from '../src/modules/returns/cin/model.ts';
import { newCinDetails } from '../src/modules/returns/cin/model.ts';
import { CIN_CENSUS_CLOSING, cinCensusOpening, cinChildXml } from '../src/modules/returns/cin/write.ts';
import { Random } from './random.ts';

export type GenerateOptions = {
  children: number;
  seed: number;
  /** Fraction of children with planted errors. */
  errors?: number;
  /** The census year: 2026 for 2025-26. */
  year?: number;
  /** The local authority in the header (<LEA>; default 201): an import loads only into its partnership. */
  lea?: string;
  duplicateIds?: boolean;
  messyDates?: boolean;
  badHeader?: boolean;
  /** Break the return-level rules: protection plans without conferences (2883), one disability each (2888Q). */
  returnLevel?: boolean;
};


const ETHNICITIES = ['WBRI', 'WBRI', 'WBRI', 'WBRI', 'WIRI', 'WIRT', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT'];
const DISABILITIES = ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA'];
const SOURCES = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10'];
const NEEDS = ['N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9', 'N0'];
const FACTORS = ['1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C', '6A', '6B', '6C', '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A', '15A', '16A', '17A', '18B', '18C', '19B', '19C', '20', '22A', '23A', '24A'];
const ABUSE = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'];
const UPN_CHECK = 'ABCDEFGHJKLMNPQRTUVWXYZ';

const min = (a: string, b: string): string => (a < b ? a : b);
const max = (a: string, b: string): string => (a > b ? a : b);

/** Monday to Friday on or after `date` (the generator ignores bank holidays; rules only look at weekends). */
function weekdayOnOrAfter(date: string): string {
  const weekday = dayOfWeek(date);
  return weekday === 6 ? addDays(date, 2) : weekday === 0 ? addDays(date, 1) : date;
}

/** The first date on or after `date` that is the given day of the week (0 Sunday .. 6 Saturday). */
function nextDayOfWeek(date: string, weekday: number): string {
  return addDays(date, (weekday - dayOfWeek(date) + 7) % 7);
}

function upnWithCheckLetter(digits12: string): string {
  let sum = 0;
  for (let position = 2; position <= 13; position += 1) sum += Number(digits12[position - 2]) * position;
  return `${UPN_CHECK[sum % 23]}${digits12}`;
}

type Census = { referenceDate: string; start: string; rng: Random; seq: number; previous: CinChild[] };

/** The dates inside which an episode's activity falls. */
type Span = { from: string; to: string; open: boolean };

function makeAssessment(c: Census, span: Span): Assessment | undefined {
  const start = addDays(span.from, c.rng.int(0, 5));
  if (start > span.to) return undefined;
  let authorised: string | undefined = weekdayOnOrAfter(addDays(start, c.rng.int(7, 55)));
  if (authorised > span.to) {
    // Still going at the end of the episode: only an open episode can have an open assessment,
    // and then only a recent one (rule 8670Q queries one older than 45 working days).
    if (!span.open || start < addDays(c.referenceDate, -50) || start < c.start) authorised = span.to;
    else authorised = undefined;
  }
  if (authorised !== undefined && authorised < c.start) return undefined; // completed before this census
  if (authorised === undefined && start < c.start) return undefined;
  const assessment: Assessment = { assessmentActualStartDate: start, assessmentAuthorisationDate: authorised };
  if (authorised !== undefined) {
    assessment.assessmentFactors = c.rng.chance(0.08) ? ['21'] : c.rng.pickSome(FACTORS, c.rng.int(1, 4));
  }
  return assessment;
}

function makeReviews(c: Census, plan: ChildProtectionPlan, until: string): void {
  const dates: string[] = [];
  let review = weekdayOnOrAfter(addMonths(plan.cppStartDate ?? until, 3));
  while (review <= until && (plan.cppEndDate === undefined || review <= plan.cppEndDate)) {
    if (review >= c.start) dates.push(review);
    review = weekdayOnOrAfter(addMonths(review, 6));
  }
  if (dates.length > 0) plan.reviews = { cppReviewDates: dates };
}

/** An episode of need over `span`; `nfa` for a referral with no further action. */
function makeEpisode(c: Census, span: Span, nfa: boolean, died: boolean): CinDetails {
  const r = c.rng;
  const episode = newCinDetails();
  episode.cinReferralDate = span.from;
  episode.referralSource = r.pick(SOURCES);
  episode.referralNfa = nfa ? r.pick(['1', 'true', '1']) : r.pick(['0', 'false', '0']);
  if (!nfa || r.chance(0.5)) episode.primaryNeedCode = r.pick(NEEDS);
  if (nfa) {
    episode.cinClosureDate = span.from;
    episode.reasonForClosure = 'RC7';
    return episode;
  }
  const assessment = makeAssessment(c, span);
  if (assessment !== undefined) episode.assessments.push(assessment);
  const afterAssessment = assessment?.assessmentActualStartDate ?? span.from;
  let activityEnd = assessment?.assessmentAuthorisationDate ?? afterAssessment;
  let cppEnd: string | undefined;
  let hasOpenCpp = false;

  const s47Start = addDays(afterAssessment, r.int(0, 8));
  if (assessment !== undefined && s47Start <= span.to && r.chance(0.3)) {
    const s47: Section47 = { s47ActualStartDate: s47Start, icpcNotRequired: '0' };
    const target = weekdayOnOrAfter(addDays(s47Start, 15));
    s47.initialCpcTarget = target;
    if (r.chance(0.15)) {
      s47.icpcNotRequired = r.pick(['1', 'true']);
    } else {
      const icpc = weekdayOnOrAfter(addDays(s47Start, r.int(8, 20)));
      if (icpc <= span.to) s47.dateOfInitialCpc = icpc;
      else if (!span.open || s47Start < addDays(c.referenceDate, -18) || s47Start < c.start) s47.icpcNotRequired = '1';
    }
    const icpc = s47.dateOfInitialCpc;
    const s47Counts = (icpc !== undefined && icpc >= c.start) || (icpc === undefined && s47Start >= c.start);
    if (s47Counts) {
      episode.section47.push(s47);
      activityEnd = max(activityEnd, icpc ?? s47Start);
      if (icpc !== undefined && r.chance(0.7)) {
        const plan: ChildProtectionPlan = {
          cppStartDate: icpc,
          initialCategoryOfAbuse: r.pick(ABUSE),
          latestCategoryOfAbuse: r.pick(ABUSE),
          numberOfPreviousCpp: String(r.pick([0, 0, 0, 1, 1, 2, 3])),
        };
        const end = addDays(icpc, r.int(60, 500));
        if (end <= span.to) plan.cppEndDate = end;
        else if (span.open && !died) hasOpenCpp = true;
        else plan.cppEndDate = span.to > icpc ? span.to : undefined;
        if (plan.cppEndDate === undefined && !span.open) plan.cppEndDate = addDays(icpc, 1);
        makeReviews(c, plan, min(span.to, c.referenceDate));
        episode.childProtectionPlans.push(plan);
        cppEnd = plan.cppEndDate;
        activityEnd = max(activityEnd, plan.cppEndDate ?? icpc);
      }
    }
  }

  // A child in need plan: after a protection plan has ended, or instead of one.
  if (!hasOpenCpp && r.chance(episode.childProtectionPlans.length > 0 ? 0.4 : 0.45)) {
    const start = cppEnd ?? addDays(assessment?.assessmentAuthorisationDate ?? afterAssessment, r.int(0, 10));
    if (start <= span.to && start <= c.referenceDate) {
      const plan: CinPlanDates = { cinPlanStartDate: start };
      const end = addDays(start, r.int(30, 300));
      if (end <= span.to) plan.cinPlanEndDate = end;
      else if (!span.open) plan.cinPlanEndDate = span.to;
      if (plan.cinPlanEndDate === plan.cinPlanStartDate) plan.cinPlanEndDate = undefined;
      const countable = (plan.cinPlanEndDate ?? c.referenceDate) >= c.start;
      if (countable && (plan.cinPlanEndDate !== undefined || span.open)) {
        episode.cinPlanDates.push(plan);
        activityEnd = max(activityEnd, plan.cinPlanEndDate ?? start);
      }
    }
  }

  if (!span.open) {
    episode.cinClosureDate = max(span.to, activityEnd);
    const noActivity = episode.section47.length + episode.childProtectionPlans.length + episode.cinPlanDates.length === 0;
    const onlyAssessed = noActivity && episode.assessments.length === 1;
    const noFactors = episode.assessments[0]?.assessmentFactors?.includes('21') === true;
    if (died) episode.reasonForClosure = 'RC2';
    else if (noFactors && !onlyAssessed) episode.reasonForClosure = r.pick(['RC1', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC7', 'RC7']);
    else if (onlyAssessed && (noFactors || r.chance(0.4))) episode.reasonForClosure = r.pick(['RC8', 'RC9']);
    else episode.reasonForClosure = r.pick(['RC1', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC7', 'RC7']);
  }
  // "No factors identified" goes with closing after assessment (rule 8873Q); otherwise some factors.
  const only = episode.assessments.length === 1 ? episode.assessments[0] : undefined;
  const closedAfterAssessment = episode.reasonForClosure === 'RC8' || episode.reasonForClosure === 'RC9';
  if (only?.assessmentFactors?.includes('21') && !closedAfterAssessment) only.assessmentFactors = r.pickSome(FACTORS, r.int(1, 3));
  return episode;
}

function makeChild(c: Census): CinChild {
  const r = c.rng;
  c.seq += 1;
  const ref = c.referenceDate;
  const unborn = r.chance(0.01);
  const child: CinChild = { identifiers: { laChildId: `C${String(c.seq).padStart(7, '0')}` }, characteristics: { disabilities: [] }, cinDetails: [] };
  const id = child.identifiers;
  const ageDays = r.int(30, 17 * 365);
  if (unborn) {
    id.expectedPersonBirthDate = addDays(ref, r.int(-20, 200));
    id.sex = 'U';
  } else {
    id.personBirthDate = addDays(ref, -ageDays);
    id.sex = r.chance(0.005) ? 'U' : r.pick(['M', 'F']);
  }
  const schoolAge = id.personBirthDate !== undefined && id.personBirthDate <= addMonths(addDays(addMonths(ref, 4), 31), -72);
  if (schoolAge && r.chance(0.95)) {
    id.upn = upnWithCheckLetter(`${r.pick(['201', '302', '873', '926', '380'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}0`);
  } else if (!unborn && !schoolAge && r.chance(0.2)) {
    id.upn = upnWithCheckLetter(`${r.pick(['201', '302'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}${r.int(0, 9)}`);
  } else {
    id.upnUnknown = schoolAge ? r.pick(['UN2', 'UN3', 'UN4', 'UN5', 'UN6']) : 'UN1';
  }
  if (id.upn !== undefined && r.chance(0.02)) id.formerUpn = upnWithCheckLetter(`201${String(r.int(0, 99_999_999)).padStart(8, '0')}1`);
  child.characteristics.ethnicity = r.pick(ETHNICITIES);
  if (!unborn || r.chance(0.5)) {
    const kind = r.next();
    child.characteristics.disabilities = kind < 0.85 ? ['NONE'] : kind < 0.96 ? [r.pick(DISABILITIES)] : r.pickSome(DISABILITIES, r.int(2, 3));
  }

  // Episodes: the earlier ones closed within the census year, the last one closed or still open.
  const born = id.personBirthDate ?? id.expectedPersonBirthDate ?? ref;
  const died = !unborn && r.chance(0.004);
  const count = r.chance(0.8) ? 1 : r.chance(0.85) ? 2 : 3;
  let from = max(addDays(born, -r.int(0, 200)), addDays(c.start, -r.int(0, 700)));
  if (from > addDays(ref, -5 * count)) from = addDays(ref, -5 * count - r.int(0, 100));
  from = min(max(from, addDays(born, -270)), ref);
  for (let i = 0; i < count; i += 1) {
    const last = i === count - 1;
    const nfa = from >= c.start && !died && r.chance(0.12);
    let to: string;
    let open = false;
    if (!last) {
      to = min(max(addDays(from, r.int(20, 300)), addDays(c.start, r.int(0, 60))), addDays(ref, -5 * (count - i)));
    } else if (died || r.chance(0.4)) {
      to = min(max(addDays(from, r.int(20, 300)), addDays(c.start, r.int(0, 200))), ref);
    } else {
      to = ref;
      open = true;
    }
    if (to < from) to = from;
    const episode = makeEpisode(c, { from, to, open }, nfa, died && last);
    child.cinDetails.push(episode);
    if (died && last) id.personDeathDate = episode.cinClosureDate;
    from = min(addDays(episode.cinClosureDate ?? to, r.int(0, 40)), ref);
  }
  if (id.upnUnknown === 'UN7') id.upnUnknown = 'UN2';
  return child;
}

// ---------------------------------------------------------------------------------------------
// Planted errors: each takes a clean child and breaks it. The comment names the rule aimed at.

type Mutation = (child: CinChild, c: Census) => void;

function episodeOf(child: CinChild, c: Census): CinDetails {
  let episode = child.cinDetails.find((e) => !/^(1|true)$/.test(e.referralNfa ?? ''));
  if (episode === undefined) {
    episode = newCinDetails();
    episode.cinReferralDate = addDays(c.start, 30);
    episode.referralSource = '1A';
    episode.primaryNeedCode = 'N1';
    episode.referralNfa = '0';
    child.cinDetails.push(episode);
  }
  return episode;
}

function assessmentOf(child: CinChild, c: Census): Assessment {
  const episode = episodeOf(child, c);
  let assessment = episode.assessments[0];
  if (assessment === undefined) {
    const start = max(episode.cinReferralDate ?? c.start, c.start);
    assessment = { assessmentActualStartDate: start, assessmentAuthorisationDate: addDays(start, 20), assessmentFactors: ['3A'] };
    episode.assessments.push(assessment);
  }
  return assessment;
}

function section47Of(child: CinChild, c: Census): Section47 {
  const episode = episodeOf(child, c);
  let s47 = episode.section47[0];
  if (s47 === undefined) {
    const start = weekdayOnOrAfter(max(episode.cinReferralDate ?? c.start, c.start));
    s47 = { s47ActualStartDate: start, initialCpcTarget: weekdayOnOrAfter(addDays(start, 15)), dateOfInitialCpc: weekdayOnOrAfter(addDays(start, 10)), icpcNotRequired: '0' };
    episode.section47.push(s47);
    if (episode.assessments.length === 0) assessmentOf(child, c);
  }
  return s47;
}

function protectionPlanOf(child: CinChild, c: Census): ChildProtectionPlan {
  const episode = episodeOf(child, c);
  let plan = episode.childProtectionPlans[0];
  if (plan === undefined) {
    const s47 = section47Of(child, c);
    s47.dateOfInitialCpc ??= weekdayOnOrAfter(addDays(s47.s47ActualStartDate ?? c.start, 10));
    s47.icpcNotRequired = '0';
    plan = { cppStartDate: s47.dateOfInitialCpc, initialCategoryOfAbuse: 'NEG', latestCategoryOfAbuse: 'NEG', numberOfPreviousCpp: '0' };
    episode.childProtectionPlans.push(plan);
  }
  return plan;
}

function cinPlanOf(child: CinChild, c: Census): CinPlanDates {
  const episode = episodeOf(child, c);
  let plan = episode.cinPlanDates[0];
  if (plan === undefined) {
    const start = max(episode.cinReferralDate ?? c.start, c.start);
    plan = { cinPlanStartDate: addDays(start, 30), cinPlanEndDate: addDays(start, 90) };
    episode.cinPlanDates.push(plan);
  }
  return plan;
}

const MUTATIONS: Record<string, Mutation> = {
  // 1510: wrong check letter
  upnCheckLetter: (child) => {
    const upn = child.identifiers.upn ?? upnWithCheckLetter('201123456780');
    child.identifiers.upn = `${upn[0] === 'A' ? 'B' : 'A'}${upn.slice(1)}`;
  },
  // 1520: a UPN another child has
  upnDuplicate: (child, c) => {
    const other = c.previous.find((p) => p.identifiers.upn !== undefined);
    if (other) child.identifiers.upn = other.identifiers.upn;
  },
  // 1530: not an LA code
  upnLa: (child) => (child.identifiers.upn = upnWithCheckLetter('999123456780')),
  // 1540: a letter among characters 5-12
  upnNonNumeric: (child) => (child.identifiers.upn = 'A2011234X6780'),
  // 1550: I at character 13
  upnLastCharacter: (child) => (child.identifiers.upn = `${(child.identifiers.upn ?? 'A201123456780').slice(0, 12)}I`),
  // 1560Q
  formerUpn: (child, c) => (child.identifiers.formerUpn = c.rng.pick(['12345', 'A20112345678X', '1201123456789'])),
  // 1570
  longId: (child) => (child.identifiers.laChildId = `${child.identifiers.laChildId}LONGLONGLONGLONG`),
  // 1580
  idPunctuation: (child) => (child.identifiers.laChildId = `${child.identifiers.laChildId}-X`),
  // 4180 (and 2886Q when common)
  sex: (child, c) => (child.identifiers.sex = c.rng.pick([undefined, 'X', '1', 'm'])),
  // 8520
  bornAfterCensus: (child, c) => {
    child.identifiers.personBirthDate = addDays(c.referenceDate, 20);
    child.identifiers.expectedPersonBirthDate = undefined;
  },
  // 8525Q
  bothBirthDates: (child, c) => {
    if (c.rng.chance(0.5)) {
      child.identifiers.personBirthDate ??= addDays(c.referenceDate, -400);
      child.identifiers.expectedPersonBirthDate = addDays(c.referenceDate, 30);
    } else {
      child.identifiers.personBirthDate = undefined;
      child.identifiers.expectedPersonBirthDate = undefined;
    }
  },
  // 8530Q and 8750
  unbornOutOfRange: (child, c) => {
    child.identifiers.personBirthDate = undefined;
    child.identifiers.expectedPersonBirthDate = addDays(c.referenceDate, c.rng.pick([-60, 300, 400]));
    child.identifiers.sex = c.rng.pick(['U', 'F']);
  },
  // 8535Q, 8545Q, 8555Q, 8585Q, 4008, 4009Q, 8915, 8920
  deathDates: (child, c) => {
    const r = c.rng;
    const which = r.int(0, 6);
    const first = child.cinDetails[0];
    if (which === 0) child.identifiers.personDeathDate = addDays(child.identifiers.personBirthDate ?? c.start, -10);
    else if (which === 1) child.identifiers.personDeathDate = addDays(c.start, -40);
    else if (which === 2 && first) child.identifiers.personDeathDate = addDays(first.cinReferralDate ?? c.start, -5);
    else if (which === 3 && first) {
      first.cinClosureDate ??= c.referenceDate;
      first.reasonForClosure = 'RC2';
      child.identifiers.personDeathDate = undefined;
    } else if (which === 4) {
      const plan = cinPlanOf(child, c);
      child.identifiers.personDeathDate = addDays(plan.cinPlanStartDate ?? c.start, r.pick([-3, 3]));
    } else {
      const plan = protectionPlanOf(child, c);
      plan.cppEndDate ??= addDays(plan.cppStartDate ?? c.start, 40);
      child.identifiers.personDeathDate = addDays(plan.cppStartDate ?? c.start, r.pick([-2, 5]));
    }
  },
  // 8590
  noEpisodes: (child) => (child.cinDetails = []),
  // 8770Q
  schoolAgeNoUpn: (child, c) => {
    child.identifiers.personBirthDate = addDays(c.referenceDate, -9 * 365);
    child.identifiers.expectedPersonBirthDate = undefined;
    child.identifiers.upn = undefined;
    child.identifiers.upnUnknown = c.rng.pick(['UN1', undefined, 'UN9']);
    episodeOf(child, c);
  },
  // 8772
  un7: (child, c) => {
    child.identifiers.upnUnknown = 'UN7';
    child.identifiers.upn = undefined;
    episodeOf(child, c);
  },
  // 8775Q
  over25: (child, c) => (child.identifiers.personBirthDate = addDays(c.referenceDate, -30 * 365)),
  // 4220
  ethnicity: (child, c) => (child.characteristics.ethnicity = c.rng.pick([undefined, 'WBR', 'white'])),
  // 8540, 8790, 8794
  disability: (child, c) => {
    const which = c.rng.int(0, 3);
    if (which === 0) child.characteristics.disabilities = [];
    else if (which === 1) child.characteristics.disabilities = ['MOB', 'WHEEL'];
    else if (which === 2) child.characteristics.disabilities = ['NONE', 'AUT'];
    else child.characteristics.disabilities = ['LD', 'HEAR', 'LD'];
    if (!child.cinDetails.some((e) => e.referralNfa === '0' || e.referralNfa === 'false')) episodeOf(child, c).referralNfa = '0';
  },
  // 2990, 8825Q
  closedAfterAssessment: (child, c) => {
    const episode = episodeOf(child, c);
    episode.cinClosureDate ??= c.referenceDate;
    episode.reasonForClosure = c.rng.pick(['RC8', 'RC9']);
    if (c.rng.chance(0.5)) section47Of(child, c);
    else episode.assessments = [];
  },
  // 2991Q
  s47WithoutAssessment: (child, c) => {
    section47Of(child, c);
    episodeOf(child, c).assessments = [];
  },
  // 8568, 8569Q, 8831, 8832, 4000, 8610
  nfaFlag: (child, c) => {
    const episode = episodeOf(child, c);
    const which = c.rng.int(0, 5);
    if (which === 0) episode.referralNfa = c.rng.pick([undefined, 'yes', '2']);
    else if (which === 1) {
      episode.cinReferralDate = addDays(c.start, -30);
      episode.referralNfa = '1';
    } else if (which === 2) {
      episode.referralNfa = 'true';
      assessmentOf(child, c);
    } else if (which === 3) {
      protectionPlanOf(child, c);
      episode.referralNfa = '1';
    } else if (which === 4) {
      cinPlanOf(child, c);
      episode.referralNfa = '1';
    } else {
      episode.referralNfa = '0';
      episode.primaryNeedCode = undefined;
    }
  },
  // 8600, 8606, 8866
  referral: (child, c) => {
    const episode = episodeOf(child, c);
    const which = c.rng.int(0, 3);
    if (which === 0) episode.cinReferralDate = undefined;
    else if (which === 1) episode.cinReferralDate = addDays(c.referenceDate, 3);
    else if (which === 2) episode.cinReferralDate = addDays(child.identifiers.personBirthDate ?? c.start, -300);
    else episode.referralSource = c.rng.pick([undefined, '11', '1E']);
  },
  // 8620, 8630, 8640, 8650, 8805, 8810
  closure: (child, c) => {
    const episode = episodeOf(child, c);
    const which = c.rng.int(0, 5);
    if (which === 0) episode.cinClosureDate = addDays(c.referenceDate, 10);
    else if (which === 1) episode.cinClosureDate = addDays(episode.cinReferralDate ?? c.start, -1);
    else if (which === 2) episode.reasonForClosure = 'RC10';
    else if (which === 3) episode.primaryNeedCode = 'N10';
    else if (which === 4) {
      episode.cinClosureDate ??= c.referenceDate;
      episode.reasonForClosure = undefined;
    } else {
      episode.reasonForClosure = 'RC7';
      episode.cinClosureDate = undefined;
    }
  },
  // 8815, 8816, 8820
  episodes: (child, c) => {
    const first = episodeOf(child, c);
    const second = newCinDetails();
    second.cinReferralDate = addDays(first.cinReferralDate ?? c.start, c.rng.int(1, 20));
    second.referralSource = '2A';
    second.primaryNeedCode = 'N4';
    second.referralNfa = '0';
    if (c.rng.chance(0.5)) first.cinClosureDate = undefined;
    else {
      second.cinClosureDate = addDays(second.cinReferralDate, 10);
      second.reasonForClosure = 'RC7';
      first.cinClosureDate = undefined;
      first.reasonForClosure = undefined;
    }
    child.cinDetails.push(second);
  },
  // 1103, 8608, 8614, 8670Q, 8696, 8736, 8867
  assessmentDates: (child, c) => {
    const assessment = assessmentOf(child, c);
    const episode = episodeOf(child, c);
    const which = c.rng.int(0, 6);
    if (which === 0) assessment.assessmentActualStartDate = addDays(episode.cinReferralDate ?? c.start, -3);
    else if (which === 1) assessment.assessmentAuthorisationDate = addDays(assessment.assessmentActualStartDate ?? c.start, -2);
    else if (which === 2) assessment.assessmentAuthorisationDate = undefined;
    else if (which === 3) {
      assessment.assessmentAuthorisationDate = undefined;
      assessment.assessmentFactors = undefined;
      assessment.assessmentActualStartDate = addDays(c.referenceDate, -120);
    } else if (which === 4) assessment.assessmentAuthorisationDate = c.rng.pick([addDays(c.start, -5), addDays(c.referenceDate, 5)]);
    else if (which === 5) {
      assessment.assessmentAuthorisationDate = undefined;
      assessment.assessmentFactors = undefined;
      assessment.assessmentActualStartDate = addDays(c.start, -20);
    } else {
      episode.cinClosureDate ??= c.referenceDate;
      episode.reasonForClosure ??= 'RC7';
      assessment.assessmentAuthorisationDate = undefined;
      assessment.assessmentFactors = undefined;
    }
  },
  // 8863Q, 8896
  twoAssessments: (child, c) => {
    const first = assessmentOf(child, c);
    const second: Assessment = { assessmentActualStartDate: addDays(first.assessmentActualStartDate ?? c.start, 2) };
    if (c.rng.chance(0.5)) first.assessmentAuthorisationDate = undefined;
    episodeOf(child, c).assessments.push(second);
  },
  // 8869, 8873Q, 8897Q, 8898, 8945Q, 8950Q
  factors: (child, c) => {
    const assessment = assessmentOf(child, c);
    assessment.assessmentAuthorisationDate ??= addDays(assessment.assessmentActualStartDate ?? c.start, 20);
    const which = c.rng.int(0, 5);
    if (which === 0) assessment.assessmentFactors = ['21', '3A'];
    else if (which === 1) {
      assessment.assessmentFactors = ['21'];
      const episode = episodeOf(child, c);
      episode.assessments = [assessment];
      episode.reasonForClosure = episode.cinClosureDate === undefined ? undefined : 'RC7';
    } else if (which === 2) assessment.assessmentFactors = c.rng.pick([undefined, ['ZZ'], ['1A', '99']]);
    else if (which === 3) assessment.assessmentFactors = ['2B', '4A', '2B'];
    else if (which === 4) assessment.assessmentFactors = ['18A'];
    else assessment.assessmentFactors = ['19A', '1C'];
  },
  // 1104, 2884, 2889, 8615, 8715, 8870Q, 8875
  s47Dates: (child, c) => {
    const s47 = section47Of(child, c);
    const episode = episodeOf(child, c);
    const which = c.rng.int(0, 7);
    if (which === 0) s47.dateOfInitialCpc = addDays(episode.cinReferralDate ?? c.start, -1);
    else if (which === 1) {
      s47.dateOfInitialCpc ??= weekdayOnOrAfter(addDays(s47.s47ActualStartDate ?? c.start, 10));
      episode.dateOfInitialCpc = s47.dateOfInitialCpc;
    } else if (which === 2) s47.s47ActualStartDate = addDays(episode.cinReferralDate ?? c.start, -2);
    else if (which === 3) s47.s47ActualStartDate = c.rng.pick([undefined, addDays(s47.dateOfInitialCpc ?? c.referenceDate, 3)]);
    else if (which === 4) s47.dateOfInitialCpc = weekdayOnOrAfter(addDays(c.referenceDate, 5));
    else if (which === 5) s47.initialCpcTarget = nextDayOfWeek(s47.s47ActualStartDate ?? c.start, 6);
    else if (which === 6) s47.dateOfInitialCpc = nextDayOfWeek(s47.s47ActualStartDate ?? c.start, 0);
    else s47.dateOfInitialCpc = addDays(c.start, -40);
  },
  // 8675Q, 8740, 8839, 8868, 8890
  openS47: (child, c) => {
    const s47 = section47Of(child, c);
    const episode = episodeOf(child, c);
    s47.dateOfInitialCpc = undefined;
    s47.icpcNotRequired = '0';
    const which = c.rng.int(0, 4);
    if (which === 0) s47.s47ActualStartDate = addDays(c.referenceDate, -60);
    else if (which === 1) s47.s47ActualStartDate = addDays(c.start, -30);
    else if (which === 2) episode.section47.push({ s47ActualStartDate: addDays(s47.s47ActualStartDate ?? c.start, 3), icpcNotRequired: '0' });
    else if (which === 3) {
      episode.cinClosureDate ??= c.referenceDate;
      episode.reasonForClosure ??= 'RC7';
    } else {
      s47.dateOfInitialCpc = weekdayOnOrAfter(addDays(s47.s47ActualStartDate ?? c.start, 12));
      episode.section47.push({ s47ActualStartDate: addDays(s47.s47ActualStartDate ?? c.start, 4), dateOfInitialCpc: s47.dateOfInitialCpc, icpcNotRequired: '0' });
    }
  },
  // 1105, 2885, 2883, 8720, 8730, 8840, 8905, 8910, 8925, 8930
  protectionPlan: (child, c) => {
    const plan = protectionPlanOf(child, c);
    const episode = episodeOf(child, c);
    const which = c.rng.int(0, 9);
    if (which === 0) plan.cppStartDate = addDays(episode.cinReferralDate ?? c.start, -5);
    else if (which === 1) plan.cppStartDate = addDays(plan.cppStartDate ?? c.start, 1);
    else if (which === 2) plan.cppStartDate = c.rng.pick([undefined, addDays(c.referenceDate, 2)]);
    else if (which === 3) plan.numberOfPreviousCpp = c.rng.pick([undefined, '-1']);
    else if (which === 4) plan.cppEndDate = plan.cppStartDate;
    else if (which === 5) plan.initialCategoryOfAbuse = c.rng.pick([undefined, 'NEGLECT']);
    else if (which === 6) plan.latestCategoryOfAbuse = c.rng.pick([undefined, 'XXX']);
    else if (which === 7) plan.cppEndDate = addDays(plan.cppStartDate ?? c.start, -1);
    else if (which === 8) plan.cppEndDate = addDays(c.referenceDate, 30);
    else {
      episode.section47 = [];
      episode.dateOfInitialCpc = undefined;
    }
  },
  // 8841, 8842Q, 4003
  reviews: (child, c) => {
    const plan = protectionPlanOf(child, c);
    const start = plan.cppStartDate ?? c.start;
    const dates = plan.reviews?.cppReviewDates ?? [weekdayOnOrAfter(addMonths(start, 3))];
    const which = c.rng.int(0, 2);
    const at = c.rng.int(0, dates.length - 1);
    if (which === 0) dates[at] = start;
    else if (which === 1) dates[at] = undefined;
    else {
      plan.cppEndDate = addDays(start, 200);
      const cinPlan: CinPlanDates = { cinPlanStartDate: addDays(start, 10), cinPlanEndDate: addDays(start, 150) };
      episodeOf(child, c).cinPlanDates.push(cinPlan);
      dates.splice(0, dates.length, addDays(start, 60));
    }
    plan.reviews = { cppReviewDates: dates };
  },
  // 8935, 8940
  twoProtectionPlans: (child, c) => {
    const plan = protectionPlanOf(child, c);
    const second: ChildProtectionPlan = { ...plan, reviews: undefined, cppStartDate: addDays(plan.cppStartDate ?? c.start, 20) };
    if (c.rng.chance(0.5)) {
      plan.cppEndDate = undefined;
      second.cppEndDate = undefined;
    }
    episodeOf(child, c).childProtectionPlans.push(second);
  },
  // 4001, 4004, 4010, 4011, 4012Q, 4013, 4014, 4015, 4016, 4017
  cinPlan: (child, c) => {
    const plan = cinPlanOf(child, c);
    const episode = episodeOf(child, c);
    const which = c.rng.int(0, 9);
    if (which === 0) {
      protectionPlanOf(child, c).cppEndDate = undefined;
      plan.cinPlanEndDate = undefined;
    } else if (which === 1) {
      plan.cinPlanEndDate = undefined;
      episode.cinPlanDates.push({ cinPlanStartDate: addDays(plan.cinPlanStartDate ?? c.start, 5) });
    } else if (which === 2) plan.cinPlanStartDate = c.rng.pick([undefined, addDays(c.referenceDate, 4)]);
    else if (which === 3) plan.cinPlanEndDate = addDays(plan.cinPlanStartDate ?? c.start, -4);
    else if (which === 4) plan.cinPlanEndDate = plan.cinPlanStartDate;
    else if (which === 5) plan.cinPlanEndDate = addDays(c.referenceDate, 40);
    else if (which === 6) episode.cinPlanDates.push({ cinPlanStartDate: addDays(plan.cinPlanStartDate ?? c.start, 3), cinPlanEndDate: addDays(plan.cinPlanStartDate ?? c.start, 30) });
    else if (which === 7) plan.cinPlanStartDate = addDays(episode.cinReferralDate ?? c.start, -7);
    else if (which === 8) {
      const cpp = protectionPlanOf(child, c);
      plan.cinPlanStartDate = addDays(cpp.cppStartDate ?? c.start, 5);
    } else {
      const cpp = protectionPlanOf(child, c);
      plan.cinPlanStartDate = addDays(cpp.cppStartDate ?? c.start, -5);
      plan.cinPlanEndDate = addDays(cpp.cppStartDate ?? c.start, 20);
    }
  },
  // 8565
  activityAfterClosure: (child, c) => {
    const episode = episodeOf(child, c);
    episode.cinClosureDate ??= addDays(c.referenceDate, -10);
    episode.reasonForClosure ??= 'RC7';
    const closed = episode.cinClosureDate;
    const which = c.rng.int(0, 3);
    if (which === 0) assessmentOf(child, c).assessmentAuthorisationDate = addDays(closed, 3);
    else if (which === 1) protectionPlanOf(child, c).cppEndDate = addDays(closed, 2);
    else if (which === 2) cinPlanOf(child, c).cinPlanEndDate = addDays(closed, 4);
    else episode.dateOfInitialCpc = addDays(closed, 1);
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** The messy spellings real files have for dates (read by Haven as missing, and warned about). */
function messUpADate(child: CinChild, r: Random): void {
  const episode = child.cinDetails[0];
  if (episode?.cinReferralDate === undefined) return;
  const [y, m, d] = episode.cinReferralDate.split('-');
  episode.cinReferralDate = r.chance(0.5) ? `${d}/${m}/${y}` : `${y}/${m}/${d}`;
}

function breakReturnLevel(child: CinChild): void {
  const disabilities = child.characteristics.disabilities;
  if (disabilities.length > 1) child.characteristics.disabilities = disabilities.slice(0, 1);
  for (const episode of child.cinDetails) {
    if (episode.childProtectionPlans.length === 0) continue;
    for (const s47 of episode.section47) s47.dateOfInitialCpc = undefined;
  }
}

/**
 * Writes a census to `path`; returns the number of children with planted errors.
 */
export function generateCinCensusFile(path: string, options: GenerateOptions): { planted: number } {
  const year = options.year ?? 2026;
  const referenceDate = options.badHeader ? `${year}-03-30` : `${year}-03-31`;
  const rng = new Random(options.seed);
  const c: Census = { referenceDate: `${year}-03-31`, start: `${year - 1}-04-01`, rng, seq: 0, previous: [] };
  const header: CinHeader = {
    collection: 'CIN',
    year: String(year),
    referenceDate,
    sourceLevel: 'L',
    lea: options.lea ?? '201',
    softwareCode: 'Haven',
    release: '1',
    serialNo: '1',
    dateTime: `${year}-04-15T09:00:00`,
  };
  const fd = openSync(path, 'w');
  let planted = 0;
  try {
    writeSync(fd, cinCensusOpening(header));
    let batch: string[] = [];
    for (let i = 0; i < options.children; i += 1) {
      const child = makeChild(c);
      if (options.errors !== undefined && rng.chance(options.errors)) {
        planted += 1;
        const count = rng.chance(0.8) ? 1 : 2;
        for (let k = 0; k < count; k += 1) (MUTATIONS[rng.pick(MUTATION_NAMES)] as Mutation)(child, c);
        if (options.duplicateIds && rng.chance(0.05) && c.previous.length > 0) child.identifiers.laChildId = rng.pick(c.previous).identifiers.laChildId;
      }
      if (options.messyDates && rng.chance(0.01)) messUpADate(child, rng);
      if (options.returnLevel) breakReturnLevel(child);
      c.previous.push(child);
      if (c.previous.length > 20) c.previous.shift();
      batch.push(cinChildXml(child));
      if (batch.length >= 1000) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    writeSync(fd, batch.join(''));
    writeSync(fd, CIN_CENSUS_CLOSING);
  } finally {
    closeSync(fd);
  }
  return { planted };
}

function main(argv: string[]): void {
  const options: GenerateOptions = { children: 1000, seed: 1 };
  let out: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = (): string => argv[++i] ?? '';
    if (arg === '--children') options.children = Number(value());
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--errors') options.errors = Number(value());
    else if (arg === '--year') options.year = Number(value());
    else if (arg === '--lea') options.lea = value();
    else if (arg === '--duplicate-ids') options.duplicateIds = true;
    else if (arg === '--messy-dates') options.messyDates = true;
    else if (arg === '--bad-header') options.badHeader = true;
    else if (arg === '--return-level') options.returnLevel = true;
    else if (arg === '--out') out = value();
    else throw new Error(`Unknown option ${arg}`);
  }
  if (out === undefined) throw new Error('--out FILE is required');
  const { planted } = generateCinCensusFile(out, options);
  console.log(`${out}: ${options.children} children, ${planted} with planted errors`);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) main(process.argv.slice(2));
