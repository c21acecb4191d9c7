/**
 * Every partnership KPI, one entry per metric id of the contract (/work/shared/spec/kpi-definitions.md,
 * "Metrics"), in the contract's order.
 *
 * A metric is built from conditions. Each condition carries its SQL and its words together, so the
 * engine's query (engine.ts) and the "how is this calculated" note the dashboard shows are
 * generated from the same object and cannot drift apart.
 *
 * Records come from a source: one set-based query per table ("facts") that reads the rows any of its
 * metrics can need for the year, once, with the derived columns (previous referral, working days)
 * computed in SQL. The engine counts every metric of a source in one pass over its facts with
 * FILTER clauses; the drill-down lists the same facts rows under the same conditions.
 *
 * Working days come from the calendar_day table: working_days(S, E) = index(E) - index(S) when
 * E > S, else 0 (kpi-definitions.md, Conventions).
 */
import { sql, type RawBuilder } from '../../core/db/kysely.ts';
import type { ReportingYear } from '../../core/dates.ts';

/** The metric ids, exactly as the contract lists them and in its order. */
export const METRIC_IDS = [
  'contacts.count',
  'contacts.by_source',
  'contacts.to_referral_pct',
  'referrals.count',
  'referrals.rereferral_pct',
  'referrals.nfa_pct',
  'referrals.by_source',
  'assessments.completed',
  'assessments.within_45wd_pct',
  'assessments.toxic_trio_any',
  'assessments.toxic_trio_all',
  'assessments.by_factor',
  'cin.children_in_year',
  'cin.children_at_year_end',
  'cin.rate_per_10k_at_year_end',
  's47.count',
  's47.children',
  's47.rate_per_10k',
  'icpc.count',
  'icpc.within_15wd_pct',
  'cp.plans_at_year_end',
  'cp.rate_per_10k_at_year_end',
  'cp.plans_started',
  'cp.plans_ceased',
  'cp.second_or_subsequent_pct',
  'cp.by_initial_category',
  'cla.at_year_end',
  'cla.rate_per_10k_at_year_end',
  'cla.started',
  'cla.ceased',
  'cla.ceased_adopted',
  'cla.ceased_sgo',
  'cla.ceased_adopted_pct',
  'cla.ceased_sgo_pct',
  'care_leavers.eet_pct_17_21',
  'care_leavers.suitable_accommodation_pct_19_21',
  'care_leavers.in_touch_pct_17_21',
  'population.children_0_17',
] as const;

export type MetricId = (typeof METRIC_IDS)[number];

/** How a figure is shown: an exact count, a percentage, a rate per 10,000, or counts by code. */
export type KpiUnit = 'count' | 'pct' | 'rate' | 'by';

/** A condition on a source's facts rows (alias `f`), in SQL and in words. */
export type Condition = {
  /** A clause that reads after "where": "the referral date is in the year". */
  words: string;
  sql: (year: ReportingYear) => RawBuilder<unknown>;
};

/** Which code a `by_*` metric breaks its records down by. */
export type CodeSpec = {
  words: string;
  /** The facts column holding the code, or the array of codes when `several`. */
  column: string;
  /** A row carries several codes: it counts once under each distinct one, however often it repeats. */
  several?: boolean;
};

export type SourceName = 'contacts' | 'referrals' | 'cin' | 'assessments' | 's47' | 'cp' | 'cla' | 'careLeavers';

export type KpiSource = {
  name: SourceName;
  /** What one record is, plural: "contacts". */
  records: string;
  /** Shared CTEs its facts read. */
  needs?: SharedCte[];
  /** A sentence on what the source leaves out of every figure, when it does. */
  scope?: string;
  /**
   * The rows any metric of the source can need for the year, filtered by partnership. Columns:
   * record_id, child_id, and those named in `evidence` and the conditions.
   */
  facts: (laCode: string, year: ReportingYear) => RawBuilder<unknown>;
  /**
   * Rows whose working days cannot be counted because a date falls outside the working-day
   * calendar: the engine refuses to guess and reports them as an error.
   */
  uncovered?: (year: ReportingYear) => RawBuilder<unknown>;
  /** For the drill-down: what put a row in the figure, by name, from which facts column. */
  evidence: Record<string, string>;
  /** The facts column that orders a child's rows (the earliest is shown for a distinct child). */
  orderBy: string;
};

type Common = { id: MetricId; title: string; unit: KpiUnit; contract: string; explanation: string };

/** A count of records, or of distinct children among them. */
export type CountDefinition = Common & { kind: 'count'; unit: 'count'; source: KpiSource; where: Condition[]; distinctChildren: boolean };
/** 100 * (records meeting `where` and `numerator`) / (records meeting `where`). */
export type PercentageDefinition = Common & { kind: 'pct'; unit: 'pct'; source: KpiSource; where: Condition[]; numerator: Condition[] };
/** A count metric per 10,000 children aged 0-17. */
export type RateDefinition = Common & { kind: 'rate'; unit: 'rate'; of: MetricId };
/** Records meeting `where`, by code; codes with no records are left out. */
export type ByDefinition = Common & { kind: 'by'; unit: 'by'; source: KpiSource; where: Condition[]; code: CodeSpec };
/** The recorded 0-17 population. */
export type PopulationDefinition = Common & { kind: 'population'; unit: 'count' };

export type KpiDefinition = CountDefinition | PercentageDefinition | RateDefinition | ByDefinition | PopulationDefinition;

// ---------------------------------------------------------------------------------------------
// Conditions shared by several metrics.

const col = (name: string): RawBuilder<unknown> => sql.ref(`f.${name}`);
const yearStart = (y: ReportingYear): RawBuilder<unknown> => sql`${y.start}::date`;
const yearEnd = (y: ReportingYear): RawBuilder<unknown> => sql`${y.end}::date`;

/** Conventions: the year is 1 April to 31 March, both days inclusive. */
function inYear(column: string, item: string): Condition {
  return { words: `the ${item} is in the year (1 April to 31 March)`, sql: (y) => sql`${col(column)} BETWEEN ${yearStart(y)} AND ${yearEnd(y)}` };
}

/** "Open on day D": started on or before D and not ended by D (an end on D itself is not open). */
function openAtYearEnd(startColumn: string, endColumn: string, what: string): Condition {
  return {
    words: `the ${what} is open on 31 March (started on or before it, with no end date or one after it)`,
    sql: (y) => sql`${col(startColumn)} <= ${yearEnd(y)} AND (${col(endColumn)} IS NULL OR ${col(endColumn)} > ${yearEnd(y)})`,
  };
}

/**
 * working_days(S, E) from the calendar indexes of S and E (Conventions): index(E) - index(S) when E
 * is later, 0 when it is not, and null when either date is outside the calendar (never a guess).
 */
function workingDays(startIndex: RawBuilder<unknown>, endIndex: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`CASE WHEN ${startIndex} IS NULL OR ${endIndex} IS NULL THEN NULL ELSE GREATEST(0, ${endIndex} - ${startIndex}) END`;
}

/** The code lists are the contract's constants, so they are written into the SQL as literals. */
function literals(codes: readonly string[]): RawBuilder<unknown> {
  return sql.join(codes.map((c) => sql.lit(c)));
}

function codeIn(column: string, codes: readonly string[], words: string): Condition {
  return { words, sql: () => sql`${col(column)} IN (${literals(codes)})` };
}

function ageBetween(low: number, high: number): Condition {
  return { words: `the young person is aged ${low} to ${high}`, sql: () => sql`${col('age')} BETWEEN ${low} AND ${high}` };
}

// ---------------------------------------------------------------------------------------------
// Sources: one scan of each table for the year.

/**
 * How far past the year the chain reaches: a contact on 31 March can lead to a referral up to the
 * day before its second working day, at most a week later in England and Wales (the longest run of
 * non-working days is four, at Easter or a Christmas with substitute days). The contacts source
 * checks that bound rather than trusting it.
 */
const CHAIN_DAYS_AFTER_YEAR = 14;

/**
 * CTEs that several sources read, written once at the top of a statement. `referral_chain`: the
 * partnership's referrals from the year's first day to two weeks after it, each with the same
 * child's previous referral (lag over the child's referrals in date order, from 12 months before
 * the year).
 *  - Re-referrals: for a referral R in the year, its previous referral is the latest earlier one; R
 *    is a re-referral when that one is on or after R - 12 months, which is never before the chain's
 *    first day, so an older previous referral (outside the chain, previous_referral_date null) is
 *    rightly not within 12 months (Referrals: "from any year's return").
 *  - Contacts: a contact on day C links to the earliest referral R >= C, the one whose previous
 *    referral is before C; so each contact joins at most one referral, with no GROUP BY.
 */
export const SHARED_CTES = {
  // The window runs over the 15 months, then only referrals from the year's first day on are kept:
  // those are all either source reads. (A plain scan and a sort beat an index scan in child order
  // on the embedded engine, hence the OFFSET 0 fence.)
  referral_chain: (laCode: string, y: ReportingYear): RawBuilder<unknown> => sql`
    SELECT w.* FROM (
      SELECT e.id, e.child_id, e.referral_date, e.referral_source, e.referral_nfa,
        lag(e.referral_date) OVER (PARTITION BY e.child_id ORDER BY e.referral_date) AS previous_referral_date
      FROM (
        SELECT * FROM cin_episode
        WHERE la_code = ${laCode}
          AND referral_date BETWEEN (${yearStart(y)} - interval '12 months')::date AND ${yearEnd(y)} + ${sql.lit(CHAIN_DAYS_AFTER_YEAR)}
        OFFSET 0
      ) e
    ) w
    WHERE w.referral_date >= ${yearStart(y)}`,
} as const;

export type SharedCte = keyof typeof SHARED_CTES;


/**
 * Contacts dated in the year, each with the same child's earliest referral dated on or after the
 * contact and before its second working day (null when there is none).
 */
const contacts: KpiSource = {
  name: 'contacts',
  records: 'contacts (MASH contacts, or Annex A List 1 when imported)',
  needs: ['referral_chain'],
  // second_working_day is the first day d with working_days(contact_date, d) = 2, so a referral R
  // on or after the contact is "within 1 working day" exactly when R < second_working_day
  // (Conventions: working_days(S, E) counts working days d with S < d <= E).
  facts: (laCode, y) => sql`
    SELECT ct.id AS record_id, ct.child_id, ct.contact_date, ct.source, d.second_working_day, e.referral_date
    FROM contact ct
    LEFT JOIN (
      SELECT c.day, w.day AS second_working_day
      FROM calendar_day c
      JOIN calendar_day w ON w.is_working_day AND w.working_day_index = c.working_day_index + 2
      WHERE c.day BETWEEN ${yearStart(y)} AND ${yearEnd(y)}
    ) d ON d.day = ct.contact_date
    LEFT JOIN referral_chain e ON e.child_id = ct.child_id
      AND e.referral_date >= ct.contact_date AND e.referral_date < d.second_working_day
      AND (e.previous_referral_date IS NULL OR e.previous_referral_date < ct.contact_date)
    WHERE ct.la_code = ${laCode} AND ct.contact_date BETWEEN ${yearStart(y)} AND ${yearEnd(y)}`,
  uncovered: (y) => sql`f.second_working_day IS NULL OR f.second_working_day > ${yearEnd(y)} + ${sql.lit(CHAIN_DAYS_AFTER_YEAR)}`,
  evidence: { contactDate: 'contact_date', source: 'source', referralDate: 'referral_date' },
  orderBy: 'contact_date',
};

/** Referrals (episodes of need) dated in the year, each with the child's previous referral. */
const referrals: KpiSource = {
  name: 'referrals',
  records: 'referrals (CIN census episodes of need; the same child and referral date is one episode, counted once)',
  needs: ['referral_chain'],
  facts: (_laCode, y) => sql`
    SELECT r.id AS record_id, r.child_id, r.referral_date, r.referral_source, r.referral_nfa, r.previous_referral_date
    FROM referral_chain r
    WHERE r.referral_date BETWEEN ${yearStart(y)} AND ${yearEnd(y)}`,
  evidence: { referralDate: 'referral_date', referralNfa: 'referral_nfa', referralSource: 'referral_source', previousReferralDate: 'previous_referral_date' },
  orderBy: 'referral_date',
};

/** Episodes of need that overlap the year and were not NFA: the children in need. */
const cinEpisodes: KpiSource = {
  name: 'cin',
  records: 'episodes of need',
  facts: (laCode, y) => sql`
    SELECT e.id AS record_id, e.child_id, e.referral_date, e.closure_date, e.referral_nfa
    FROM cin_episode e
    WHERE e.la_code = ${laCode} AND NOT e.referral_nfa
      AND e.referral_date <= ${yearEnd(y)} AND (e.closure_date IS NULL OR e.closure_date >= ${yearStart(y)})`,
  evidence: { referralDate: 'referral_date', closureDate: 'closure_date' },
  orderBy: 'referral_date',
};

/** Assessments authorised in the year, with working_days(start, authorisation). */
const assessments: KpiSource = {
  name: 'assessments',
  records: 'assessments (CIN census Assessments)',
  facts: (laCode, y) => sql`
    SELECT a.id AS record_id, a.child_id, a.start_date, a.authorisation_date, a.factors,
      ${workingDays(sql`cs.working_day_index`, sql`ca.working_day_index`)} AS working_days
    FROM assessment a
    LEFT JOIN calendar_day cs ON cs.day = a.start_date
    LEFT JOIN calendar_day ca ON ca.day = a.authorisation_date
    WHERE a.la_code = ${laCode} AND a.authorisation_date BETWEEN ${yearStart(y)} AND ${yearEnd(y)}`,
  uncovered: () => sql`f.working_days IS NULL`,
  evidence: { startDate: 'start_date', authorisationDate: 'authorisation_date', workingDays: 'working_days' },
  orderBy: 'authorisation_date',
};

/** Section 47 enquiries started in the year or with their ICPC in the year. */
const s47: KpiSource = {
  name: 's47',
  records: 'Section 47 enquiries (CIN census Section47 modules)',
  facts: (laCode, y) => sql`
    SELECT s.id AS record_id, s.child_id, s.start_date, s.icpc_date,
      ${workingDays(sql`cs.working_day_index`, sql`ci.working_day_index`)} AS working_days_to_icpc
    FROM s47_enquiry s
    LEFT JOIN calendar_day cs ON cs.day = s.start_date
    LEFT JOIN calendar_day ci ON ci.day = s.icpc_date
    WHERE s.la_code = ${laCode}
      AND (s.start_date BETWEEN ${yearStart(y)} AND ${yearEnd(y)} OR s.icpc_date BETWEEN ${yearStart(y)} AND ${yearEnd(y)})`,
  uncovered: (y) => sql`f.icpc_date BETWEEN ${yearStart(y)} AND ${yearEnd(y)} AND f.working_days_to_icpc IS NULL`,
  evidence: { s47StartDate: 'start_date', icpcDate: 'icpc_date', workingDays: 'working_days_to_icpc' },
  orderBy: 'start_date',
};

/** Child protection plans that overlap the year (started, ceased or open at its end). */
const cp: KpiSource = {
  name: 'cp',
  records: 'child protection plans (CIN census ChildProtectionPlans)',
  facts: (laCode, y) => sql`
    SELECT p.id AS record_id, p.child_id, p.start_date, p.end_date, p.initial_category, p.previous_plans
    FROM cp_plan p
    WHERE p.la_code = ${laCode} AND p.start_date <= ${yearEnd(y)} AND (p.end_date IS NULL OR p.end_date >= ${yearStart(y)})`,
  evidence: { cppStartDate: 'start_date', cppEndDate: 'end_date', initialCategory: 'initial_category', previousPlans: 'previous_plans' },
  orderBy: 'start_date',
};

/** Looked-after episodes that overlap the year; short breaks (V3, V4) never enter (CLA section). */
const cla: KpiSource = {
  name: 'cla',
  records: 'looked-after episodes (SSDA903 episodes)',
  scope: 'Episodes with legal status V3 or V4 (short breaks) are left out of every looked-after figure; an episode with no legal status stays in.',
  facts: (laCode, y) => sql`
    SELECT l.id AS record_id, l.child_id, l.decom, l.dec, l.rne, l.rec, l.legal_status
    FROM la_episode l
    WHERE l.la_code = ${laCode} AND l.decom <= ${yearEnd(y)} AND (l.dec IS NULL OR l.dec >= ${yearStart(y)})
      AND coalesce(l.legal_status, '') NOT IN ('V3', 'V4')`,
  evidence: { decom: 'decom', dec: 'dec', rne: 'rne', rec: 'rec', legalStatus: 'legal_status' },
  orderBy: 'decom',
};

/**
 * The OC3 rows of the year. Care-leavers section: age is the age reached on the birthday in the
 * year (1 April to 31 March), which is the age on 31 March: the end year minus the birth year, less
 * one when the birthday falls on or after 1 April (it then comes in the year's first calendar year).
 * A 29 February birthday is in the year either way. Without a date of birth there is no age.
 */
const careLeavers: KpiSource = {
  name: 'careLeavers',
  records: 'care leavers (SSDA903 OC3 rows of the year)',
  scope:
    "A young person's age is the age reached on their birthday in the year (their age on 31 March); a row without a date of birth has no age. " +
    'Rows with no information (IN_TOUCH other than YES, ACTIV or ACCOM of 0) stay in every denominator.',
  facts: (laCode, y) => sql`
    SELECT cl.child_id AS record_id, cl.child_id, ch.date_of_birth,
      upper(btrim(cl.in_touch)) AS in_touch, upper(btrim(cl.activity)) AS activity, upper(btrim(cl.accommodation)) AS accommodation,
      extract(year FROM ${yearEnd(y)})::int - extract(year FROM ch.date_of_birth)::int
        - CASE WHEN extract(month FROM ch.date_of_birth) >= 4 THEN 1 ELSE 0 END AS age
    FROM care_leaver cl
    LEFT JOIN (
      -- Only the cohort's children, by primary key, rather than hashing every child of the area.
      SELECT c.id, c.date_of_birth FROM child c
      WHERE c.la_code = ${laCode} AND c.id = ANY(ARRAY(SELECT child_id FROM care_leaver WHERE la_code = ${laCode} AND year = ${y.label}))
    ) ch ON ch.id = cl.child_id
    WHERE cl.la_code = ${laCode} AND cl.year = ${y.label}`,
  evidence: { dateOfBirth: 'date_of_birth', age: 'age', inTouch: 'in_touch', activity: 'activity', accommodation: 'accommodation' },
  orderBy: 'record_id',
};

export const SOURCES: readonly KpiSource[] = [contacts, referrals, cinEpisodes, assessments, s47, cp, cla, careLeavers];

// ---------------------------------------------------------------------------------------------
// The plain-English notes, generated from the definitions.

const ROUNDING = 'rounded half away from zero to 1 decimal place';

function clauses(conditions: Condition[]): string {
  return conditions.map((c) => c.words).join(', and ');
}

function withScope(source: KpiSource, text: string): string {
  return source.scope ? `${text} ${source.scope}` : text;
}

function countNote(source: KpiSource, where: Condition[], distinctChildren: boolean): string {
  return distinctChildren
    ? `The number of distinct children (by LA child ID) with ${source.records} where ${clauses(where)}.`
    : `The number of ${source.records} where ${clauses(where)}.`;
}

type Spec<T extends KpiDefinition> = Omit<T, 'explanation' | 'unit' | 'kind'>;

function count(spec: Omit<Spec<CountDefinition>, 'distinctChildren'>, distinctChildren = false): CountDefinition {
  return { ...spec, kind: 'count', unit: 'count', distinctChildren, explanation: withScope(spec.source, countNote(spec.source, spec.where, distinctChildren)) };
}

function children(spec: Omit<Spec<CountDefinition>, 'distinctChildren'>): CountDefinition {
  return count(spec, true);
}

function percentage(spec: Spec<PercentageDefinition>): PercentageDefinition {
  const explanation =
    `Of the ${spec.source.records} where ${clauses(spec.where)}: the percentage where ${clauses(spec.numerator)}. ` +
    `100 × those ÷ all of them, ${ROUNDING}; no figure (null) when there are none.`;
  return { ...spec, kind: 'pct', unit: 'pct', explanation: withScope(spec.source, explanation) };
}

function by(spec: Spec<ByDefinition>): ByDefinition {
  const base = countNote(spec.source, spec.where, false).replace(/\.$/, '');
  const explanation = `${base}, by ${spec.code.words}; a code with none is left out.`;
  return { ...spec, kind: 'by', unit: 'by', explanation: withScope(spec.source, explanation) };
}

function rate(spec: Omit<Spec<RateDefinition>, 'of'>, of: CountDefinition): RateDefinition {
  const explanation =
    `${of.id} per 10,000 children aged 0-17: 10,000 × ${of.id} ÷ the 0-17 population recorded for the area and year, ` +
    `${ROUNDING}; no figure (null) when no population is recorded. ${of.id} is ${of.explanation.charAt(0).toLowerCase()}${of.explanation.slice(1)}`;
  return { ...spec, kind: 'rate', unit: 'rate', of: of.id, explanation };
}

// ---------------------------------------------------------------------------------------------
// The metrics, in the contract's order. Each `contract` quotes, word for word, the definition
// column of the contract's table row for its id (kpi-definitions.md, "Metrics", the section named
// by the id's prefix); the SQL is the facts query of its source plus its conditions.

const TOXIC_TRIO = {
  substance: ['1A', '1B', '1C', '2A', '2B', '2C'],
  domesticAbuse: ['3A', '3B', '3C'],
  mentalHealth: ['4A', '4B', '4C'],
} as const;

function hasFactorIn(codes: readonly string[], what: string): Condition {
  return { words: `its factors include one of ${codes.join(' ')} (${what})`, sql: () => sql`${col('factors')} && ARRAY[${literals(codes)}]::text[]` };
}

const contactsInYear = inYear('contact_date', 'contact date');
const referralInYear = inYear('referral_date', 'referral date (CINreferralDate)');
const nonNfa: Condition = { words: 'the referral was not marked no further action (ReferralNFA false)', sql: () => sql`NOT ${col('referral_nfa')}` };
const completedInYear = inYear('authorisation_date', 'authorisation date (AssessmentAuthorisationDate)');
const s47StartedInYear = inYear('start_date', 'start date (S47ActualStartDate)');
const icpcInYear = inYear('icpc_date', 'date of the initial child protection conference (DateOfInitialCPC, on the Section47 module only: episode-level transfer-in ICPCs are not counted)');
const planStartedInYear = inYear('start_date', 'plan start date (CPPstartDate)');
const claCeasedInYear: Condition[] = [
  inYear('dec', 'episode end date (DEC)'),
  { words: 'the reason for ceasing (REC) is not X1 (the child stayed looked after); an empty REC counts', sql: () => sql`coalesce(${col('rec')}, '') <> 'X1'` },
];

const contactsCount = count({
  id: 'contacts.count',
  title: 'Contacts',
  contract: 'contacts dated in the year',
  source: contacts,
  where: [contactsInYear],
});
const referralsCount = count({
  id: 'referrals.count',
  title: 'Referrals',
  contract: 'episodes with `CINreferralDate` in the year',
  source: referrals,
  where: [referralInYear],
});
const cinAtYearEnd = children({
  id: 'cin.children_at_year_end',
  title: 'Children in need at 31 March',
  contract: 'distinct children with a non-NFA episode open on the reference date',
  source: cinEpisodes,
  where: [nonNfa, openAtYearEnd('referral_date', 'closure_date', 'episode')],
});
const s47Children = children({
  id: 's47.children',
  title: 'Children subject to a Section 47 enquiry',
  contract: 'distinct children among them',
  source: s47,
  where: [s47StartedInYear],
});
const cpAtYearEnd = count({
  id: 'cp.plans_at_year_end',
  title: 'Child protection plans at 31 March',
  contract: 'plans open on the reference date',
  source: cp,
  where: [openAtYearEnd('start_date', 'end_date', 'plan')],
});
const claAtYearEnd = children({
  id: 'cla.at_year_end',
  title: 'Children looked after at 31 March',
  contract: 'distinct children with an episode open on the reference date',
  source: cla,
  where: [openAtYearEnd('decom', 'dec', 'episode')],
});
const claCeased = count({
  id: 'cla.ceased',
  title: 'Episodes ceased',
  contract: 'episodes with `DEC` in the year and `REC` other than `X1`',
  source: cla,
  where: claCeasedInYear,
});

const ADOPTED = ['E11', 'E12'] as const;
const SGO = ['E43', 'E44', 'E45', 'E46', 'E47', 'E48'] as const;
const EET = ['F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'] as const;

const DEFINITIONS: readonly KpiDefinition[] = [
  contactsCount,
  by({
    id: 'contacts.by_source',
    title: 'Contacts by source',
    contract: 'those contacts by source, using the CIN census referral-source codes (1A..10)',
    source: contacts,
    where: [contactsInYear],
    code: { words: 'source (CIN census referral-source code, 1A..10; a contact with no source has no code)', column: 'source' },
  }),
  percentage({
    id: 'contacts.to_referral_pct',
    title: 'Contacts leading to a referral within 1 working day',
    contract: '% of those contacts for which the same child has a referral (NFA ones included) dated on or after the contact date and within 1 working day of it',
    source: contacts,
    where: [contactsInYear],
    numerator: [
      {
        words: 'the same child has a referral (no further action ones included, from any year) dated on or after the contact date and within 1 working day of it (a contact with no child never has one)',
        sql: () => sql`${col('referral_date')} < ${col('second_working_day')}`,
      },
    ],
  }),
  referralsCount,
  percentage({
    id: 'referrals.rereferral_pct',
    title: 'Re-referrals within 12 months',
    contract: '% of those referrals where the same child has another referral (NFA ones included, from any year\'s return) dated strictly earlier and within 12 months before',
    source: referrals,
    where: [referralInYear],
    numerator: [
      {
        words:
          'the same child has another referral (no further action ones included, from any year) dated strictly earlier and on or after the same calendar day one year earlier (29 February goes to 28 February)',
        // PostgreSQL's date - interval '12 months' clamps 29 February to 28 February, as Conventions says.
        sql: () => sql`${col('previous_referral_date')} >= (${col('referral_date')} - interval '12 months')::date`,
      },
    ],
  }),
  percentage({
    id: 'referrals.nfa_pct',
    title: 'Referrals with no further action',
    contract: '% of those referrals with `ReferralNFA` true',
    source: referrals,
    where: [referralInYear],
    numerator: [{ words: 'the referral was marked no further action (ReferralNFA true)', sql: () => sql`${col('referral_nfa')}` }],
  }),
  by({
    id: 'referrals.by_source',
    title: 'Referrals by source',
    contract: 'those referrals by `ReferralSource`',
    source: referrals,
    where: [referralInYear],
    code: { words: 'referral source (ReferralSource; a referral with none has no code)', column: 'referral_source' },
  }),
  count({
    id: 'assessments.completed',
    title: 'Assessments completed',
    contract: 'assessments with `AssessmentAuthorisationDate` in the year',
    source: assessments,
    where: [completedInYear],
  }),
  percentage({
    id: 'assessments.within_45wd_pct',
    title: 'Assessments completed within 45 working days',
    contract: '% of completed assessments with `working_days(AssessmentActualStartDate, AssessmentAuthorisationDate) <= 45`',
    source: assessments,
    where: [completedInYear],
    numerator: [
      {
        words: 'the working days from the start date (AssessmentActualStartDate) to the authorisation date are 45 or fewer (working days after the start, up to and including the authorisation)',
        sql: () => sql`${col('working_days')} <= 45`,
      },
    ],
  }),
  count({
    id: 'assessments.toxic_trio_any',
    title: 'Assessments with any "toxic trio" factor',
    contract: 'completed assessments whose factors include at least one of 1A 1B 1C 2A 2B 2C (substance misuse), 3A 3B 3C (domestic abuse), 4A 4B 4C (mental health)',
    source: assessments,
    where: [
      completedInYear,
      hasFactorIn([...TOXIC_TRIO.substance, ...TOXIC_TRIO.domesticAbuse, ...TOXIC_TRIO.mentalHealth], 'substance misuse, domestic abuse or mental health'),
    ],
  }),
  count({
    id: 'assessments.toxic_trio_all',
    title: 'Assessments with all three "toxic trio" factors',
    contract: 'completed assessments with at least one factor from each of those three groups',
    source: assessments,
    where: [
      completedInYear,
      hasFactorIn(TOXIC_TRIO.substance, 'substance misuse'),
      hasFactorIn(TOXIC_TRIO.domesticAbuse, 'domestic abuse'),
      hasFactorIn(TOXIC_TRIO.mentalHealth, 'mental health'),
    ],
  }),
  by({
    id: 'assessments.by_factor',
    title: 'Assessments by factor',
    contract: 'completed assessments by factor code (an assessment counts once per distinct code)',
    source: assessments,
    where: [completedInYear],
    code: {
      words: 'factor code identified at the end of assessment (an assessment counts once under each distinct code it has)',
      column: 'factors',
      several: true,
    },
  }),
  children({
    id: 'cin.children_in_year',
    title: 'Children in need during the year',
    contract: 'distinct children with a non-NFA episode that overlaps the year: `CINreferralDate <= 31 March` and (`CINclosureDate` empty or `CINclosureDate >= 1 April`)',
    source: cinEpisodes,
    where: [
      nonNfa,
      {
        words: 'the episode overlaps the year (referred on or before 31 March, with no closure date or one on or after 1 April)',
        sql: (y) => sql`${col('referral_date')} <= ${yearEnd(y)} AND (${col('closure_date')} IS NULL OR ${col('closure_date')} >= ${yearStart(y)})`,
      },
    ],
  }),
  cinAtYearEnd,
  rate({ id: 'cin.rate_per_10k_at_year_end', title: 'Children in need at 31 March per 10,000', contract: '`cin.children_at_year_end` per 10,000 children aged 0-17' }, cinAtYearEnd),
  count({
    id: 's47.count',
    title: 'Section 47 enquiries',
    contract: '`Section47` modules with `S47ActualStartDate` in the year',
    source: s47,
    where: [s47StartedInYear],
  }),
  s47Children,
  rate({ id: 's47.rate_per_10k', title: 'Children subject to a Section 47 enquiry per 10,000', contract: '`s47.children` per 10,000 children aged 0-17' }, s47Children),
  count({
    id: 'icpc.count',
    title: 'Initial child protection conferences',
    contract: '`Section47` modules with `DateOfInitialCPC` in the year (episode-level transfer-in ICPCs are not counted)',
    source: s47,
    where: [icpcInYear],
  }),
  percentage({
    id: 'icpc.within_15wd_pct',
    title: 'ICPCs within 15 working days of the Section 47 start',
    contract: '% of those with `working_days(S47ActualStartDate, DateOfInitialCPC) <= 15`',
    source: s47,
    where: [icpcInYear],
    numerator: [
      {
        words: 'the working days from the Section 47 start date (S47ActualStartDate) to the conference are 15 or fewer',
        sql: () => sql`${col('working_days_to_icpc')} <= 15`,
      },
    ],
  }),
  cpAtYearEnd,
  rate({ id: 'cp.rate_per_10k_at_year_end', title: 'Child protection plans at 31 March per 10,000', contract: 'that count per 10,000 children aged 0-17' }, cpAtYearEnd),
  count({ id: 'cp.plans_started', title: 'Child protection plans started', contract: 'plans with `CPPstartDate` in the year', source: cp, where: [planStartedInYear] }),
  count({ id: 'cp.plans_ceased', title: 'Child protection plans ceased', contract: 'plans with `CPPendDate` in the year', source: cp, where: [inYear('end_date', 'plan end date (CPPendDate)')] }),
  percentage({
    id: 'cp.second_or_subsequent_pct',
    title: 'Plans started that were a second or subsequent plan',
    contract: '% of plans started with `NumberOfPreviousCPP` > 0',
    source: cp,
    where: [planStartedInYear],
    numerator: [{ words: 'the number of previous plans (NumberOfPreviousCPP) is more than 0 (an empty number is not)', sql: () => sql`${col('previous_plans')} > 0` }],
  }),
  by({
    id: 'cp.by_initial_category',
    title: 'Plans started by initial category of abuse',
    contract: 'plans started, by `InitialCategoryOfAbuse`',
    source: cp,
    where: [planStartedInYear],
    code: { words: 'initial category of abuse (InitialCategoryOfAbuse; a plan with none has no code)', column: 'initial_category' },
  }),
  claAtYearEnd,
  rate({ id: 'cla.rate_per_10k_at_year_end', title: 'Children looked after at 31 March per 10,000', contract: 'that count per 10,000 children aged 0-17' }, claAtYearEnd),
  count({
    id: 'cla.started',
    title: 'Episodes started (new periods of care)',
    contract: 'episodes with `RNE` = `S` and `DECOM` in the year',
    source: cla,
    where: [{ words: 'the reason for new episode (RNE) is S (started to be looked after)', sql: () => sql`${col('rne')} = 'S'` }, inYear('decom', 'episode start date (DECOM)')],
  }),
  claCeased,
  count({
    id: 'cla.ceased_adopted',
    title: 'Episodes ceased: adopted',
    contract: 'of those, `REC` in E11, E12',
    source: cla,
    where: [...claCeasedInYear, codeIn('rec', ADOPTED, `REC is one of ${ADOPTED.join(' ')} (adopted)`)],
  }),
  count({
    id: 'cla.ceased_sgo',
    title: 'Episodes ceased: special guardianship order',
    contract: 'of those, `REC` in E43, E44, E45, E46, E47, E48',
    source: cla,
    where: [...claCeasedInYear, codeIn('rec', SGO, `REC is one of ${SGO.join(' ')} (special guardianship order)`)],
  }),
  percentage({
    id: 'cla.ceased_adopted_pct',
    title: 'Episodes ceased: adopted (%)',
    contract: 'those as % of `cla.ceased`',
    source: cla,
    where: claCeasedInYear,
    numerator: [codeIn('rec', ADOPTED, `REC is one of ${ADOPTED.join(' ')} (adopted)`)],
  }),
  percentage({
    id: 'cla.ceased_sgo_pct',
    title: 'Episodes ceased: special guardianship order (%)',
    contract: 'those as % of `cla.ceased`',
    source: cla,
    where: claCeasedInYear,
    numerator: [codeIn('rec', SGO, `REC is one of ${SGO.join(' ')} (special guardianship order)`)],
  }),
  percentage({
    id: 'care_leavers.eet_pct_17_21',
    title: 'Care leavers aged 17-21 in education, employment or training',
    contract: '% of rows aged 17-21 with `ACTIV` in F1 P1 F2 P2 F3 P3 F4 P4 F5 P5',
    source: careLeavers,
    where: [ageBetween(17, 21)],
    numerator: [codeIn('activity', EET, `the activity (ACTIV) is one of ${EET.join(' ')}`)],
  }),
  percentage({
    id: 'care_leavers.suitable_accommodation_pct_19_21',
    title: 'Care leavers aged 19-21 in suitable accommodation',
    contract: '% of rows aged 19-21 whose `ACCOM` is a letter followed by `1`',
    source: careLeavers,
    where: [ageBetween(19, 21)],
    numerator: [{ words: 'the accommodation code (ACCOM) is a letter followed by 1 (suitable)', sql: () => sql`${col('accommodation')} ~ '^[A-Z]1$'` }],
  }),
  percentage({
    id: 'care_leavers.in_touch_pct_17_21',
    title: 'Care leavers aged 17-21 in touch',
    contract: '% of rows aged 17-21 with `IN_TOUCH` = YES',
    source: careLeavers,
    where: [ageBetween(17, 21)],
    numerator: [{ words: 'IN_TOUCH is YES', sql: () => sql`${col('in_touch')} = 'YES'` }],
  }),
  {
    id: 'population.children_0_17',
    title: 'Children aged 0-17',
    contract: 'the 0-17 population recorded for the area and year',
    kind: 'population',
    unit: 'count',
    explanation: 'The 0-17 population recorded for the area and year (haven import population); no figure (null) when none is recorded.',
  },
];

/** Every metric, in the contract's order. */
export const KPI_DEFINITIONS: readonly KpiDefinition[] = DEFINITIONS;

const BY_ID = new Map<string, KpiDefinition>(DEFINITIONS.map((d) => [d.id, d]));

/** The definition of a metric id, or undefined when the contract has no such id. */
export function kpiDefinition(id: string): KpiDefinition | undefined {
  return BY_ID.get(id);
}

/** The sources and their metrics in one place, for the engine's single pass per source. */
export function metricsOf(source: KpiSource): (CountDefinition | PercentageDefinition | ByDefinition)[] {
  return DEFINITIONS.filter((d): d is CountDefinition | PercentageDefinition | ByDefinition => 'source' in d && d.source === source);
}
