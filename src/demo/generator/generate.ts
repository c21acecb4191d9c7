/**
 * `haven demo`: a deterministic synthetic partnership over three reporting years. The same seed and
 * scale give the same rows (identifiers included) on every machine and engine; scale multiplies
 * volumes (1 is an inner-London borough of about 60,000 children: some 13,000 contacts, 3,500
 * referrals and 430 children looked after at 31 March a year).
 *
 * Families are generated one at a time and their rows collected in a batch; a full batch is
 * written in one short transaction, so the embedded engine keeps serving between batches.
 */
import { sql, type Kysely, type RawBuilder } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { reportingYear } from '../../core/dates.ts';
import { ensureDemoPartnership, type DemoSignIn } from '../partnership.ts';
import { day, type Day } from './days.ts';
import { Run, type Organisation, type Settings, type YearSpan } from './model.ts';
import {
  EARLY_HELP_FROM, FAMILIES_FROM, LEGACY_FROM, UASC_FROM, contactOnlyStory, earlyHelpStory, familyStory, legacyCareStory, relevantFromFor, uascStory,
} from './scenarios.ts';
import { yearFigures, type YearFigures } from './summary.ts';
import { Batch, TABLE_NAMES } from './writer.ts';
import { canSkipReferenceChecks } from '../../core/db/bulk-load.ts';

export type DemoOptions = {
  laCode: string;
  /** Volume multiplier: 1 is the borough of the yearly report; fractions allowed (0.05 for a quick demo). */
  scale: number;
  seed: number;
  /** Where the demonstration sign-ins are kept when the partnership is created. */
  dataDir: string;
  /** The last of the three reporting years (default 2025-26). */
  lastYear?: string;
  /** Rows collected before a batch is written (default 40,000). */
  batchRows?: number;
  onProgress?: (phase: string, fraction: number) => void;
};

export type DemoResult = {
  signIns: DemoSignIn[];
  years: YearFigures[];
  /** Rows written per table. */
  counts: Record<string, number>;
  rows: number;
  seconds: number;
  /** Seconds spent in each phase, in order. */
  phases: { name: string; seconds: number }[];
};

/** Families a year at scale 1, by kind (calibrated so that the year figures match the report's page). */
export const RATES = {
  /** Children entering care before the story's families (sibling groups a year). */
  legacyCare: 130,
  unaccompanied: 30,
  /** Families coming to children's social care for the first time. */
  families: 1450,
  /** Children in contacts that never become referrals. */
  contactOnly: 4300,
  /** Families coming to early help directly. */
  earlyHelp: 160,
} as const;

/** The 0-17 population at scale 1, falling a little each year as in many inner-London boroughs. */
const POPULATION = 60_000;

/** The journey tables the demonstration fills (and `--replace` empties), children's tables last. */
export const JOURNEY_TABLES = [
  'cp_review', 'cp_visit', 'core_group', 'assessment', 'cin_plan', 's47_enquiry', 'cp_plan', 'strategy_discussion', 'cin_episode', 'contact',
  'la_episode', 'la_review', 'missing_episode', 'la_outcome', 'care_leaver', 'adoption', 'placed_for_adoption', 'previous_permanence',
  'sw_episode', 'early_help_child', 'early_help_episode', 'chronology_mark', 'case_note',
] as const;

/** The children the generator made: their LA child IDs are NB and seven digits. */
const GENERATED_CHILD = '^NB[0-9]{7}$';

/** Three reporting years ending with `last`, as day numbers. */
export function reportingYears(last = '2025-26'): YearSpan[] {
  const first = Number(reportingYear(last).start.slice(0, 4));
  return [first - 2, first - 1, first].map((y) => {
    const year = reportingYear(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
    return { label: year.label, start: day(year.start), end: day(year.end) };
  });
}

/** Whether the partnership already has journey records (contacts, referrals, care or early help). */
export async function hasJourneyData(db: Kysely<Database>, laCode: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM cin_episode WHERE la_code = ${laCode})::int + (SELECT count(*) FROM contact WHERE la_code = ${laCode})::int
      + (SELECT count(*) FROM la_episode WHERE la_code = ${laCode})::int + (SELECT count(*) FROM early_help_episode WHERE la_code = ${laCode})::int AS n`.execute(db);
  return rows[0]?.n ?? 0;
}

type ForeignKey = { table: string; columns: string[]; references: string[] };

/** Foreign keys of other tables that refer to `table`, read from the catalogue. */
async function referringKeys(db: Kysely<Database>, table: string): Promise<ForeignKey[]> {
  const { rows } = await sql<ForeignKey>`
    SELECT c.conrelid::regclass::text AS table,
      array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
      array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS references
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.confrelid = ${table}::regclass AND c.conrelid <> c.confrelid`.execute(db);
  return rows;
}

type Condition = (alias: string) => RawBuilder<unknown>;

/**
 * Deletes the rows of `table` that meet `where`, after the rows of other modules' tables that
 * refer to them (found through the catalogue, so a module added later is handled too). Returns
 * the rows deleted per table outside `own`.
 */
async function deleteWithReferrers(db: Kysely<Database>, table: string, where: Condition, own: ReadonlySet<string>, elsewhere: Record<string, number>, depth = 0): Promise<void> {
  if (depth > 6) throw new Error(`References to ${table} nest too deeply to delete safely`);
  for (const key of await referringKeys(db, table)) {
    if (own.has(key.table)) continue;
    const alias = `p${depth}`;
    const condition: Condition = (a) =>
      sql`(${sql.join(key.columns.map((c) => sql.ref(`${a}.${c}`)))}) IN (SELECT ${sql.join(key.references.map((c) => sql.ref(`${alias}.${c}`)))} FROM ${sql.table(table)} AS ${sql.raw(alias)} WHERE ${where(alias)})`;
    const before = elsewhere[key.table] ?? 0;
    await deleteWithReferrers(db, key.table, condition, own, elsewhere, depth + 1);
    const result = await sql`DELETE FROM ${sql.table(key.table)} AS t WHERE ${condition('t')}`.execute(db);
    elsewhere[key.table] = before + Number(result.numAffectedRows ?? 0);
  }
}

/**
 * Deletes the partnership's journey records, the children the generator made and their families,
 * and the rows of other modules that refer to them (for example the MASH's working records of
 * deleted contacts). The audit trail is append-only and is never touched; population figures are
 * reference data and are overwritten, not deleted. Each table goes in its own short transaction.
 */
export async function deleteJourneyData(
  db: Kysely<Database>,
  laCode: string,
  onProgress?: (phase: string, fraction: number) => void,
): Promise<{ elsewhere: Record<string, number> }> {
  const own = new Set<string>([...JOURNEY_TABLES, 'child', 'person', 'child_relationship', 'child_former_name']);
  const elsewhere: Record<string, number> = {};
  const generated: Condition = (a) => sql`${sql.ref(`${a}.la_code`)} = ${laCode} AND ${sql.ref(`${a}.la_child_id`)} ~ ${GENERATED_CHILD}`;
  const steps: [table: string, where: Condition][] = [
    ...JOURNEY_TABLES.map((table): [string, Condition] => [table, (a) => sql`${sql.ref(`${a}.la_code`)} = ${laCode}`]),
    ['person', (a) => sql`${sql.ref(`${a}.la_code`)} = ${laCode} AND EXISTS (SELECT 1 FROM child_relationship r JOIN child c ON c.la_code = r.la_code AND c.id = r.child_id
      WHERE r.la_code = ${sql.ref(`${a}.la_code`)} AND r.person_id = ${sql.ref(`${a}.id`)} AND c.la_child_id ~ ${GENERATED_CHILD})`],
    ['child_relationship', (a) => sql`${sql.ref(`${a}.la_code`)} = ${laCode} AND EXISTS (SELECT 1 FROM child c WHERE c.la_code = ${sql.ref(`${a}.la_code`)}
      AND (c.id = ${sql.ref(`${a}.child_id`)} OR c.id = ${sql.ref(`${a}.related_child_id`)}) AND c.la_child_id ~ ${GENERATED_CHILD})`],
    ['child_former_name', (a) => sql`${sql.ref(`${a}.la_code`)} = ${laCode} AND EXISTS (SELECT 1 FROM child c WHERE c.la_code = ${sql.ref(`${a}.la_code`)}
      AND c.id = ${sql.ref(`${a}.child_id`)} AND c.la_child_id ~ ${GENERATED_CHILD})`],
    ['child', generated],
  ];
  for (const [i, [table, where]] of steps.entries()) {
    await db.transaction().execute(async (trx) => {
      await deleteWithReferrers(trx, table, where, own, elsewhere);
      await sql`DELETE FROM ${sql.table(table)} AS t WHERE ${where('t')}`.execute(trx);
    });
    onProgress?.('Deleting the journey records', (i + 1) / steps.length);
  }
  for (const table of Object.keys(elsewhere)) if (elsewhere[table] === 0) delete elsewhere[table];
  return { elsewhere };
}

/** Teams, agencies and the demonstration social worker of the partnership, by name and type. */
async function loadOrganisation(db: Kysely<Database>, laCode: string): Promise<Organisation> {
  const teams = await db.selectFrom('team').select(['id', 'name']).where('la_code', '=', laCode).execute();
  const agencies = await db.selectFrom('agency').select(['id', 'name', 'agency_type', 'is_statutory_partner']).where('la_code', '=', laCode).orderBy('name').execute();
  const worker = await db.selectFrom('app_user').select('id').where('la_code', '=', laCode).where('role', '=', 'social_worker').where('disabled_at', 'is', null).orderBy('email').executeTakeFirst();
  const team = (name: string): string | null => teams.find((t) => t.name === name)?.id ?? null;
  const agency = (type: string) => agencies.find((a) => a.agency_type === type && (type !== 'local_authority' || a.is_statutory_partner)) ?? agencies.find((a) => a.agency_type === type);
  return {
    teams: { mash: team('MASH'), assessment: team('Assessment Team'), childProtection: team('Child Protection Team') },
    agencies: {
      council: agency('local_authority')?.id ?? null,
      police: agency('police')?.id ?? null,
      health: agency('health')?.id ?? null,
      school: agency('school')?.id ?? null,
      voluntary: agency('voluntary')?.id ?? null,
    },
    agencyNames: {
      council: agency('local_authority')?.name ?? 'Children’s social care',
      police: agency('police')?.name ?? 'Police',
      health: agency('health')?.name ?? 'Health',
      school: agency('school')?.name ?? 'School',
      voluntary: agency('voluntary')?.name ?? 'Voluntary organisation',
    },
    socialWorkerId: worker?.id ?? null,
  };
}

type Phase = { name: string; count: number; weight: number; from: Day; to: Day; story: (run: Run, index: number, count: number, from: Day, span: number, relevantFrom: Day) => void };

/**
 * Generates the demonstration partnership's three reporting years into the database: the
 * partnership itself (via ensureDemoPartnership) when it does not exist, then every family, then
 * the 0-17 population. The caller checks for existing journey data first (see hasJourneyData).
 */
export async function generateDemo(db: Kysely<Database>, options: DemoOptions): Promise<DemoResult> {
  const began = performance.now();
  const { laCode, scale, seed } = options;
  if (!(scale > 0 && scale <= 100)) throw new RangeError(`The scale must be more than 0 and at most 100: ${scale}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`The seed must be a whole number from 0: ${seed}`);
  const timings: { name: string; seconds: number }[] = [];
  let phaseStarted = performance.now();
  const report = (name: string, fraction: number): void => {
    const current = timings[timings.length - 1];
    if (current?.name !== name) {
      const now = performance.now();
      if (current) current.seconds = (now - phaseStarted) / 1000;
      phaseStarted = now;
      timings.push({ name, seconds: 0 });
    }
    options.onProgress?.(name, fraction);
  };

  report('Setting up the partnership', 0);
  const exists = await db.selectFrom('partnership').select('la_code').where('la_code', '=', laCode).executeTakeFirst();
  const signIns = exists ? [] : await ensureDemoPartnership(db, laCode, options.dataDir);
  const org = await loadOrganisation(db, laCode);

  const years = reportingYears(options.lastYear);
  const first = years[0] as YearSpan;
  const last = years[years.length - 1] as YearSpan;
  const settings: Settings = { laCode, seed, scale, years, windowStart: first.start, end: last.end, contactsFrom: first.start };
  const run = new Run(settings, org, new Batch());
  const relevantFrom = relevantFromFor(first.start);
  const spanYears = (from: Day, to: Day): number => (to - from) / 365.25;
  const phase = (name: string, perYear: number, weight: number, from: Day, to: Day, story: Phase['story']): Phase => ({
    name, count: Math.max(1, Math.round(perYear * spanYears(from, to) * scale)), weight, from, to, story,
  });
  // Arrival windows move with the reporting years: the story starts the same number of years before.
  const shift = first.start - day('2023-04-01');
  const phases: Phase[] = [
    phase('Children in care since 2005', RATES.legacyCare, 3, LEGACY_FROM + shift, FAMILIES_FROM + shift + 183, legacyCareStory),
    phase('Unaccompanied children', RATES.unaccompanied, 3, UASC_FROM + shift, last.end + 1, uascStory),
    phase('Families known to children’s social care', RATES.families, 4, FAMILIES_FROM + shift, last.end + 1, familyStory),
    phase('Contacts at the front door', RATES.contactOnly, 1, settings.contactsFrom - 730, last.end + 1, (r, i, n, from, span) => contactOnlyStory(r, i, n, from, span)),
    phase('Early help', RATES.earlyHelp, 2, EARLY_HELP_FROM + shift, last.end + 1, earlyHelpStory),
  ];
  const totalWeight = phases.reduce((sum, p) => sum + p.count * p.weight, 0);
  const batchRows = options.batchRows ?? 40_000;
  const skipReferenceChecks = await canSkipReferenceChecks(db, TABLE_NAMES);
  let doneWeight = 0;
  let rows = 0;
  // A full batch is written while the next is generated (the database runs on its own thread), one
  // transaction at a time: the wait for the previous write comes before the next begins.
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const counts: Record<string, number> = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0]));
  const flush = async (): Promise<void> => {
    await writing;
    if (failure) throw failure;
    const full = run.batch;
    run.batch = new Batch();
    rows += full.size;
    for (const [table, n] of full.rowCounts()) counts[table] = (counts[table] ?? 0) + n;
    writing = full.flush(db, laCode, { skipReferenceChecks }).catch((error: unknown) => {
      failure = error;
    });
  };
  // Generation is synchronous: it gives the event loop a turn every few milliseconds, so the
  // write in flight can send its next statement and the database thread never waits on it.
  let lastYield = performance.now();
  for (const p of phases) {
    report(p.name, doneWeight / totalWeight);
    const span = p.to - p.from;
    for (let i = 0; i < p.count; i += 1) {
      p.story(run, i, p.count, p.from, span, relevantFrom);
      if (performance.now() - lastYield > 5) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (run.batch.size >= batchRows) {
        await flush();
        report(p.name, (doneWeight + (i + 1) * p.weight) / totalWeight);
      }
    }
    doneWeight += p.count * p.weight;
  }
  report('Writing the last rows', 1);
  await flush();
  await writing;
  if (failure) throw failure;

  report('Population and summary', 1);
  for (const [i, year] of years.entries()) {
    const population = Math.round(POPULATION * scale * (1.004 - 0.004 * i));
    await sql`INSERT INTO population (la_code, year, population_0_17) VALUES (${laCode}, ${year.label}, ${population})
      ON CONFLICT (la_code, year) DO UPDATE SET population_0_17 = EXCLUDED.population_0_17`.execute(db);
  }
  // Fresh statistics, so the first KPI queries over millions of rows plan well.
  for (const table of ['child', ...TABLE_NAMES.filter((t) => t !== 'child')]) await sql`ANALYZE ${sql.table(table)}`.execute(db);
  const figures: YearFigures[] = [];
  for (const year of years) figures.push(await yearFigures(db, laCode, year));
  report('Done', 1);
  return { signIns, years: figures, counts, rows, seconds: (performance.now() - began) / 1000, phases: timings.slice(0, -1) };
}
