/**
 * Periods of care as SSDA903 records them: a chain of episodes, each a (legal status, placement)
 * pair, the first with reason for new episode S and each next one starting the day the previous
 * ended (REC X1) with L (legal status only), P (placement only) or U (legal status and placement,
 * same carers: a placement for adoption with the current foster carers, rule 217); the last ends
 * with the reason the child left care. Around them: reviews, missing episodes, adoption and
 * previous permanence. The chain respects the validators' sequence rules (142, 355, 357, 431-436,
 * 501-504), the legal-status and placement limits (358-363, 371-378, 386-390, 407, 408, 460,
 * 516-531, 550) and the reason-for-change rule (225: the reason sits on the episode that ends).
 *
 * T and B are never generated: the open validators (and Haven's port, rules 435 and 436) read T as
 * "placement changed, legal status did not" and B as "both changed", the reverse of the guidance,
 * so a day on which both change for different carers is split into an L episode and, the next day,
 * a P episode.
 */
import { CARE_NEED, FOSTER_PROVIDER, PLACEMENT_CHANGE_REASON, REVIEW_PARTICIPATION } from './codes.ts';
import { addWorkdays, birthday, day, iso, plusMonths, type Day } from './days.ts';
import { HOME_DISTRICTS, PLACEMENT_DISTRICTS, postcodeIn } from './names.ts';
import type { Family, Kid } from './model.ts';
import { ageOf } from './people.ts';
import type { Provider } from './providers.ts';

export type CareRoute = 'protection' | 'proceedings' | 's20' | 'uasc' | 'remand';
export type CarePlan = 'home_short' | 'home' | 'cao' | 'adoption' | 'sgo' | 'long_term' | 'to18' | 'remand' | 'uasc';

/** How a period of care ended, or null fields while the child is still looked after at the end. */
export type CareOutcome = { exit: Day | null; rec: string | null; plan: CarePlan };

/** Supported accommodation (K3) is recorded from when the regulations applied (28 October 2023). */
const K3_FROM = day('2023-10-28');
const PREVIOUS_PERMANENCE_FROM = day('2016-04-01');

type Placement = { place: string; provider: string; postcode: string; urn: string | null };
type Change = { day: Day; legal?: string; placement?: Placement; reason?: string; sameCarers?: boolean };
type AdoptionStory = { decision: Day; reversed: Day | null; placementOrder: Day | null; match: Day | null; placed: Day | null; order: Day | null; ffa: boolean };

/** Two placements are the same when every item the validators compare is (rules 434-436). */
const samePlacement = (a: Placement, b: Placement): boolean => a.place === b.place && a.provider === b.provider && a.postcode === b.postcode && a.urn === b.urn;

/** The plan a child's care follows, by age on entry and route in. */
function choosePlan(family: Family, age: number, route: CareRoute): CarePlan {
  const u = family.random.float();
  if (route === 'remand') return 'remand';
  if (route === 'uasc') return 'uasc';
  if (age < 1) return u < 0.4 ? 'adoption' : u < 0.66 ? 'sgo' : u < 0.87 ? 'home' : u < 0.92 ? 'cao' : 'long_term';
  if (age < 5) return u < 0.22 ? 'adoption' : u < 0.5 ? 'sgo' : u < 0.78 ? 'home' : u < 0.84 ? 'cao' : 'long_term';
  if (age < 10) return u < 0.17 ? 'sgo' : u < 0.53 ? 'home' : u < 0.6 ? 'cao' : u < 0.74 ? 'home_short' : 'long_term';
  if (age < 16) return u < (route === 's20' ? 0.5 : 0.42) ? 'home_short' : u < 0.64 ? 'home' : u < 0.69 ? 'sgo' : 'long_term';
  return u < 0.35 ? 'home_short' : 'to18';
}

/** A foster placement with the council's own carers or an agency's, at a carer's home. */
function foster(family: Family, place: string, local: number): Placement {
  const r = family.random;
  const { providers } = family.run;
  const provider = place === 'U1' || place === 'U2' || place === 'U3' ? 'PR1' : FOSTER_PROVIDER.pick(r);
  const agency: Provider = provider === 'PR1' ? providers.councilFostering : r.pick(providers.fosteringAgencies.filter((a) => a.provider === provider));
  const postcode = postcodeIn(r, r.chance(provider === 'PR1' ? local : local / 2) ? HOME_DISTRICTS.pick(r) : PLACEMENT_DISTRICTS.pick(r));
  return { place, provider, postcode, urn: agency.urn };
}

function building(family: Family, place: string, from: Provider[]): Placement {
  const chosen = family.random.pick(from);
  return { place, provider: chosen.provider, postcode: chosen.postcode ?? postcodeIn(family.random, PLACEMENT_DISTRICTS.pick(family.random)), urn: chosen.urn };
}

/** A placement for a child of `age` on `on`, under `plan`, `monthsIn` months into care. */
function placementFor(family: Family, kid: Kid, on: Day, plan: CarePlan, monthsIn: number, initial: boolean): Placement {
  const r = family.random;
  const age = ageOf(kid, on);
  const { providers } = family.run;
  if (plan === 'remand' && initial) {
    const u = r.float();
    if (u < 0.4) return { place: 'R5', provider: 'PR3', postcode: postcodeIn(r, PLACEMENT_DISTRICTS.pick(r)), urn: null };
    return u < 0.75 ? foster(family, 'U6', 0.3) : building(family, 'K2', providers.childrensHomes);
  }
  if (age >= 16 && on >= K3_FROM && r.chance(plan === 'to18' || plan === 'uasc' ? 0.55 : 0.3)) return building(family, 'K3', providers.supportedAccommodation);
  if (age >= 12 && r.chance(age >= 14 ? 0.3 : 0.18)) return building(family, 'K2', providers.childrensHomes);
  if (age < 1 && initial && plan !== 'adoption' && r.chance(0.08)) return building(family, 'R3', providers.parentAndBabyUnits);
  if (age >= 13 && r.chance(0.01)) return building(family, 'K1', providers.secureHomes);
  const longTerm = monthsIn >= 10 && (plan === 'long_term' || plan === 'to18');
  if (plan === 'sgo' || r.chance(initial ? 0.18 : 0.1)) return foster(family, longTerm ? 'U1' : 'U3', 0.6);
  if (plan === 'adoption' && initial && r.chance(0.4)) return foster(family, 'U5', 0.3);
  return foster(family, longTerm ? 'U4' : 'U6', 0.45);
}

const isFoster = (place: string): boolean => /^U[1-6]$/.test(place);

/** The reason a child of `age` leaves care at 18 (rules 387, 389, 460: E5/E6 from 14, E7 from 16, E17 at 18). */
function reasonAtEighteen(family: Family, kid: Kid, place: string): string {
  const u = family.random.float();
  if (kid.disabilities[0] !== 'NONE' && u < 0.15) return 'E7';
  if (isFoster(place) && u < 0.5) return 'E17';
  return u < 0.72 ? 'E5' : u < 0.84 ? 'E6' : 'E8';
}

/**
 * Looks `kid` after from `entry` by `route`, writing the episodes, reviews, missing episodes and
 * permanence records; returns how the period ended (exit null: still looked after at the end).
 */
export function lookAfter(family: Family, kid: Kid, entry: Day, route: CareRoute, sharedPlacement?: { value: Placement | null }): CareOutcome {
  const r = family.random;
  const end = family.end;
  const eighteen = birthday(kid.birth, 18);
  const age = ageOf(kid, entry);
  let plan = choosePlan(family, age, route);
  const legal: Change[] = [];
  const moves: Change[] = [];
  let exit: Day;
  let rec: string;

  // How the period begins: police protection or an emergency protection order for a few days,
  // then an interim care order or accommodation under section 20.
  let status = route === 'remand' ? 'J1' : route === 's20' || route === 'uasc' ? 'V2' : 'C1';
  // Emergency powers start a child's first period of care only: the validators join every
  // police-protection or EPO spell of a child within a year into one (rules 361, 362).
  if (route === 'protection' && kid.periods.length === 0) {
    const emergency = r.chance(0.7) ? 'L1' : 'L2';
    legal.push({ day: entry, legal: emergency });
    const next = plan === 'home_short' || plan === 'to18' ? 'V2' : 'C1';
    // Police protection lasts at most 72 hours (rule 361), an EPO at most 8 days here (rule 362: 21).
    legal.push({ day: entry + (emergency === 'L1' ? r.int(1, 3) : r.int(2, 8)), legal: next });
    status = next;
  } else {
    legal.push({ day: entry, legal: status });
  }
  const lastLegalDay = (): Day => legal[legal.length - 1]?.day ?? entry;
  const finalHearing = Math.max(lastLegalDay() + 30, entry + r.int(180, 330));

  let adoption: AdoptionStory | null = null;
  switch (plan) {
    case 'home_short':
      exit = entry + Math.round(Math.min(240, Math.max(3, r.logNormal(45, 0.9))));
      rec = status === 'V2' ? (r.chance(0.6) ? 'E4B' : 'E4A') : 'E4A';
      break;
    case 'remand':
      exit = entry + r.int(5, 100);
      rec = r.chance(0.8) ? 'E14' : 'E9';
      break;
    case 'uasc': {
      const u = r.float();
      if (u < 0.1) [exit, rec] = [entry + r.int(10, 60), 'E3'];
      else if (u < 0.14) [exit, rec] = [entry + r.int(20, 120), 'E15'];
      else if (u < 0.16) [exit, rec] = [entry + r.int(60, 400), 'E16'];
      else [exit, rec] = [eighteen, 'E18'];
      break;
    }
    case 'home':
    case 'cao':
      exit = entry + r.int(plan === 'home' ? 150 : 200, plan === 'home' ? 600 : 520);
      rec = plan === 'home' ? 'E4A' : 'E41';
      break;
    case 'sgo':
      exit = Math.max(finalHearing, entry + r.int(240, 720));
      rec = 'SGO';
      break;
    case 'adoption': {
      const decision = entry + r.int(100, 240);
      adoption = { decision, reversed: null, placementOrder: null, order: null, match: null, placed: null, ffa: false };
      if (r.chance(0.1)) {
        // The decision is reversed before a placement order (reasons RD1-RD4): care continues long term or ends in an SGO.
        adoption.reversed = decision + r.int(60, 300);
        plan = r.chance(0.5) ? 'sgo' : 'long_term';
        exit = plan === 'sgo' ? Math.max(adoption.reversed + r.int(60, 300), finalHearing) : eighteen;
        rec = plan === 'sgo' ? 'SGO' : 'E18';
      } else {
        exit = eighteen; // replaced below once the adoption order day is known
        rec = r.chance(0.85) ? 'E11' : 'E12';
      }
      break;
    }
    case 'long_term':
    case 'to18':
    default: {
      exit = eighteen;
      rec = 'E18';
      const u = r.float();
      // Long-term care still ends early for many: home, to relatives, to another authority, at 16 or 17.
      if (plan === 'long_term' && age < 16 && u < 0.3) [exit, rec] = [entry + r.int(400, 2200), r.chance(0.7) ? 'E4B' : 'E13'];
      else if (plan === 'long_term' && u < 0.35) [exit, rec] = [entry + r.int(300, 1500), 'E3'];
      else if (u < 0.4) [exit, rec] = [eighteen - r.int(30, 400), 'E8'];
      else if (u < 0.46 && age < 16) [exit, rec] = [Math.max(birthday(kid.birth, 16) + r.int(0, 300), entry + 60), r.chance(0.5) ? 'E5' : 'E13'];
      break;
    }
  }
  if (exit > eighteen) [exit, rec] = [eighteen, 'E18'];
  if (exit <= lastLegalDay()) exit = lastLegalDay() + r.int(1, 20);
  if (exit > eighteen) [exit, rec] = [eighteen, 'E18'];

  // Care proceedings: an interim care order becomes a care order (C2) or a placement order (E1).
  if (status === 'C1' && plan !== 'adoption' && exit > finalHearing + 30) legal.push({ day: finalHearing, legal: 'C2' });
  if (status === 'V2' && plan === 'long_term' && r.chance(0.35)) {
    const issued = entry + r.int(30, 200);
    if (exit > issued + 250) {
      legal.push({ day: issued, legal: 'C1' });
      legal.push({ day: issued + r.int(180, 320), legal: 'C2' });
    }
  }

  // Placements: the first, then moves over time; children in proceedings may go home (P1) under an order.
  const first = sharedPlacement?.value ?? placementFor(family, kid, entry, plan, 0, true);
  if (sharedPlacement && !sharedPlacement.value && isFoster(first.place)) sharedPlacement.value = first;
  moves.push({ day: entry, placement: first });
  const yearsIn = (exit - entry) / 365.25;
  const rate = age >= 16 ? 0.8 : age >= 10 ? 0.6 : 0.35;
  const moveCount = plan === 'adoption' ? 0 : r.poisson(rate * yearsIn + (yearsIn > 0.3 ? 0.25 : 0));
  const moveDays = Array.from({ length: moveCount }, () => entry + r.int(7, Math.max(8, exit - entry - 7))).sort((a, b) => a - b);
  for (const d of moveDays) {
    if (d <= (moves[moves.length - 1]?.day ?? entry) || d >= exit) continue;
    moves.push({ day: d, placement: placementFor(family, kid, d, plan, (d - entry) / 30.4, false), reason: PLACEMENT_CHANGE_REASON.pick(r) });
  }
  const statusOn = (d: Day): string => legal.filter((c) => c.day <= d).pop()?.legal ?? status;
  if (plan === 'sgo' && !/^U[13]$/.test(first.place) && exit - entry > 120) {
    // A connected carer is assessed and the child moves to them before the order.
    const d = entry + r.int(30, Math.min(120, exit - entry - 30));
    while (moves.length > 1 && (moves[moves.length - 1] as Change).day >= d) moves.pop();
    moves.push({ day: d, placement: foster(family, 'U3', 0.6), reason: 'CARPL' });
  }
  if ((plan === 'home' || plan === 'cao') && exit - entry > 200 && r.chance(0.45)) {
    // Placed with parents under a care order for a trial period before the order is discharged (rule 378: never under s20).
    const d = exit - r.int(60, 180);
    if (statusOn(d).startsWith('C')) {
      while (moves.length > 1 && (moves[moves.length - 1] as Change).day >= d) moves.pop();
      moves.push({ day: d, placement: { place: 'P1', provider: 'PR0', postcode: family.postcode, urn: null }, reason: 'CARPL' });
    }
  }

  if (adoption && !adoption.reversed) {
    const placementOrder = Math.max(finalHearing, adoption.decision + r.int(20, 120));
    const current = (moves[moves.length - 1] as Change).placement as Placement;
    while (moves.length > 1 && (moves[moves.length - 1] as Change).day >= placementOrder) moves.pop();
    adoption.ffa = current.place === 'U5';
    adoption.placementOrder = placementOrder;
    const agency = r.pick(family.run.providers.adoptionAgencies);
    if (adoption.ffa) {
      // Foster to adopt: matched just before the order, then placed with the same carers (RNE U).
      adoption.match = Math.max(adoption.decision, placementOrder - r.int(0, 6));
      adoption.placed = placementOrder;
      legal.push({ day: placementOrder, legal: 'E1', placement: { ...current, place: 'A5', provider: agency.provider, urn: agency.urn }, sameCarers: true });
    } else {
      legal.push({ day: placementOrder, legal: 'E1' });
      adoption.match = placementOrder + r.int(40, 200);
      adoption.placed = adoption.match + r.int(5, 30);
      moves.push({ day: adoption.placed, placement: { place: 'A6', provider: agency.provider, postcode: postcodeIn(r, PLACEMENT_DISTRICTS.pick(r)), urn: agency.urn }, reason: 'CARPL' });
    }
    adoption.order = adoption.placed + r.int(90, 300);
    exit = adoption.order;
    if (exit >= eighteen) [exit, rec] = [eighteen - 1, 'E8'];
  }

  // Merge the legal and placement changes into episodes.
  const legalDays = new Set(legal.map((c) => c.day));
  const changes: Change[] = [...legal.map((c) => ({ ...c }))];
  for (const move of moves) {
    if (move.day === entry) {
      (changes[0] as Change).placement = move.placement as Placement;
      continue;
    }
    let d = move.day;
    // A legal change and a placement change on the same day would need T or B: move the placement a day on.
    while (legalDays.has(d)) d += 1;
    if (d >= exit) continue;
    changes.push({ day: d, placement: move.placement as Placement, reason: move.reason as string });
  }
  changes.sort((a, b) => a.day - b.day);

  let placementState = first;
  let legalState = status;
  type Ep = { decom: Day; ls: string; placement: Placement; rne: string; reason: string | null };
  const episodes: Ep[] = [];
  for (const change of changes) {
    if (change.day >= exit || change.day > end) break;
    const previous = episodes[episodes.length - 1];
    const legalChanged = change.legal !== undefined && change.legal !== legalState;
    const placementChanged = change.placement !== undefined && !samePlacement(change.placement, placementState);
    if (previous && previous.decom === change.day) {
      // The first day's legal status and placement arrive as separate changes: fold them into one episode.
      if (change.legal) previous.ls = change.legal;
      if (change.placement) previous.placement = change.placement;
      legalState = previous.ls;
      placementState = previous.placement;
      continue;
    }
    if (previous && !legalChanged && !placementChanged) continue;
    legalState = change.legal ?? legalState;
    placementState = change.placement ?? placementState;
    const rne = !previous ? 'S' : legalChanged && placementChanged ? 'U' : legalChanged ? 'L' : 'P';
    if (previous && (rne === 'P' || rne === 'U')) previous.reason = change.reason ?? 'CARPL';
    episodes.push({ decom: change.day, ls: legalState, placement: placementState, rne, reason: null });
  }
  // Leaving care: the reason, now the last placement is known.
  const last = episodes[episodes.length - 1] as Ep;
  if (rec === 'E18') rec = reasonAtEighteen(family, kid, last.placement.place);
  // Rule 516: an SGO to former foster carers (E45 relatives or friends, E46 others) follows a foster placement.
  if (rec === 'SGO') rec = /^U[1-3]$/.test(last.placement.place) ? 'E45' : isFoster(last.placement.place) ? 'E46' : r.chance(0.8) ? 'E47' : 'E48';
  if (rec === 'E17' && exit !== eighteen) rec = 'E8';
  const open = exit > end;

  // Rule 392d: home and placement postcodes differ unless the child is placed with parents.
  for (const e of episodes) {
    if (e.placement.place !== 'P1' && e.placement.postcode === family.postcode) e.placement.postcode = postcodeIn(r, PLACEMENT_DISTRICTS.pick(r));
  }
  const need = route === 'uasc' ? 'N8' : kid.disabilities[0] !== 'NONE' && r.chance(0.4) ? 'N2' : CARE_NEED.pick(r);
  const homePostcode = kid.uasc ? null : family.postcode;
  const { batch } = family.run;
  episodes.forEach((e, i) => {
    const next = episodes[i + 1];
    const dec = next ? next.decom : open ? null : exit;
    batch.add('la_episode', {
      id: family.uuid(),
      child_id: kid.id,
      decom: iso(e.decom),
      rne: e.rne,
      legal_status: e.ls,
      cin: need,
      place: e.placement.place,
      place_provider: e.placement.provider,
      dec: dec === null ? null : iso(dec),
      rec: next ? 'X1' : open ? null : rec,
      reason_place_change: next ? e.reason : null,
      home_post: homePostcode,
      pl_post: e.placement.postcode,
      urn: e.placement.urn,
    });
  });
  kid.periods.push({
    start: entry,
    end: open ? null : exit,
    rec: open ? null : rec,
    episodes: episodes.map((e, i) => ({ decom: e.decom, dec: episodes[i + 1]?.decom ?? (open ? null : exit), legalStatus: e.ls, place: e.placement.place })),
  });
  kid.careUntil = open ? Number.MAX_SAFE_INTEGER : exit;

  writeReviews(family, kid, entry, open ? end + 1 : exit);
  writeMissing(family, kid, entry, open ? end + 1 : exit);
  if (adoption) writeAdoption(family, kid, adoption, open);
  // One previous-permanence row per child, for its first period of care from April 2016.
  if (entry >= PREVIOUS_PERMANENCE_FROM && kid.periods.filter((p) => p.start >= PREVIOUS_PERMANENCE_FROM).length === 1) writePreviousPermanence(family, kid, entry);
  return { exit: open ? null : exit, rec: open ? null : rec, plan };
}

/** Looked-after reviews: within 20 working days, the second within 3 months, then every 6 months. */
function writeReviews(family: Family, kid: Kid, entry: Day, until: Day): void {
  const r = family.random;
  let review = addWorkdays(entry, r.chance(0.94) ? r.int(8, 20) : r.int(21, 32));
  let count = 0;
  while (review < until && review <= family.end) {
    family.run.batch.add('la_review', {
      child_id: kid.id,
      review_date: iso(review),
      // Rules 440/441: PN0 exactly when the child is under 4 at the review.
      review_code: ageOf(kid, review) < 4 ? 'PN0' : REVIEW_PARTICIPATION.pick(r),
    });
    count += 1;
    review = plusMonths(review, count === 1 ? 3 : 6) - (r.chance(0.92) ? r.int(0, 25) : -r.int(1, 20));
  }
}

/** Missing and away-from-placement episodes for some adolescents, never overlapping, always inside the period. */
function writeMissing(family: Family, kid: Kid, entry: Day, until: Day): void {
  const r = family.random;
  const from = Math.max(entry, birthday(kid.birth, 11));
  if (from >= until - 3 || !r.chance(0.3)) return;
  const years = (Math.min(until, family.end) - from) / 365.25;
  const count = r.poisson(r.between(1, 6) * years);
  const starts = Array.from({ length: count }, () => r.int(from, until - 3)).sort((a, b) => a - b);
  let free = from;
  for (const start of starts) {
    if (start < free || start > family.end) continue;
    const stop = Math.min(start + (r.chance(0.6) ? r.int(0, 1) : r.int(2, 6)), until - 1, family.end);
    family.run.batch.add('missing_episode', { child_id: kid.id, start_date: iso(start), end_date: iso(stop), missing_type: r.chance(0.72) ? 'M' : 'A' });
    free = stop + 1;
  }
}

/** AD1 (adoption) and the decision to place for adoption (PlacedAdoption), as far as the story has got by the end. */
function writeAdoption(
  family: Family,
  kid: Kid,
  a: AdoptionStory,
  open: boolean,
): void {
  const r = family.random;
  const end = family.end;
  if (a.decision > end) return;
  const { batch } = family.run;
  const reversed = a.reversed !== null && a.reversed <= end ? a.reversed : null;
  batch.add('placed_for_adoption', {
    child_id: kid.id,
    date_placed: iso(a.decision),
    date_placed_ceased: reversed === null ? null : iso(reversed),
    reason_placed_ceased: reversed === null ? null : r.pick(['RD1', 'RD2', 'RD3', 'RD4']),
  });
  if (a.reversed !== null) return;
  const adopted = !open && a.order !== null && a.order <= end;
  const couple = r.chance(0.88);
  const sex = couple ? (r.chance(0.8) ? 'MF' : r.chance(0.5) ? 'FF' : 'MM') : r.chance(0.85) ? 'F1' : 'M1';
  const ls = !couple ? 'L0' : sex === 'MF' ? r.pick(['L11', 'L11', 'L3', 'L2']) : r.pick(['L12', 'L2', 'L4']);
  const on = (d: Day | null): string | null => (d !== null && d <= end ? iso(d) : null);
  batch.add('adoption', {
    child_id: kid.id,
    date_int: iso(a.decision),
    date_match: on(a.match),
    foster_care: a.match !== null && a.match <= end ? a.ffa : null,
    number_adopters: adopted ? (couple ? '2' : '1') : null,
    sex_adopters: adopted ? sex : null,
    ls_adopters: adopted ? ls : null,
    date_placement_order: on(a.placementOrder),
    date_placed: on(a.placed),
    date_placed_ceased: null,
    reason_placed_ceased: null,
  });
}

/** Previous permanence (rule 630): most children had none; some were adopted or under an SGO or CAO before. */
function writePreviousPermanence(family: Family, kid: Kid, entry: Day): void {
  const r = family.random;
  const u = r.float();
  const option = u < 0.92 ? 'Z1' : u < 0.95 ? 'P2' : u < 0.98 ? 'P3' : 'P1';
  let date: string | null = null;
  if (option !== 'Z1') {
    const when = kid.birth + Math.round((entry - kid.birth) * r.between(0.1, 0.8));
    const [y, m, d] = iso(Math.min(when, entry - 1)).split('-');
    date = `${d}/${m}/${y}`;
  }
  family.run.batch.add('previous_permanence', {
    child_id: kid.id,
    prev_perm: option,
    la_perm: option === 'Z1' ? null : r.chance(0.7) ? family.settings.laCode : r.pick(['308', '302', '204', '206', '850', '873']),
    date_perm: date,
  });
}
