/**
 * A child's journey through the front door and children's social care (domain.md §3), written as
 * the CIN census shapes it: contact -> referral (episode of need) -> child and family assessment
 * authorised within 45 working days (mostly) -> no further action, early help, a child in need
 * plan, or a strategy discussion and Section 47 enquiry -> an initial child protection conference
 * within 15 working days of the strategy discussion (mostly) -> a child protection plan that
 * starts on the conference day (rule 2885), reviewed within 3 months then every 6 months, with
 * visits and core groups -> step down, closure, or care.
 *
 * Orderings hold by construction: nothing in an episode before its referral (rules 1103-1105,
 * 2889) or after its closure (8565); assessments and Section 47 enquiries never overlap within an
 * episode (8863Q, 8890); a CIN plan never overlaps a CP plan (4001, 4016, 4017) or a review
 * (4003); an episode closed as "no further action after assessment" or "referred to early help"
 * (RC8, RC9) has no plan or enquiry (2990); an episode never opens while another is open for the
 * same child (8815, 8820).
 */
import {
  CATEGORY_OF_ABUSE, CHILD_FACTORS_OLDER, CHILD_FACTORS_YOUNG, CONTACT_SOURCE, EARLY_HELP_OUTCOME, FRONT_DOOR_OUTCOME, PRIMARY_NEED,
  REFERRAL_SOURCE, SOURCE_DETAIL,
} from './codes.ts';
import { addWorkdays, birthday, iso, OPEN, plusMonths, workdayOnOrAfter, type Day } from './days.ts';
import type { Family, Kid } from './model.ts';
import { ageOf } from './people.ts';
import { lookAfter, type CareRoute } from './care.ts';

/** How a case ended for the family: the day the last episode closed (children still looked after aside) and why. */
export type CaseResult = { end: Day; reason: string | null };

type Episode = {
  id: string;
  kid: Kid;
  referral: Day;
  source: string;
  need: string | null;
  nfa: boolean;
  contactId: string | null;
  /** Latest dated activity so far: closure may not come before it. */
  latest: Day;
  hasEnquiry: boolean;
  hasPlan: boolean;
  /** The last assessment runs until this day: another may only start after it (rule 8863Q). */
  assessedUntil: Day;
  /** A Section 47 enquiry awaits its conference beyond the end. */
  enquiryOpen: boolean;
  closure: Day | null;
  reason: string | null;
  team: string | null;
};


/** When a contact arrived: office hours mostly; police notifications at any hour. */
function receivedAt(family: Family, d: Day, source: string): string {
  const r = family.random;
  const hour = source === '6' && r.chance(0.4) ? r.int(0, 23) : r.int(8, 17);
  return `${iso(d)}T${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00Z`;
}

function agencyFor(family: Family, source: string): { id: string | null; name: string | null } {
  const { agencies, agencyNames } = family.run.org;
  if (source === '6') return { id: agencies.police, name: agencyNames.police };
  if (source.startsWith('3')) return { id: agencies.health, name: agencyNames.health };
  if (source.startsWith('5')) return { id: agencies.council, name: agencyNames.council };
  // One school among many is a member of the partnership's demonstration (the partner practitioner's).
  if (source === '2A' && family.random.chance(0.12)) return { id: agencies.school, name: agencyNames.school };
  if (source === '8' && family.random.chance(0.3)) return { id: agencies.voluntary, name: agencyNames.voluntary };
  return { id: null, name: null };
}

/**
 * Writes a contact about `kid` on `d` (when contacts are recorded by then) and returns its id.
 * Outcomes follow domain.md §2: advice_signposting, no_further_action, early_help,
 * assessment_s17, strategy_s47, immediate_protection; open_case when the child already has an
 * allocated worker.
 */
export function writeContact(family: Family, kid: Kid, d: Day, source: string, outcome: string | null, levelOfNeed: number): string | null {
  if (d < family.settings.contactsFrom || d > family.end) return null;
  const r = family.random;
  const id = family.uuid();
  const agency = agencyFor(family, source);
  const rag = levelOfNeed >= 4 ? (r.chance(0.45) ? 'red' : 'amber') : levelOfNeed === 3 ? (r.chance(0.7) ? 'amber' : 'green') : r.chance(0.15) ? 'amber' : 'green';
  const detail: Record<string, unknown> = { rag, levelOfNeed };
  if (agency.id) detail.agencyId = agency.id;
  if (agency.name) detail.agency = agency.name;
  family.run.batch.add('contact', {
    id,
    child_id: kid.id,
    contact_date: iso(d),
    received_at: receivedAt(family, d, source),
    source,
    source_detail: family.random.pick(SOURCE_DETAIL[source] ?? ['Not recorded']),
    outcome,
    detail: JSON.stringify(detail),
  });
  kid.recorded = true;
  if (agency.id && source === '2A' && !kid.leadAgency) kid.leadAgency = agency.id;
  return id;
}

/** Contacts that do not become referrals: front-door decisions (and early help for some families). */
export function frontDoorContact(family: Family, kid: Kid, d: Day, options: { source?: string; openCase?: boolean; earlyHelp?: boolean } = {}): string | null {
  const r = family.random;
  const source = options.source ?? CONTACT_SOURCE.pick(r);
  if (options.openCase) return writeContact(family, kid, d, source, 'open_case', 3);
  const outcome = FRONT_DOOR_OUTCOME.pick(r);
  const id = writeContact(family, kid, d, source, outcome, outcome === 'early_help' ? 2 : r.chance(0.6) ? 1 : 2);
  if (id && outcome === 'early_help' && options.earlyHelp !== false && family.earlyHelpUntil < d && r.chance(0.62)) startEarlyHelp(family, d + r.int(3, 25));
  return id;
}

/**
 * An early help episode for the family's children, led by a school, health, the council's early
 * help service or a voluntary organisation; it ends with an outcome (about a third successful and
 * sustained) or is still open at the end. A step-up sets `family.stepUpOn`.
 */
export function startEarlyHelp(family: Family, start: Day): void {
  if (start > family.end) return;
  const r = family.random;
  const kids = family.kids.filter((k) => k.birth <= start && ageOf(k, start) < 18);
  if (kids.length === 0) return;
  const { agencies } = family.run.org;
  const stop = start + Math.round(r.between(70, 330));
  const closed = stop <= family.end;
  const outcome = closed ? EARLY_HELP_OUTCOME.pick(r) : null;
  const id = family.uuid();
  const lead = r.pick([agencies.council, agencies.council, agencies.school, agencies.health, agencies.voluntary]);
  family.run.batch.add('early_help_episode', {
    id,
    family_ref: family.run.nextFamilyReference(),
    start_date: iso(start),
    end_date: closed ? iso(stop) : null,
    lead_professional_agency_id: lead,
    lead_professional: `${r.pick(['Sam', 'Jo', 'Alex', 'Chris', 'Nadia', 'Femi', 'Aylin', 'Marta', 'Kofi', 'Priya', 'Tom', 'Ruth'])} ${r.pick(['Okoro', 'Patel', 'Byrne', 'Demir', 'Hughes', 'Mensah', 'Nowak', 'Ali', 'Green', 'Santos'])}`,
    outcome,
  });
  for (const kid of kids) {
    family.run.batch.add('early_help_child', { episode_id: id, child_id: kid.id });
    kid.recorded = true;
  }
  family.earlyHelpUntil = closed ? stop : OPEN;
  if (outcome === 'stepped_up') family.stepUpOn = stop;
}

/** Working days from start to authorisation of a child and family assessment: 94% within 45. */
function assessmentLength(family: Family): number {
  const r = family.random;
  const u = r.float();
  if (u < 0.06) return r.int(46, 80);
  if (u < 0.2) return r.int(5, 15);
  if (u < 0.65) return r.int(16, 35);
  return r.int(36, 45);
}

/** Assessment factors (CIN census assessmentfactorstype) for a child of `age` in `family`. */
function assessmentFactors(family: Family, kid: Kid, on: Day, noneLikely: boolean): string[] {
  const r = family.random;
  if (noneLikely && r.chance(0.28)) return ['21'];
  const f = family.factors;
  const codes = new Set<string>();
  const identified = (present: boolean): boolean => present && r.chance(0.88);
  if (identified(f.domesticAbuse)) codes.add(r.chance(0.7) ? '3B' : r.chance(0.6) ? '3A' : '3C');
  if (identified(f.mentalHealth)) codes.add(r.chance(0.9) ? '4B' : '4C');
  if (identified(f.alcohol)) codes.add(r.chance(0.9) ? '1B' : '1C');
  if (identified(f.drugs)) codes.add(r.chance(0.9) ? '2B' : '2C');
  if (identified(f.learningDisability)) codes.add('5B');
  if (identified(f.neglect)) codes.add('16A');
  const age = ageOf(kid, on);
  const own = age >= 10 ? CHILD_FACTORS_OLDER : CHILD_FACTORS_YOUNG;
  const extra = r.poisson(codes.size === 0 ? 1.3 : 0.7);
  for (let i = 0; i < extra; i += 1) codes.add(own.pick(r));
  if (kid.disabilities[0] !== 'NONE' && r.chance(0.5)) codes.add('6A');
  if (kid.uasc) codes.add('9A');
  if (codes.size === 0) codes.add(r.chance(0.5) ? '20' : '17A');
  return [...codes].sort();
}

/** Whether an open episode for `kid` would run past the child's 18th birthday: close it there. */
const adulthood = (kid: Kid): Day => birthday(kid.birth, 18);

/**
 * A referral for `subjects` arising from a contact on `contactDay`. Writes everything that follows
 * up to the end of the story and returns when the family's case closed.
 */
export function referralCase(
  family: Family,
  subjects: Kid[],
  contactDay: Day,
  options: { source?: string; prebirth?: boolean; immediate?: boolean; care?: { route: CareRoute; on: Day } } = {},
): CaseResult {
  const r = family.random;
  const end = family.end;
  const { teams } = family.run.org;
  // The MASH decides on working days (out-of-hours emergencies aside): a referral is dated the day of
  // the contact or the next working day, a few later.
  const u = r.float();
  const referral = options.immediate ? contactDay : u < 0.8 ? workdayOnOrAfter(contactDay) : u < 0.95 ? addWorkdays(contactDay, 1) : addWorkdays(contactDay, r.int(2, 4));
  const source = options.source ?? REFERRAL_SOURCE.pick(r);
  if (referral > end) {
    // The contact arrived in the last days: its decision is still to come.
    for (const kid of subjects) writeContact(family, kid, contactDay, source, null, 3);
    return { end: contactDay, reason: null };
  }

  const nfa = !options.prebirth && !options.immediate && !options.care && r.chance(source === '6' ? 0.16 : 0.09);
  const need = nfa && r.chance(0.5) ? null : subjects.some((k) => k.disabilities[0] !== 'NONE') && r.chance(0.5) ? 'N2' : PRIMARY_NEED.pick(r);
  const immediate = options.immediate === true;
  const strategyAtReferral = immediate || (!nfa && !options.care && r.chance(options.prebirth ? 0.4 : 0.28));
  const contactOutcome = nfa ? 'no_further_action' : immediate ? 'immediate_protection' : strategyAtReferral ? 'strategy_s47' : 'assessment_s17';
  // Sometimes the same concern was reported days before and not taken further then.
  if (r.chance(0.14)) frontDoorContact(family, subjects[0] as Kid, contactDay - r.int(1, 40), { earlyHelp: false });

  const episodes: Episode[] = subjects.map((kid) => {
    kid.referrals += 1;
    kid.recorded = true;
    const contactId = writeContact(family, kid, contactDay, source, contactOutcome, nfa ? 2 : strategyAtReferral ? 4 : 3);
    return {
      id: family.uuid(), kid, referral, source, need, nfa, contactId, latest: referral, hasEnquiry: false, hasPlan: false, assessedUntil: -OPEN, enquiryOpen: false,
      closure: null, reason: null, team: nfa ? teams.mash : teams.assessment,
    };
  });

  if (nfa) {
    for (const e of episodes) close(family, e, referral, 'RC7');
    return finish(family, episodes);
  }

  const assessmentStart = r.chance(0.72) ? referral : addWorkdays(referral, r.int(1, 4));
  const authorised = addWorkdays(assessmentStart, assessmentLength(family));

  // Looked after from the start: unaccompanied children, and the history of children in care before the story.
  if (options.care) {
    // Never looked after before the referral that starts the episode.
    const entry = Math.max(options.care.on, referral);
    if (options.care.route === 'protection' || (options.care.route === 'proceedings' && r.chance(0.5))) {
      for (const e of episodes) strategyAndEnquiry(family, e, Math.max(referral, entry - r.int(0, 10)), 's47_joint', null, 'continuing_risk_in_care');
    }
    for (const e of episodes) writeAssessment(family, e, assessmentStart, Math.max(authorised, referral + 1), 'looked_after');
    careThenClose(family, episodes, entry, options.care.route);
    return finish(family, episodes);
  }

  // Some referrals close before an assessment is completed: the family moved away or the need passed.
  if (!strategyAtReferral && r.chance(0.16)) {
    const closedOn = referral + r.int(2, 20);
    for (const e of episodes) close(family, e, closedOn, r.chance(0.4) ? 'RC5' : 'RC7');
    return finish(family, episodes);
  }

  let strategyDay: Day | null = strategyAtReferral ? addWorkdays(referral, immediate ? 0 : r.pick([0, 0, 1, 1, 2])) : null;
  let lateEnquiry = false;
  const preAssessment = r.float();
  if (!strategyDay && preAssessment < 0.07) {
    // New information during the assessment leads to a strategy discussion.
    strategyDay = addWorkdays(assessmentStart, r.int(3, 20));
    if (strategyDay >= authorised) strategyDay = null;
    else lateEnquiry = true;
  }

  let conference: Day | null = null;
  let planAtConference = false;
  if (strategyDay !== null && strategyDay <= end) {
    const decision = immediate || r.chance(0.88) ? (r.chance(0.65) ? 's47_joint' : 's47_single') : 'no_s47';
    const toConference = decision !== 'no_s47' && !immediate && r.chance(lateEnquiry ? 0.45 : 0.4);
    if (toConference) {
      const wd = r.chance(0.77) ? r.int(6, 15) : r.int(16, 32);
      conference = addWorkdays(strategyDay, wd);
      planAtConference = r.chance(0.78);
    }
    for (const e of episodes) strategyAndEnquiry(family, e, strategyDay, decision, conference, immediate ? 'continuing_risk_in_care' : null);
  }

  // Immediate protection: the children are looked after from the day of the referral.
  if (immediate) {
    for (const e of episodes) writeAssessment(family, e, assessmentStart, authorised, 'looked_after');
    careThenClose(family, episodes, referral, 'protection');
    return finish(family, episodes);
  }

  // Conference with a plan: child protection (the assessment still runs alongside).
  if (conference !== null && planAtConference) {
    for (const e of episodes) writeAssessment(family, e, assessmentStart, authorised, 'child_protection_plan');
    if (conference <= end) childProtection(family, episodes, conference);
    return finish(family, episodes);
  }
  if (conference !== null) {
    // Substantiated but no plan: the conference agrees a child in need plan.
    for (const e of episodes) writeAssessment(family, e, assessmentStart, authorised, 'cin_plan');
    childInNeed(family, episodes, conference);
    return finish(family, episodes);
  }

  // The assessment decides.
  const v = r.float();
  const enquiry = episodes.some((e) => e.hasEnquiry);
  const teenager = subjects.some((k) => ageOf(k, authorised) >= 13 && ageOf(k, authorised) < 17);
  if (teenager && v < 0.07) {
    for (const e of episodes) writeAssessment(family, e, assessmentStart, authorised, 'looked_after');
    if (authorised <= end) {
      const teens = episodes.filter((e) => ageOf(e.kid, authorised) >= 13 && ageOf(e.kid, authorised) < 17);
      for (const e of episodes) if (!teens.includes(e)) close(family, e, authorised, 'RC7');
      careThenClose(family, teens, authorised, 's20');
    }
    return finish(family, episodes);
  }
  const outcome = v < (enquiry ? 0.4 : 0.47) ? 'no_further_action' : v < (enquiry ? 0.55 : 0.61) ? 'early_help' : 'cin_plan';
  for (const e of episodes) writeAssessment(family, e, assessmentStart, authorised, outcome, outcome === 'no_further_action' && !enquiry);
  if (authorised > end) return finish(family, episodes);
  if (outcome === 'no_further_action') {
    for (const e of episodes) close(family, e, authorised, e.hasEnquiry ? 'RC7' : 'RC8');
    return finish(family, episodes);
  }
  if (outcome === 'early_help') {
    for (const e of episodes) close(family, e, authorised, e.hasEnquiry ? 'RC7' : 'RC9');
    if (family.earlyHelpUntil < authorised && r.chance(0.8)) startEarlyHelp(family, authorised + r.int(3, 20));
    return finish(family, episodes);
  }
  childInNeed(family, episodes, authorised + (r.chance(0.5) ? 0 : r.int(1, 10)));
  return finish(family, episodes);
}

/** A strategy discussion and, when it decides so, the Section 47 enquiry it starts. */
function strategyAndEnquiry(family: Family, e: Episode, held: Day, decision: 's47_joint' | 's47_single' | 'no_s47', conference: Day | null, outcome: string | null): void {
  const r = family.random;
  const { agencyNames } = family.run.org;
  const strategyId = family.uuid();
  const attendees = [
    { agency: agencyNames.council, role: 'Social worker' },
    { agency: agencyNames.police, role: 'Detective constable' },
    { agency: agencyNames.health, role: 'Named nurse' },
  ];
  if (ageOf(e.kid, held) >= 4 && r.chance(0.5)) attendees.push({ agency: 'School', role: 'Designated safeguarding lead' });
  family.run.batch.add('strategy_discussion', {
    id: strategyId,
    episode_id: e.id,
    child_id: e.kid.id,
    contact_id: e.contactId,
    held_on: iso(held),
    decision,
    attendees: JSON.stringify(attendees),
    safety_plan: r.pick(['Child to stay with grandparent during the enquiry', 'Parents agreed to supervised contact only', 'Alleged perpetrator to leave the home', 'School to monitor and report any concern the same day', null]),
  });
  e.latest = Math.max(e.latest, held);
  if (decision === 'no_s47') return;
  const icpc = conference !== null && conference <= family.end ? conference : null;
  family.run.batch.add('s47_enquiry', {
    id: family.uuid(),
    episode_id: e.id,
    child_id: e.kid.id,
    strategy_discussion_id: strategyId,
    start_date: iso(held),
    // The ICPC is due within 15 working days of the strategy discussion that started the enquiry.
    icpc_target_date: iso(addWorkdays(held, 15)),
    icpc_date: icpc === null ? null : iso(icpc),
    icpc_not_required: conference === null,
    outcome: outcome ?? (conference !== null ? 'continuing_risk' : r.chance(0.6) ? 'not_substantiated' : 'no_continuing_risk'),
  });
  e.hasEnquiry = true;
  e.enquiryOpen = e.enquiryOpen || (conference !== null && icpc === null);
  e.latest = Math.max(e.latest, icpc ?? held);
}

/** The child and family assessment; factors only once it is authorised (rule 8614). */
function writeAssessment(family: Family, e: Episode, start: Day, authorised: Day, outcome: string, noneLikely = false): void {
  if (start > family.end) return;
  const done = authorised <= family.end;
  const late = done && authorised > addWorkdays(start, 45);
  family.run.batch.add('assessment', {
    id: family.uuid(),
    episode_id: e.id,
    child_id: e.kid.id,
    start_date: iso(start),
    authorisation_date: done ? iso(authorised) : null,
    factors: done ? `{${assessmentFactors(family, e.kid, authorised, noneLikely).join(',')}}` : '{}',
    outcome: done ? outcome : null,
    extension_reason: late ? family.random.pick(['Family unavailable for visits', 'Awaiting information from partner agencies', 'Complex needs: specialist assessment', 'Interpreter needed']) : null,
  });
  e.latest = Math.max(e.latest, done ? authorised : start);
  e.assessedUntil = done ? authorised : OPEN;
}

/** A second assessment later in a long episode (never overlapping the first). */
function reassessment(family: Family, e: Episode, from: Day, until: Day): void {
  const r = family.random;
  const start = workdayOnOrAfter(from);
  const authorised = addWorkdays(start, r.int(12, 40));
  if (start <= e.assessedUntil || authorised >= until || start > family.end) return;
  writeAssessment(family, e, start, authorised, 'cin_plan');
}

/**
 * Closes an episode on `d` (never before its latest activity) with a CIN census closure reason.
 * An episode with an assessment or enquiry still running at the end stays open (rules 8867, 8868).
 */
function close(family: Family, e: Episode, d: Day, reason: string): void {
  const day = Math.max(d, e.latest);
  if (day > family.end || e.assessedUntil === OPEN || e.enquiryOpen) return;
  e.closure = day;
  e.reason = reason;
}

/** Child protection plans from the conference, with reviews, visits and core groups; then what follows. */
function childProtection(family: Family, episodes: Episode[], start: Day): void {
  const r = family.random;
  const end = family.end;
  const { teams } = family.run.org;
  // Plans end at a review: a third at the first (3 months), most by the second or third.
  const u = r.float();
  const reviewsBeforeEnd = u < 0.35 ? 1 : u < 0.77 ? 2 : u < 0.91 ? 3 : u < 0.97 ? 4 : 5;
  const reviews: Day[] = [];
  let review = workdayOnOrAfter(plusMonths(start, 3) - (r.chance(0.93) ? r.int(3, 20) : -r.int(1, 15)));
  for (let i = 0; i < reviewsBeforeEnd; i += 1) {
    reviews.push(review);
    review = workdayOnOrAfter(plusMonths(review, 6) - (r.chance(0.92) ? r.int(3, 25) : -r.int(1, 20)));
  }
  let planEnd = reviews[reviews.length - 1] as Day;
  const w = r.float();
  const next: 'step_down' | 'close' | 'care' | 'transfer' = w < 0.54 ? 'step_down' : w < 0.77 ? 'close' : w < 0.95 ? 'care' : 'transfer';
  if (next === 'care' || next === 'transfer') {
    // Care or a move can come at any time, not only at a review.
    planEnd = start + r.int(20, Math.max(21, planEnd - start));
    while (reviews.length > 0 && (reviews[reviews.length - 1] as Day) >= planEnd) reviews.pop();
  }
  const category = CATEGORY_OF_ABUSE.pick(r);
  const visitDays: Day[] = [];
  for (let v = addWorkdays(start, r.int(1, 5)); v < planEnd && v <= end; v = addWorkdays(v, r.chance(0.88) ? r.int(7, 10) : r.int(11, 16))) visitDays.push(v);
  const coreGroups: Day[] = [];
  for (let c = addWorkdays(start, r.chance(0.86) ? r.int(5, 10) : r.int(11, 18)); c < planEnd && c <= end; c = addWorkdays(c, r.int(25, 32))) coreGroups.push(c);

  for (const e of episodes) {
    const kid = e.kid;
    const stop = Math.min(planEnd, adulthood(kid));
    const ends = stop <= end;
    const planId = family.uuid();
    const initial = r.chance(0.85) ? category : CATEGORY_OF_ABUSE.pick(r);
    family.run.batch.add('cp_plan', {
      id: planId,
      episode_id: e.id,
      child_id: kid.id,
      start_date: iso(start),
      end_date: ends ? iso(stop) : null,
      initial_category: initial,
      latest_category: r.chance(0.9) ? initial : CATEGORY_OF_ABUSE.pick(r),
      previous_plans: kid.cpPlans + kid.plansBeforeRecords,
    });
    kid.cpPlans += 1;
    e.hasPlan = true;
    e.team = teams.childProtection;
    // Rule 8841: reviews after the start day; a review on the end day is the one that ended the plan.
    for (const d of reviews) if (d > start && d <= stop && d <= end) family.run.batch.add('cp_review', { plan_id: planId, review_date: iso(d) });
    for (const d of visitDays) if (d < stop) family.run.batch.add('cp_visit', { plan_id: planId, visit_date: iso(d), seen_alone: ageOf(kid, d) >= 5 ? r.chance(0.68) : null });
    for (const d of coreGroups) if (d < stop) family.run.batch.add('core_group', { plan_id: planId, meeting_date: iso(d) });
    e.latest = Math.max(e.latest, Math.min(stop, end));
    if (stop < planEnd && ends) close(family, e, stop, 'RC7');
  }
  const active = episodes.filter((e) => e.closure === null);
  if (planEnd > end || active.length === 0) return;

  if (next === 'care') {
    // Often only the youngest comes into care; the others step down to a child in need plan.
    const young = r.chance(0.35) && active.length > 1 ? [active.reduce((a, b) => (a.kid.birth > b.kid.birth ? a : b))] : active;
    careThenClose(family, young, planEnd, 'proceedings');
    const rest = active.filter((e) => !young.includes(e));
    if (rest.length > 0) childInNeed(family, rest, planEnd, true);
    return;
  }
  if (next === 'step_down') return childInNeed(family, active, planEnd, true);
  for (const e of active) close(family, e, planEnd, next === 'transfer' ? 'RC5' : 'RC7');
}

/**
 * Child in need plans from `start` (the CP plan's end day when stepping down, which rules 4016 and
 * 4017 allow); they end and the episode closes, or an enquiry leads to a conference.
 */
function childInNeed(family: Family, episodes: Episode[], start: Day, stepDown = false): void {
  const r = family.random;
  const end = family.end;
  if (start > end) return;
  const disabled = episodes.some((e) => e.kid.disabilities[0] !== 'NONE') && r.chance(0.5);
  const months = disabled ? r.between(12, 48) : stepDown ? r.between(3, 9) : r.between(3, 14);
  let planEnd = start + Math.round(months * 30.4);
  const escalate = !stepDown && r.chance(0.08);
  let strategyDay: Day | null = null;
  let conference: Day | null = null;
  if (escalate) {
    strategyDay = workdayOnOrAfter(start + r.int(20, Math.max(21, planEnd - start - 10)));
    conference = r.chance(0.55) ? addWorkdays(strategyDay, r.chance(0.75) ? r.int(6, 15) : r.int(16, 30)) : null;
    if (conference !== null) planEnd = conference;
  }
  for (const e of episodes) {
    const stop = Math.min(planEnd, adulthood(e.kid));
    family.run.batch.add('cin_plan', { id: family.uuid(), episode_id: e.id, child_id: e.kid.id, start_date: iso(start), end_date: stop <= end ? iso(stop) : null });
    e.latest = Math.max(e.latest, Math.min(stop, end));
    e.hasPlan = true;
    if (months > 8 && r.chance(0.15)) reassessment(family, e, start + r.int(120, 200), Math.min(stop, end));
    if (strategyDay !== null && strategyDay < stop && strategyDay <= end) {
      strategyAndEnquiry(family, e, strategyDay, r.chance(0.6) ? 's47_joint' : 's47_single', conference !== null && conference <= stop ? conference : null, null);
      // The new concern is assessed alongside the enquiry (an S47 with no assessment is CIN query 2991Q).
      reassessment(family, e, strategyDay, adulthood(e.kid));
    }
    if (stop < planEnd && stop <= end) close(family, e, stop, 'RC7');
  }
  const active = episodes.filter((e) => e.closure === null);
  if (planEnd > end || active.length === 0) return;
  if (conference !== null) return childProtection(family, active, conference);
  for (const e of active) close(family, e, planEnd + (r.chance(0.7) ? 0 : r.int(1, 20)), r.chance(0.93) ? 'RC7' : 'RC5');
}

/** Children come into care from `entry`; each episode of need closes when the child's care ends. */
function careThenClose(family: Family, episodes: Episode[], entry: Day, route: CareRoute): void {
  const r = family.random;
  const shared = { value: null };
  for (const e of episodes) {
    const kid = e.kid;
    // A baby on a pre-birth plan comes into care a day or two after birth (rule 302).
    const start = Math.max(entry, kid.birth + r.int(0, 3));
    if (start > family.end) continue;
    if (birthday(kid.birth, 18) <= start + 30) {
      close(family, e, Math.max(entry, e.latest), 'RC7');
      continue;
    }
    const outcome = lookAfter(family, kid, start, route, shared);
    e.latest = Math.max(e.latest, start);
    if (outcome.exit === null || outcome.rec === null) continue;
    const rec = outcome.rec;
    const reason = rec === 'E11' || rec === 'E12' ? 'RC1' : /^E4[5-8]$/.test(rec) ? 'RC4' : rec === 'E41' ? 'RC3' : rec === 'E3' ? 'RC5' : rec === 'E7' ? 'RC6' : 'RC7';
    if ((rec === 'E4A' || rec === 'E4B') && ageOf(kid, outcome.exit) < 17 && r.chance(0.55)) {
      // Home again with a child in need plan for a few months.
      const stop = outcome.exit + r.int(60, 200);
      family.run.batch.add('cin_plan', { id: family.uuid(), episode_id: e.id, child_id: kid.id, start_date: iso(outcome.exit), end_date: stop <= family.end ? iso(stop) : null });
      e.latest = Math.max(e.latest, Math.min(stop, family.end));
      close(family, e, Math.min(stop, adulthood(kid)), 'RC7');
    } else {
      close(family, e, outcome.exit, reason);
    }
  }
}

/** Writes the episodes of need and says when the family's case ended. */
function finish(family: Family, episodes: Episode[]): CaseResult {
  let last = -OPEN;
  let reason: string | null = null;
  for (const e of episodes) {
    // An episode still open at 18 closes on the 18th birthday.
    if (e.closure === null && adulthood(e.kid) <= family.end) close(family, e, Math.max(adulthood(e.kid), e.latest), 'RC7');
    const kid = e.kid;
    kid.openUntil = e.closure ?? OPEN;
    let worker: string | null = null;
    if (e.closure === null) {
      // The demonstration social worker holds a small caseload of the cases open at the end.
      if (family.random.chance(family.run.workerShare)) worker = family.run.org.socialWorkerId;
      kid.team = e.team;
      kid.worker = worker;
    } else if (kid.careUntil !== OPEN) {
      last = Math.max(last, e.closure);
      reason = e.reason;
    }
    family.run.batch.add('cin_episode', {
      id: e.id,
      child_id: kid.id,
      referral_date: iso(e.referral),
      referral_source: e.source,
      primary_need: e.need,
      referral_nfa: e.nfa,
      closure_date: e.closure === null ? null : iso(e.closure),
      closure_reason: e.reason,
      contact_id: e.contactId,
      team_id: e.team,
      allocated_worker_id: worker,
    });
  }
  return { end: last === -OPEN ? (episodes[0]?.referral ?? 0) : last, reason };
}

/** Contacts about children whose case is open: passed to the allocated worker. */
export function openCaseContacts(family: Family, kid: Kid, from: Day, until: Day): void {
  const r = family.random;
  const last = Math.min(until, family.end);
  if (last <= from) return;
  const count = r.poisson(0.55 * ((last - from) / 365.25));
  for (let i = 0; i < count; i += 1) frontDoorContact(family, kid, r.int(from + 1, last), { openCase: true });
}
