/**
 * A deterministic generator of synthetic SSDA903 returns (CSV files as the DfE specifies them),
 * for the agreement and speed benches. From a seed it builds N children's care histories that
 * follow the 2025-26 rules (episode chains, adoption, respite, care leavers, UASC, missing
 * periods, social workers), writes this year's files and, optionally, last year's, then plants
 * errors in a share of children (invalid codes and dates, broken chains, inconsistent ages...).
 *
 *   npx tsx bench/ssda903-generate.ts OUTDIR [--children 900] [--seed 1] [--errors 0.3]
 *     [--previous] [--postcodes FILE] [--no-invalid-dates]
 *
 * Writes OUTDIR/*.csv (and OUTDIR/previous/*.csv with --previous). Postcodes are drawn from the
 * Haven postcode lookup (--postcodes or HAVEN_POSTCODES_FILE) when given, else from a small built-in
 * list of London postcodes.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addMonths, fromDayNumber, toDayNumber } from '../src/core/dates.ts';
import { POSTCODE_LINE_LENGTH } from '../src/modules/returns/ssda903/postcodes.ts';
import { Random } from './random.ts';

type Row = Record<string, string>;
type Files = Record<string, Row[]>;

const COLUMNS: Record<string, string[]> = {
  'header.csv': ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
  'episodes.csv': ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
  'reviews.csv': ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
  'uasc.csv': ['CHILD', 'SEX', 'DOB', 'DUC'],
  'oc2.csv': ['CHILD', 'DOB', 'SDQ_SCORE', 'SDQ_REASON', 'CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'],
  'oc3.csv': ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
  'ad1.csv': ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'],
  'placed_for_adoption.csv': ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
  'previous_permanence.csv': ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'],
  'missing.csv': ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
  'sw_episodes.csv': ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'],
};


// Day numbers make date arithmetic plain; files get dd/mm/yyyy.
const day = (iso: string): number => toDayNumber(iso);
const dmy = (n: number): string => {
  const iso = fromDayNumber(n);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};
const yearsAfter = (n: number, years: number): number => day(addMonths(fromDayNumber(n), 12 * years));

const START = day('2025-04-01');
const END = day('2026-03-31');
const PREVIOUS_START = day('2024-04-01');
const PREVIOUS_END = day('2025-03-31');

const ETHNIC = ['WBRI', 'WIRI', 'WOTH', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH', 'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH'];
const FOSTER = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
const PLACE_CHANGE_REASONS = ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'OTHER'];
const SW_REASONS = ['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'OTHERS'];
const LEAVING = ['E4A', 'E4B', 'E8', 'E13', 'E41', 'E45', 'E46', 'E47', 'E48', 'E3'];
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
const LONDON = ['N17 6AA', 'N15 3AB', 'N8 7AD', 'N22 5AA', 'N4 1AA', 'N10 3AB', 'N6 5AA', 'E17 4AA', 'N9 0AA', 'EN1 1AA', 'NW1 0AA', 'E1 6AN'];

type Postcodes = { home: string[]; away: string[]; far: string[]; invalid: string[] };

/** Postcodes for homes (the LA's own, E09000014), placements (England) and far placements (Scotland). */
function loadPostcodes(path: string | undefined, random: Random): Postcodes {
  if (!path) return { home: LONDON.slice(0, 6), away: LONDON.slice(6), far: ['AB10 1AA'], invalid: ['ZZ9 9ZZ', 'N99 9XX'] };
  const fd = openSync(path, 'r');
  try {
    const count = fstatSync(fd).size / POSTCODE_LINE_LENGTH;
    const buffer = Buffer.alloc(POSTCODE_LINE_LENGTH);
    const home: string[] = [];
    const away: string[] = [];
    const far: string[] = [];
    for (let tries = 0; tries < 200_000 && (home.length < 60 || away.length < 200 || far.length < 10); tries += 1) {
      readSync(fd, buffer, 0, POSTCODE_LINE_LENGTH, random.int(0, count - 1) * POSTCODE_LINE_LENGTH);
      const line = buffer.toString('latin1');
      const key = line.slice(0, 7).trim();
      if (line.slice(8, 15).trim() === '') continue;
      const laua = line.slice(24, 33).trim();
      const spaced = `${key.slice(0, -3)} ${key.slice(-3)}`;
      if (laua === 'E09000014' && home.length < 60) home.push(spaced);
      else if (laua.startsWith('E09') && away.length < 200) away.push(spaced);
      else if (laua.startsWith('S12') && far.length < 10) far.push(spaced);
    }
    return { home, away, far, invalid: ['ZZ9 9ZZ', 'N99 9XX'] };
  } finally {
    closeSync(fd);
  }
}

type Episode = {
  decom: number;
  rne: string;
  ls: string;
  cin: string;
  place: string;
  provider: string;
  dec: number | null;
  rec: string;
  reason: string;
  home: string;
  pl: string;
  urn: string;
};

type Child = {
  id: string;
  sex: 'M' | 'F';
  dob: number;
  ethnic: string;
  upn: string;
  mother: string;
  mcDob: number | null;
  kind: 'cla' | 'started' | 'left' | 'adopted' | 'respite' | 'leaver';
  uasc: boolean;
  episodes: Episode[];
  decisionPlaced: number | null;
  matched: number | null;
  missing: { type: string; start: number; end: number | null }[];
  social: { id: string; start: number; end: number | null; reason: string }[];
  leaver: { inTouch: string; activ: string; accom: string } | null;
};

function needsUrn(place: string): boolean {
  return !['P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14'].includes(place);
}

/** A placement: type, provider, postcode and URN that fit together. */
function placement(random: Random, child: Child, when: number, postcodes: Postcodes, home: string, ls: string, exclude?: string): Pick<Episode, 'place' | 'provider' | 'pl' | 'urn'> {
  const age = (when - child.dob) / 365.25;
  let place = random.pick([...FOSTER, ...FOSTER, ...FOSTER, 'K2', 'K2', 'R1', ...(ls === 'V2' ? [] : ['P1']), ...(age >= 4 ? ['S1'] : []), ...(age >= 16 ? ['K3'] : [])]);
  if (place === exclude) place = random.pick(FOSTER.filter((p) => p !== exclude));
  let provider: string;
  if (place === 'P1') provider = 'PR0';
  else if (place.startsWith('U')) provider = random.pick(['PR1', 'PR1', 'PR4', 'PR5']);
  else if (place === 'R1') provider = random.pick(['PR3', 'PR4']);
  else provider = random.pick(['PR1', 'PR4', 'PR4', 'PR5']);
  // Own provision outside fostering must be in the LA (rule 1015).
  const local = provider === 'PR1' || random.chance(0.5);
  const pl = place === 'P1' ? home : local ? random.pick(postcodes.home.filter((p) => p !== home)) : random.pick(postcodes.away);
  const urn = needsUrn(place) ? String(random.int(1_000_000, 9_999_999)) : '';
  return { place, provider, pl, urn };
}

function makeChild(index: number, random: Random, postcodes: Postcodes): Child {
  const roll = random.next();
  const kind: Child['kind'] = roll < 0.5 ? 'cla' : roll < 0.65 ? 'started' : roll < 0.77 ? 'left' : roll < 0.82 ? 'adopted' : roll < 0.87 ? 'respite' : 'leaver';
  const sex = random.chance(0.5) ? 'M' : 'F';
  const age =
    kind === 'leaver' ? random.int(17, 20) + random.next() : kind === 'adopted' ? random.int(1, 6) + random.next() : random.int(0, 16) + random.next();
  const dob = END - Math.floor(age * 365.25);
  const upn =
    random.chance(0.06) && age < 4
      ? 'UN1'
      : random.chance(0.04)
        ? random.pick(['UN2', 'UN3'])
        : `${random.pick(UPN_LETTERS.split(''))}${String(random.int(0, 999_999)).padStart(6, '0')}${String(index).padStart(6, '0')}`;
  const child: Child = {
    id: String(100_000 + index * 7),
    sex,
    dob,
    ethnic: random.pick(ETHNIC),
    upn,
    mother: '',
    mcDob: null,
    kind,
    uasc: kind !== 'leaver' && kind !== 'respite' && kind !== 'adopted' && age >= 13 && random.chance(0.08),
    episodes: [],
    decisionPlaced: null,
    matched: null,
    missing: [],
    social: [],
    leaver: null,
  };
  const home = random.pick(postcodes.home);
  if (kind === 'leaver') {
    const inTouch = random.pick(['YES', 'YES', 'YES', 'NO', 'REFU', 'NREQ', 'DIED', 'RHOM']);
    const zero = inTouch === 'DIED' || inTouch === 'RHOM';
    const seventeenthInYear = yearsAfter(dob, 17) >= START && yearsAfter(dob, 17) <= END;
    const under18AtStart = yearsAfter(dob, 18) > START;
    const accom = zero ? '0' : random.pick(['B1', 'C1', 'D1', 'E1', 'K1', 'U1', 'V2', ...(seventeenthInYear ? [] : ['Z1']), ...(under18AtStart ? [] : ['T1'])]);
    child.leaver = { inTouch, activ: zero ? '0' : random.pick(['F1', 'P1', 'F2', 'G4', 'G5', 'G6']), accom };
    return child;
  }
  if (kind === 'respite') {
    let at = random.int(START, START + 90);
    for (let breaks = random.int(2, 4); breaks > 0 && at < END - 20; breaks -= 1) {
      const length = random.int(2, 12);
      child.episodes.push({ decom: at, rne: 'S', ls: 'V3', cin: 'N1', place: 'U5', provider: 'PR1', dec: at + length, rec: 'E8', reason: '', home: '', pl: '', urn: '' });
      at += length + random.int(30, 90);
    }
    return child;
  }

  // A period of care: start, changes, and perhaps an end.
  const earliestStart = Math.max(dob + 30, day('2018-01-01'));
  let careStart: number;
  if (kind === 'started') careStart = random.int(Math.min(Math.max(START + 1, dob + 1), END - 30), END - 30);
  else if (kind === 'adopted') careStart = random.int(Math.max(earliestStart, START - 900), START - 400);
  else careStart = random.int(Math.min(earliestStart, START - 400), START - 400);
  if (careStart <= dob) careStart = Math.min(dob + 5, END - 1);
  const cin = random.pick(['N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']);
  let ls = random.pick(['C2', 'C2', 'C2', 'V2', 'V2', 'C1']);
  const homePost = child.uasc ? '' : home;
  let current: Episode = { decom: careStart, rne: 'S', ls, cin, ...placement(random, child, careStart, postcodes, home, ls), dec: null, rec: '', reason: '', home: homePost };
  child.episodes.push(current);

  let careEnd: number | null = null;
  let leavingCode = '';
  if (kind === 'left' || (kind === 'started' && random.chance(0.3))) {
    careEnd = random.int(Math.max(START + 10, careStart + 20), END - 10);
    leavingCode = random.pick(LEAVING);
  }
  if (kind === 'adopted') careEnd = random.int(START + 60, END - 10);

  // Changes of placement and legal status up to the end of care (or of the year).
  const last = careEnd ?? END;
  let at = careStart;
  const adoptionPlacement = kind === 'adopted' ? careEnd! - random.int(120, 200) : null;
  for (;;) {
    const nextChange = at + random.int(150, 1100);
    const limit = adoptionPlacement ?? last;
    if (nextChange >= limit - 5) break;
    const type = random.pick(['P', 'P', 'P', 'L', 'B']);
    let next: Episode;
    if (type === 'L') {
      ls = ls === 'C2' && current.place !== 'P1' ? 'V2' : 'C2';
      next = { ...current, decom: nextChange, rne: 'L', ls, dec: null, rec: '', reason: '' };
    } else {
      if (type === 'B') ls = ls === 'C2' ? 'V2' : 'C2';
      next = { ...current, decom: nextChange, rne: type, ls, ...placement(random, child, nextChange, postcodes, home, ls, current.place), dec: null, rec: '', reason: '' };
    }
    if (next.place === 'P1') next.pl = homePost || next.pl;
    current.dec = nextChange;
    current.rec = 'X1';
    if (type !== 'L') current.reason = random.pick(PLACE_CHANGE_REASONS);
    child.episodes.push(next);
    current = next;
    at = nextChange;
  }
  if (kind === 'adopted' && adoptionPlacement !== null) {
    // Placement order (E1) and adoption placement (A5 with the foster carers, A6 not), then the order.
    const adoptive: Episode = {
      ...current,
      pl: random.pick(postcodes.away),
      decom: adoptionPlacement,
      rne: 'U',
      ls: 'E1',
      place: random.pick(['A5', 'A6']),
      provider: random.pick(['PR1', 'PR2']),
      urn: String(random.int(1_000_000, 9_999_999)),
      dec: null,
      rec: '',
      reason: '',
    };
    if (adoptive.ls === current.ls) adoptive.rne = 'T';
    current.dec = adoptionPlacement;
    current.rec = 'X1';
    current.reason = 'APPRR';
    child.episodes.push(adoptive);
    current = adoptive;
    child.decisionPlaced = Math.max(careStart + 1, adoptionPlacement - random.int(30, 200));
    child.matched = random.int(child.decisionPlaced, adoptionPlacement - 1);
    leavingCode = random.pick(['E11', 'E12']);
  }
  if (careEnd !== null) {
    if (['E45', 'E46'].includes(leavingCode) && !current.place.startsWith('U')) leavingCode = 'E47';
    // An adoptive placement may have started after the day drawn for leaving care: never end before it starts.
    current.dec = Math.max(careEnd, current.decom);
    current.rec = leavingCode;
  }

  // Mother status: girls looked after 12 and over are 0, some 1 with a first child born before any DEC.
  if (sex === 'F') {
    child.mother = '0';
    const firstDec = Math.min(...child.episodes.map((e) => e.dec ?? END));
    const mcDob = yearsAfter(dob, 13) + random.int(30, 400);
    if (yearsAfter(dob, 12) <= START && random.chance(0.15) && mcDob <= firstDec && mcDob <= END) {
      child.mother = '1';
      child.mcDob = mcDob;
    }
  }

  // Missing periods inside episodes in the two years.
  for (const e of child.episodes) {
    if (random.chance(0.1)) {
      const from = Math.max(e.decom + 1, PREVIOUS_START);
      const to = Math.min(e.dec ?? END, END) - 2;
      if (to - from < 10) continue;
      const start = random.int(from, to - 5);
      child.missing.push({ type: random.pick(['M', 'A']), start, end: start + random.int(0, 4) });
    }
  }

  // Social workers from the later of care start and a year before the collection, always one open.
  let swAt = Math.max(careStart, START - 360);
  let swCount = 0;
  for (;;) {
    swCount += 1;
    const swId = `SW${String(random.int(1000, 9999))}`;
    const change = swAt + random.int(120, 500);
    if (change >= Math.min(careEnd ?? END, END) - 10 || swCount > 4) {
      child.social.push({ id: swId, start: swAt, end: null, reason: random.pick(SW_REASONS) });
      break;
    }
    child.social.push({ id: swId, start: swAt, end: change, reason: random.pick(SW_REASONS) });
    swAt = change;
  }
  return child;
}

/** A date of a previous permanence order before care started, sometimes with unknown day and month. */
function permanenceDate(child: Child, random: Random): string {
  const firstStart = child.episodes[0]?.decom ?? END;
  const order = Math.max(child.dob + 1, Math.min(firstStart - 30, child.dob + 400));
  const year = Number(fromDayNumber(order).slice(0, 4));
  if (random.chance(0.2) && day(`${year}-12-31`) < firstStart) return `ZZ/ZZ/${year}`;
  return dmy(order);
}

/** Continuously looked after for 12 months at 31 March, from the year's episodes (the OC2 cohort). */
function continuouslyLookedAfter(episodes: Episode[]): boolean {
  let during = false;
  for (const e of episodes) {
    const inYear = e.decom <= END && (e.dec === null || e.dec >= START);
    if (inYear) during = true;
    if (e.rne === 'S' && e.decom > START && e.decom <= END) return false;
    if (e.rec !== 'X1' && e.dec !== null && e.dec >= START && e.dec < END) return false;
    if ((e.ls === 'V3' || e.ls === 'V4') && inYear) return false;
  }
  return during;
}

/** One year's files from the children's histories (yearStart..yearEnd; later events not yet known). */
function filesFor(children: Child[], yearStart: number, yearEnd: number, random: Random): Files {
  const files: Files = Object.fromEntries(Object.keys(COLUMNS).map((name) => [name, [] as Row[]]));
  const push = (name: string, row: Row): void => {
    (files[name] as Row[]).push(row);
  };
  const current = yearEnd === END;
  for (const child of children) {
    const episodes = child.episodes
      .filter((e) => e.decom <= yearEnd && (e.dec === null || e.dec >= yearStart))
      .map((e) => (e.dec !== null && e.dec > yearEnd ? { ...e, dec: null, rec: '', reason: '' } : e));
    const isLeaver = child.kind === 'leaver' && current;
    if (episodes.length === 0 && !isLeaver) continue;
    const dob = dmy(child.dob);
    const respiteOnly = episodes.length > 0 && episodes.every((e) => e.ls === 'V3');
    const mother = isLeaver || respiteOnly ? '' : child.mother;
    push('header.csv', { CHILD: child.id, SEX: child.sex, DOB: dob, ETHNIC: child.ethnic, UPN: child.upn, MOTHER: mother, MC_DOB: mother === '1' && child.mcDob !== null ? dmy(child.mcDob) : '' });
    for (const e of episodes) {
      push('episodes.csv', {
        CHILD: child.id,
        DECOM: dmy(e.decom),
        RNE: e.rne,
        LS: e.ls,
        CIN: e.cin,
        PLACE: e.place,
        PLACE_PROVIDER: e.provider,
        DEC: e.dec === null ? '' : dmy(e.dec),
        REC: e.rec,
        REASON_PLACE_CHANGE: e.reason,
        HOME_POST: e.home,
        PL_POST: e.pl,
        URN: e.urn,
      });
    }
    if (isLeaver && child.leaver) push('oc3.csv', { CHILD: child.id, DOB: dob, IN_TOUCH: child.leaver.inTouch, ACTIV: child.leaver.activ, ACCOM: child.leaver.accom });
    if (child.uasc) push('uasc.csv', { CHILD: child.id, SEX: child.sex, DOB: dob, DUC: '' });
    if (respiteOnly) push('previous_permanence.csv', { CHILD: child.id, DOB: dob, PREV_PERM: 'Z1', LA_PERM: '', DATE_PERM: '' });
    if (episodes.length === 0 || respiteOnly) continue;

    // Reviews every six months while looked after in the year.
    for (const e of episodes) {
      for (let r = Math.max(e.decom + 20, yearStart); r <= Math.min(e.dec ?? yearEnd, yearEnd); r += 182) {
        const code = r < yearsAfter(child.dob, 4) ? 'PN0' : random.pick(['PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7']);
        push('reviews.csv', { CHILD: child.id, DOB: dob, REVIEW: dmy(r), REVIEW_CODE: code });
      }
    }
    if (current && continuouslyLookedAfter(episodes)) {
      const age4 = yearsAfter(child.dob, 4);
      const age17 = yearsAfter(child.dob, 17);
      const sdqAge = age4 <= END && age17 >= START;
      const score = sdqAge && random.chance(0.85) ? String(random.int(0, 40)) : '';
      const misuse = yearsAfter(child.dob, 10) <= END && random.chance(0.1) ? '1' : '0';
      push('oc2.csv', {
        CHILD: child.id,
        DOB: dob,
        SDQ_SCORE: score,
        SDQ_REASON: sdqAge && score === '' ? random.pick(['SDQ2', 'SDQ3', 'SDQ4', 'SDQ5']) : '',
        CONVICTED: yearsAfter(child.dob, 10) < END ? (random.chance(0.05) ? '1' : '0') : '',
        HEALTH_CHECK: yearsAfter(child.dob, 5) > END ? '1' : '',
        IMMUNISATIONS: random.chance(0.9) ? '1' : '0',
        TEETH_CHECK: random.chance(0.85) ? '1' : '0',
        HEALTH_ASSESSMENT: random.chance(0.9) ? '1' : '0',
        SUBSTANCE_MISUSE: misuse,
        INTERVENTION_RECEIVED: misuse === '1' ? random.pick(['0', '1']) : '',
        INTERVENTION_OFFERED: '',
      });
      const oc2 = (files['oc2.csv'] as Row[])[(files['oc2.csv'] as Row[]).length - 1] as Row;
      if (oc2.INTERVENTION_RECEIVED === '0') oc2.INTERVENTION_OFFERED = random.pick(['0', '1']);
    }
    if (child.decisionPlaced !== null && child.decisionPlaced <= yearEnd) {
      push('placed_for_adoption.csv', { CHILD: child.id, DOB: dob, DATE_PLACED: dmy(child.decisionPlaced), DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' });
      const adopted = episodes.find((e) => e.rec === 'E11' || e.rec === 'E12');
      if (current && adopted && child.matched !== null) {
        const couple = random.chance(0.8);
        const status = couple ? random.pick(['L11', 'L12', 'L2', 'L3', 'L4']) : 'L0';
        const sexes = status === 'L0' ? random.pick(['M1', 'F1']) : ['L11', 'L3'].includes(status) ? 'MF' : status === 'L2' ? random.pick(['MM', 'FF', 'MF']) : random.pick(['MM', 'FF']);
        push('ad1.csv', {
          CHILD: child.id,
          DOB: dob,
          DATE_INT: dmy(child.decisionPlaced),
          DATE_MATCH: dmy(child.matched),
          FOSTER_CARE: adopted.place === 'A5' ? '1' : '0',
          NB_ADOPTR: couple ? '2' : '1',
          SEX_ADOPTR: sexes,
          LS_ADOPTR: status,
        });
      }
    }
    if (current && episodes.some((e) => e.rne === 'S' && e.decom >= yearStart)) {
      const option = random.pick(['Z1', 'Z1', 'Z1', 'P1', 'P2', 'P3']);
      push('previous_permanence.csv', {
        CHILD: child.id,
        DOB: dob,
        PREV_PERM: option,
        LA_PERM: option === 'Z1' ? '' : random.pick(['309', '308', '202', '316']),
        DATE_PERM: option === 'Z1' ? '' : permanenceDate(child, random),
      });
    }
    for (const m of child.missing) {
      if (m.start < yearStart || m.start > yearEnd) continue;
      push('missing.csv', { CHILD: child.id, DOB: dob, MISSING: m.type, MIS_START: dmy(m.start), MIS_END: m.end === null || m.end > yearEnd ? '' : dmy(m.end) });
    }
    for (const s of child.social) {
      if (s.start > yearEnd || (s.end !== null && s.end < yearStart - 365)) continue;
      const open = s.end === null || s.end > yearEnd;
      push('sw_episodes.csv', { CHILD: child.id, DOB: dob, SW_ID: s.id, SW_DECOM: dmy(s.start), SW_DEC: open ? '' : dmy(s.end as number), SW_REASON: s.reason });
    }
  }
  return files;
}

/** Planted errors: each changes one child's rows in a way some rule should catch. */
type Mutation = (files: Files, child: string, random: Random, postcodes: Postcodes) => void;

function rowsOf(files: Files, name: string, child: string): Row[] {
  return (files[name] ?? []).filter((row) => row.CHILD === child);
}

function setFirst(files: Files, name: string, child: string, update: (row: Row) => void): void {
  const row = rowsOf(files, name, child)[0];
  if (row) update(row);
}

function setLast(files: Files, name: string, child: string, update: (row: Row) => void): void {
  const rows = rowsOf(files, name, child);
  const row = rows[rows.length - 1];
  if (row) update(row);
}

const MUTATIONS: Record<string, Mutation> = {
  sexInvalid: (f, c, r) => setFirst(f, 'header.csv', c, (h) => (h.SEX = r.pick(['X', '1', '', 'U']))),
  dobInvalid: (f, c, r) => setFirst(f, 'header.csv', c, (h) => (h.DOB = r.pick(['31/02/2015', '2015-01-01', '', '01/01/2027']))),
  ethnicInvalid: (f, c, r) => setFirst(f, 'header.csv', c, (h) => (h.ETHNIC = r.pick(['WBR', '', 'XXXX']))),
  upnInvalid: (f, c, r) => setFirst(f, 'header.csv', c, (h) => (h.UPN = r.pick(['I12345678901', 'A1234', '', 'UN1', 'UN4', 'A12345678901B']))),
  upnDuplicate: (f, c) => {
    const other = (f['header.csv'] ?? []).find((h) => h.CHILD !== c && /^[A-Z]\d/.test(h.UPN ?? ''));
    setFirst(f, 'header.csv', c, (h) => (h.UPN = other?.UPN ?? h.UPN ?? ''));
  },
  motherInvalid: (f, c, r) =>
    setFirst(f, 'header.csv', c, (h) => {
      const which = r.int(0, 3);
      if (which === 0) h.MOTHER = '1';
      else if (which === 1) h.MOTHER = '2';
      else if (which === 2) h.MC_DOB = '01/01/2001';
      else h.MOTHER = '';
    }),
  codeInvalid: (f, c, r) => {
    const field = r.pick(['RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'REC', 'REASON_PLACE_CHANGE']);
    setFirst(f, 'episodes.csv', c, (e) => (e[field] = r.pick(['X', 'Z1', 'N9', 'H5', 'PR9', 'E99', 'c2'])));
  },
  lowerCase: (f, c) => setFirst(f, 'episodes.csv', c, (e) => (e.LS = (e.LS ?? '').toLowerCase())),
  dateUnpadded: (f, c) =>
    setLast(f, 'episodes.csv', c, (e) => {
      const [d, m, y] = (e.DECOM ?? '').split('/');
      if (d && m && y) e.DECOM = `${Number(d)}/${Number(m)}/${y}`;
    }),
  decomInvalid: (f, c, r) => {
    const rows = rowsOf(f, 'episodes.csv', c);
    if (rows.length > 1) (rows[rows.length - 1] as Row).DECOM = r.pick(['32/01/2025', '2025-05-01', '01/13/2025']);
  },
  decInvalid: (f, c, r) =>
    setFirst(f, 'episodes.csv', c, (e) => {
      if (e.DEC) e.DEC = r.pick(['31/09/2025', '1/1/25']);
    }),
  decWithoutRec: (f, c) => setFirst(f, 'episodes.csv', c, (e) => (e.DEC ? (e.REC = '') : (e.REC = 'X1'))),
  decBeforeDecom: (f, c) =>
    setLast(f, 'episodes.csv', c, (e) => {
      e.DEC = '01/01/2010';
      e.REC = e.REC || 'E8';
    }),
  afterYear: (f, c, r) =>
    setLast(f, 'episodes.csv', c, (e) => {
      if (r.chance(0.5)) {
        e.DECOM = '15/04/2026';
      } else {
        e.DEC = '02/04/2026';
        e.REC = e.REC || 'E8';
      }
    }),
  chainGap: (f, c) => {
    const rows = rowsOf(f, 'episodes.csv', c);
    const second = rows[1];
    if (second) second.DECOM = dmy(day(fromDmy(second.DECOM ?? '')) + 3);
  },
  chainOverlap: (f, c) => {
    const rows = rowsOf(f, 'episodes.csv', c);
    const second = rows[1];
    if (second) second.DECOM = dmy(day(fromDmy(second.DECOM ?? '')) - 5);
  },
  wrongRne: (f, c, r) => {
    const rows = rowsOf(f, 'episodes.csv', c);
    const row = rows[rows.length > 1 ? 1 : 0];
    if (row) row.RNE = r.pick(['S', 'L', 'P', 'B', 'U', 'T']);
  },
  noPlaceChangeReason: (f, c) => setFirst(f, 'episodes.csv', c, (e) => (e.REASON_PLACE_CHANGE = '')),
  reasonOnOpen: (f, c) =>
    setLast(f, 'episodes.csv', c, (e) => {
      if (e.DEC === '') e.REASON_PLACE_CHANGE = 'CUSTOD';
    }),
  urnWrong: (f, c, r) => setFirst(f, 'episodes.csv', c, (e) => (e.URN = e.URN ? '' : r.pick(['1234567', 'XXXXXXX']))),
  providerWrong: (f, c, r) => setFirst(f, 'episodes.csv', c, (e) => (e.PLACE_PROVIDER = r.pick(['PR0', 'PR1', 'PR2', 'PR3', '']))),
  placeWrong: (f, c, r) => setLast(f, 'episodes.csv', c, (e) => (e.PLACE = r.pick(['S1', 'R5', 'P3', 'K3', 'A3', 'A5', 'T0', 'T4', 'Z11', 'J1']))),
  legalStatusWrong: (f, c, r) => setLast(f, 'episodes.csv', c, (e) => (e.LS = r.pick(['J1', 'J2', 'L1', 'L2', 'L3', 'E1', 'V3', 'V4']))),
  leavingWrong: (f, c, r) =>
    setLast(f, 'episodes.csv', c, (e) => {
      e.REC = r.pick(['E2', 'E5', 'E6', 'E7', 'E17', 'E11', 'E45', 'E15', 'X1']);
      if (!e.DEC) e.DEC = '15/01/2026';
    }),
  postcodeWrong: (f, c, r, p) =>
    setFirst(f, 'episodes.csv', c, (e) => {
      const which = r.int(0, 3);
      if (which === 0) e.PL_POST = e.HOME_POST ?? '';
      else if (which === 1) e.PL_POST = r.pick(p.invalid);
      else if (which === 2) e.HOME_POST = '';
      else e.PL_POST = r.pick(p.far);
    }),
  respiteWrong: (f, c, r) =>
    setFirst(f, 'episodes.csv', c, (e) => {
      if (e.LS !== 'V3') return;
      const which = r.int(0, 2);
      if (which === 0) e.DEC = dmy(day(fromDmy(e.DECOM ?? '')) + 30);
      else if (which === 1) e.RNE = 'P';
      else e.PL_POST = 'N17 6AA';
    }),
  oc2Wrong: (f, c, r) =>
    setFirst(f, 'oc2.csv', c, (o) => {
      const field = r.pick(['SDQ_SCORE', 'SDQ_REASON', 'CONVICTED', 'HEALTH_CHECK', 'IMMUNISATIONS', 'SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED']);
      o[field] = r.pick(['', '2', '41', 'SDQ1', '1', '0', '4.5']);
    }),
  oc3Wrong: (f, c, r) =>
    setFirst(f, 'oc3.csv', c, (o) => {
      const field = r.pick(['IN_TOUCH', 'ACTIV', 'ACCOM']);
      o[field] = r.pick(['', 'YES', '0', 'T1', 'Z1', 'X9', 'DIED']);
    }),
  ad1Wrong: (f, c, r) =>
    setFirst(f, 'ad1.csv', c, (a) => {
      const field = r.pick(['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR']);
      a[field] = r.pick(['', '2', 'M1', 'MF', 'L0', 'L3', '01/01/2030', '30/02/2025']);
    }),
  placedWrong: (f, c, r) =>
    setFirst(f, 'placed_for_adoption.csv', c, (p) => {
      const which = r.int(0, 2);
      if (which === 0) p.DATE_PLACED_CEASED = '01/01/2020';
      else if (which === 1) p.REASON_PLACED_CEASED = 'RD9';
      else p.DATE_PLACED = '';
    }),
  reviewWrong: (f, c, r) =>
    setFirst(f, 'reviews.csv', c, (v) => {
      const which = r.int(0, 3);
      if (which === 0) v.REVIEW = '';
      else if (which === 1) v.REVIEW_CODE = r.pick(['PN8', '', 'PN0', 'PN1']);
      else if (which === 2) v.DOB = '01/01/2001';
      else v.REVIEW = '30/02/2025';
    }),
  missingWrong: (f, c, r) => {
    const rows = f['missing.csv'] as Row[];
    const episode = rowsOf(f, 'episodes.csv', c)[0];
    if (!episode) return;
    const which = r.int(0, 4);
    const start = episode.DECOM ?? '';
    const row: Row = { CHILD: c, DOB: rowsOf(f, 'header.csv', c)[0]?.DOB ?? '', MISSING: 'M', MIS_START: start, MIS_END: start };
    if (which === 0) row.MISSING = r.pick(['X', '']);
    else if (which === 1) row.MIS_START = '';
    else if (which === 2) row.MIS_END = '01/01/2020';
    else if (which === 3) row.MIS_START = '01/01/2012';
    else row.MIS_END = '';
    rows.push(row);
  },
  permanenceWrong: (f, c, r) =>
    setFirst(f, 'previous_permanence.csv', c, (p) => {
      const which = r.int(0, 3);
      if (which === 0) p.PREV_PERM = 'P9';
      else if (which === 1) p.LA_PERM = '123';
      else if (which === 2) {
        p.PREV_PERM = 'P1';
        p.LA_PERM = '';
      } else p.DATE_PERM = '01/01/2030';
    }),
  uascWrong: (f, c, r) => {
    const header = rowsOf(f, 'header.csv', c)[0];
    if (!header) return;
    const rows = f['uasc.csv'] as Row[];
    const which = r.int(0, 2);
    rows.push({ CHILD: which === 2 ? `${c}X` : c, SEX: which === 1 ? 'F' : (header.SEX ?? ''), DOB: which === 1 ? '01/01/2010' : (header.DOB ?? ''), DUC: which === 0 ? '01/01/2040' : '' });
  },
  duplicateChild: (f, c) => {
    const header = rowsOf(f, 'header.csv', c)[0];
    if (header) (f['header.csv'] as Row[]).push({ ...header });
  },
  socialWorkerWrong: (f, c, r) =>
    setFirst(f, 'sw_episodes.csv', c, (s) => {
      const which = r.int(0, 4);
      if (which === 0) s.SW_ID = 'AB123';
      else if (which === 1) s.SW_REASON = r.pick(['', 'XXXXXX']);
      else if (which === 2) s.SW_DEC = s.SW_DECOM ?? '';
      else if (which === 3) s.SW_DECOM = '01/05/2026';
      else s.SW_DEC = '20/03/2026';
    }),
};

function fromDmy(text: string): string {
  const [d, m, y] = text.split('/');
  return `${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}

export type GenerateOptions = {
  children: number;
  seed: number;
  /** Share of children given a planted error. */
  errors: number;
  previous: boolean;
  postcodesFile?: string;
  /** Plant dates that are not dates (d2i crashes on some: see the agreement notes). */
  invalidDates: boolean;
};

/** Generates a return's files: this year's and, with `previous`, last year's. */
export function generateReturn(options: GenerateOptions): { current: Files; previous?: Files } {
  const random = new Random(options.seed);
  const postcodes = loadPostcodes(options.postcodesFile, random);
  const children: Child[] = [];
  for (let i = 0; i < options.children; i += 1) children.push(makeChild(i, random, postcodes));
  const current = filesFor(children, START, END, random);
  const previous = options.previous ? filesFor(children, PREVIOUS_START, PREVIOUS_END, random) : undefined;
  const names = Object.keys(MUTATIONS).filter((name) => options.invalidDates || !['decomInvalid', 'decInvalid', 'dobInvalid'].includes(name));
  for (const child of children) {
    if (!random.chance(options.errors)) continue;
    const mutation = MUTATIONS[random.pick(names)] as Mutation;
    mutation(current, child.id, random, postcodes);
  }
  return previous ? { current, previous } : { current };
}

/** Writes a year's files as CSV into `dir`. */
export function writeFiles(dir: string, files: Files): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, columns] of Object.entries(COLUMNS)) {
    const rows = files[name] ?? [];
    const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => row[column] ?? '').join(','))];
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  }
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = args[0];
  if (!dir || dir.startsWith('--')) {
    console.error('usage: npx tsx bench/ssda903-generate.ts OUTDIR [--children N] [--seed S] [--errors RATE] [--previous] [--postcodes FILE] [--no-invalid-dates]');
    process.exit(2);
  }
  const postcodesFile = option(args, '--postcodes') ?? process.env.HAVEN_POSTCODES_FILE;
  const generated = generateReturn({
    children: Number(option(args, '--children') ?? 900),
    seed: Number(option(args, '--seed') ?? 1),
    errors: Number(option(args, '--errors') ?? 0.3),
    previous: args.includes('--previous'),
    invalidDates: !args.includes('--no-invalid-dates'),
    ...(postcodesFile ? { postcodesFile } : {}),
  });
  writeFiles(dir, generated.current);
  if (generated.previous) writeFiles(join(dir, 'previous'), generated.previous);
  const episodes = generated.current['episodes.csv']?.length ?? 0;
  console.log(`${generated.current['header.csv']?.length ?? 0} header rows, ${episodes} episodes written to ${dir}`);
}
