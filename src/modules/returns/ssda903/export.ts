/**
 * `haven export ssda903 --year 2025-26 --out DIR`: the SSDA903 CSV files written from Haven's
 * journey tables, checked with the year's rules before they leave.
 *
 * Which records go in (DfE SSDA903 guidance, as the validation rules read it):
 * - episodes.csv: every episode open at some time in the year (DECOM <= 31 March and DEC blank or
 *   >= 1 April), short breaks included; a DEC after 31 March is not yet known at the year's end, so
 *   it is written blank with its REC and REASON_PLACE_CHANGE;
 * - the return's children: those with such an episode, an OC2 row or an OC3 row of the year;
 *   header.csv has one row each, uasc.csv one per UASC child among them;
 * - reviews.csv, missing.csv, sw_episodes.csv: their rows dated in the year (missing and social
 *   worker episodes: those overlapping it, an end after 31 March written blank);
 * - oc2.csv, oc3.csv: the rows held for the year;
 *   (uasc.csv leaves out a status that ceased before the year, rule 104; header.csv leaves MOTHER
 *   blank for a care leaver not looked after in the year, rule 628; UPN falls back to the UN code);
 * - ad1.csv: the children adopted in the year (an episode ending E11 or E12 in the year);
 * - placed_for_adoption.csv: decisions to place for adoption made by the year's end, for the
 *   return's children looked after at some time in the year, unless the decision ceased before it
 *   (rule 118);
 * - previous_permanence.csv: the children whose period of care started in the year (RNE S);
 * - sw_episodes.csv: only when Haven holds social worker episodes for the return's children. With
 *   none held, writing an empty file would assert that none happened; leaving it out says the
 *   return does not carry them (and the social worker rules do not run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from '../../../core/db/kysely.ts';
import type { Database } from '../../../core/db/schema.ts';
import { recordAudit } from '../../../core/audit.ts';
import { reportingYear } from '../../../core/dates.ts';
import { toDmy } from './dates.ts';
import { TABLES, type Ssda903Tables, type TableName, type TableRows } from './model.ts';
import { rowFromCells } from './read.ts';
import { validateSsda903Return, type ValidationResult } from './validate.ts';

type Cells = Record<string, string>;

export type Ssda903ExportResult = {
  year: string;
  /** Rows written per file. */
  files: Record<string, number>;
  validation: ValidationResult | null;
};

const dmy = (iso: string | null | undefined): string => (iso ? toDmy(iso) : '');
const yesNo = (value: boolean | null | undefined): string => (value === null || value === undefined ? '' : value ? '1' : '0');
const text = (value: string | number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

/** The year's return as CSV cells per table, from the partnership's records. */
export async function buildSsda903Cells(db: Kysely<Database>, laCode: string, year: string): Promise<Record<TableName, Cells[]>> {
  const { start, end } = reportingYear(year);
  const episodes = await sql<{
    child_id: string; la_child_id: string; decom: string; rne: string | null; legal_status: string | null; cin: string | null; place: string | null;
    place_provider: string | null; dec: string | null; rec: string | null; reason_place_change: string | null; home_post: string | null; pl_post: string | null; urn: string | null;
  }>`
    SELECT e.child_id, c.la_child_id, e.decom::text, e.rne, e.legal_status, e.cin, e.place, e.place_provider, e.dec::text, e.rec, e.reason_place_change, e.home_post, e.pl_post, e.urn
    FROM la_episode e JOIN child c ON c.la_code = e.la_code AND c.id = e.child_id
    WHERE e.la_code = ${laCode} AND e.decom <= ${end} AND (e.dec IS NULL OR e.dec >= ${start})
    ORDER BY c.la_child_id, e.decom`.execute(db);
  const outcomes = await db.selectFrom('la_outcome').selectAll().where('la_code', '=', laCode).where('year', '=', year).execute();
  const leavers = await db.selectFrom('care_leaver').selectAll().where('la_code', '=', laCode).where('year', '=', year).execute();

  const childIds = new Set<string>([...episodes.rows.map((e) => e.child_id), ...outcomes.map((o) => o.child_id), ...leavers.map((l) => l.child_id)]);
  const ids = [...childIds];
  const children = ids.length === 0 ? [] : await db
    .selectFrom('child')
    .select(['id', 'la_child_id', 'sex', 'upn_unknown', sql<string | null>`date_of_birth::text`.as('dob'), 'ethnicity', 'upn', 'mother', sql<string | null>`mother_child_dob::text`.as('mc_dob'), 'uasc', sql<string | null>`uasc_ceased_date::text`.as('duc')])
    .where('la_code', '=', laCode)
    .where('id', '=', sql<string>`ANY(${ids}::uuid[])`)
    .orderBy('la_child_id')
    .execute();
  const byId = new Map(children.map((c) => [c.id, c]));
  const idOf = (childId: string): string => byId.get(childId)?.la_child_id ?? '';
  const dobOf = (childId: string): string => dmy(byId.get(childId)?.dob);
  const order = <T extends { child_id: string }>(rows: T[], key: (r: T) => string = () => ''): T[] =>
    [...rows].sort((a, b) => idOf(a.child_id).localeCompare(idOf(b.child_id)) || key(a).localeCompare(key(b)));

  const inCare = new Set(episodes.rows.map((e) => e.child_id));
  const adopted = new Set(episodes.rows.filter((e) => e.dec !== null && e.dec >= start && e.dec <= end && (e.rec === 'E11' || e.rec === 'E12')).map((e) => e.child_id));
  const started = new Set(episodes.rows.filter((e) => e.rne === 'S' && e.decom >= start).map((e) => e.child_id));
  const list = ids.length === 0 ? sql`ARRAY[]::uuid[]` : sql`${ids}::uuid[]`;

  const reviews = await sql<{ child_id: string; review_date: string; review_code: string | null }>`
    SELECT child_id, review_date::text, review_code FROM la_review
    WHERE la_code = ${laCode} AND child_id = ANY(${list}) AND review_date BETWEEN ${start} AND ${end}`.execute(db);
  const missing = await sql<{ child_id: string; start_date: string; end_date: string | null; missing_type: string | null }>`
    SELECT child_id, start_date::text, end_date::text, missing_type FROM missing_episode
    WHERE la_code = ${laCode} AND child_id = ANY(${list}) AND start_date <= ${end} AND (end_date IS NULL OR end_date >= ${start})`.execute(db);
  const sw = await sql<{ child_id: string; sw_id: string; sw_decom: string; sw_dec: string | null; sw_reason: string | null }>`
    SELECT child_id, sw_id, sw_decom::text, sw_dec::text, sw_reason FROM sw_episode
    WHERE la_code = ${laCode} AND child_id = ANY(${list}) AND sw_decom <= ${end} AND (sw_dec IS NULL OR sw_dec >= ${start})`.execute(db);
  const adoptions = await sql<{ child_id: string; date_int: string | null; date_match: string | null; foster_care: boolean | null; number_adopters: string | null; sex_adopters: string | null; ls_adopters: string | null }>`
    SELECT child_id, date_int::text, date_match::text, foster_care, number_adopters, sex_adopters, ls_adopters FROM adoption
    WHERE la_code = ${laCode} AND child_id = ANY(${list})`.execute(db);
  const placed = await sql<{ child_id: string; date_placed: string; date_placed_ceased: string | null; reason_placed_ceased: string | null }>`
    SELECT child_id, date_placed::text, date_placed_ceased::text, reason_placed_ceased FROM placed_for_adoption
    WHERE la_code = ${laCode} AND child_id = ANY(${list}) AND date_placed <= ${end}
      AND (date_placed_ceased IS NULL OR date_placed_ceased >= ${start})`.execute(db);
  const permanence = await db.selectFrom('previous_permanence').selectAll().where('la_code', '=', laCode).where('child_id', '=', sql<string>`ANY(${list})`).execute();

  const cutoff = (date: string | null): string | null => (date !== null && date > end ? null : date);
  return {
    header: children.map((c) => ({
      CHILD: c.la_child_id, SEX: text(c.sex), DOB: dmy(c.dob), ETHNIC: text(c.ethnicity), UPN: text(c.upn ?? c.upn_unknown),
      // Rule 628: no motherhood details for a care leaver not looked after in the year.
      MOTHER: inCare.has(c.id) ? yesNo(c.mother) : '', MC_DOB: dmy(c.mc_dob),
    })),
    episodes: episodes.rows.map((e) => {
      const dec = cutoff(e.dec);
      return {
        CHILD: e.la_child_id, DECOM: dmy(e.decom), RNE: text(e.rne), LS: text(e.legal_status), CIN: text(e.cin), PLACE: text(e.place), PLACE_PROVIDER: text(e.place_provider),
        DEC: dmy(dec), REC: dec === null ? '' : text(e.rec), REASON_PLACE_CHANGE: dec === null ? '' : text(e.reason_place_change),
        HOME_POST: text(e.home_post), PL_POST: text(e.pl_post), URN: text(e.urn),
      };
    }),
    reviews: order(reviews.rows, (r) => r.review_date).map((r) => ({ CHILD: idOf(r.child_id), DOB: dobOf(r.child_id), REVIEW: dmy(r.review_date), REVIEW_CODE: text(r.review_code) })),
    // Rule 104: a UASC status that ceased before the year is not part of it.
    uasc: children.filter((c) => c.uasc && (c.duc === null || c.duc >= start)).map((c) => ({ CHILD: c.la_child_id, SEX: text(c.sex), DOB: dmy(c.dob), DUC: dmy(c.duc) })),
    oc2: order(outcomes).map((o) => ({
      CHILD: idOf(o.child_id), DOB: dobOf(o.child_id), SDQ_SCORE: text(o.sdq_score), SDQ_REASON: text(o.sdq_reason), CONVICTED: yesNo(o.convicted),
      HEALTH_CHECK: yesNo(o.health_check), IMMUNISATIONS: yesNo(o.immunisations), TEETH_CHECK: yesNo(o.teeth_check), HEALTH_ASSESSMENT: yesNo(o.health_assessment),
      SUBSTANCE_MISUSE: yesNo(o.substance_misuse), INTERVENTION_RECEIVED: yesNo(o.intervention_received), INTERVENTION_OFFERED: yesNo(o.intervention_offered),
    })),
    oc3: order(leavers).map((l) => ({ CHILD: idOf(l.child_id), DOB: dobOf(l.child_id), IN_TOUCH: text(l.in_touch), ACTIV: text(l.activity), ACCOM: text(l.accommodation) })),
    ad1: order(adoptions.rows.filter((a) => adopted.has(a.child_id))).map((a) => ({
      CHILD: idOf(a.child_id), DOB: dobOf(a.child_id), DATE_INT: dmy(a.date_int), DATE_MATCH: dmy(a.date_match), FOSTER_CARE: yesNo(a.foster_care),
      NB_ADOPTR: text(a.number_adopters), SEX_ADOPTR: text(a.sex_adopters), LS_ADOPTR: text(a.ls_adopters),
    })),
    placedAdoption: order(placed.rows.filter((p) => inCare.has(p.child_id)), (p) => p.date_placed).map((p) => {
      const ceased = cutoff(p.date_placed_ceased);
      return { CHILD: idOf(p.child_id), DOB: dobOf(p.child_id), DATE_PLACED: dmy(p.date_placed), DATE_PLACED_CEASED: dmy(ceased), REASON_PLACED_CEASED: ceased === null ? '' : text(p.reason_placed_ceased) };
    }),
    prevPerm: order(permanence.filter((p) => started.has(p.child_id))).map((p) => ({
      CHILD: idOf(p.child_id), DOB: dobOf(p.child_id), PREV_PERM: text(p.prev_perm), LA_PERM: text(p.la_perm), DATE_PERM: text(p.date_perm),
    })),
    missing: order(missing.rows, (m) => m.start_date).map((m) => ({
      CHILD: idOf(m.child_id), DOB: dobOf(m.child_id), MISSING: text(m.missing_type), MIS_START: dmy(m.start_date), MIS_END: dmy(cutoff(m.end_date)),
    })),
    swEpisodes: order(sw.rows, (s) => s.sw_decom).map((s) => {
      const dec = cutoff(s.sw_dec);
      return { CHILD: idOf(s.child_id), DOB: dobOf(s.child_id), SW_ID: s.sw_id, SW_DECOM: dmy(s.sw_decom), SW_DEC: dmy(dec), SW_REASON: dec === null ? '' : text(s.sw_reason) };
    }),
  };
}

/** The cells as typed rows, for the validator. */
export function tablesFromCells(cells: Record<TableName, Cells[]>): Ssda903Tables {
  const tables: Ssda903Tables = {};
  for (const table of Object.keys(cells) as TableName[]) {
    if (table === 'swEpisodes' && cells[table].length === 0) continue;
    (tables as Record<TableName, TableRows[TableName][]>)[table] = cells[table].map((row, i) => rowFromCells(table, row, { line: i + 2 }));
  }
  const uascChildren = new Set((cells.uasc ?? []).map((r) => r.CHILD));
  for (const row of tables.header ?? []) (row as { UASC: '0' | '1' | null }).UASC = row.CHILD !== null && uascChildren.has(row.CHILD) ? '1' : '0';
  return tables;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes the return's files into `outDir` (created if need be), each with its header row. */
export function writeCsvFiles(cells: Record<TableName, Cells[]>, outDir: string): Record<string, number> {
  fs.mkdirSync(outDir, { recursive: true });
  const files: Record<string, number> = {};
  for (const table of Object.keys(TABLES) as TableName[]) {
    if (table === 'swEpisodes' && cells[table].length === 0) continue;
    const columns = Object.keys(TABLES[table].columns);
    const rows = cells[table];
    const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c] ?? '')).join(','))];
    fs.writeFileSync(path.join(outDir, TABLES[table].file), `${lines.join('\n')}\n`);
    files[TABLES[table].file] = rows.length;
  }
  return files;
}

/** Builds, validates and writes the year's return; records an audit event for the export. */
export async function exportSsda903(db: Kysely<Database>, laCode: string, year: string, outDir: string, options: { userId?: string | null } = {}): Promise<Ssda903ExportResult> {
  const cells = await buildSsda903Cells(db, laCode, year);
  let validation: ValidationResult | null = null;
  try {
    validation = validateSsda903Return({ current: tablesFromCells(cells) }, { collectionYear: year });
  } catch (error) {
    if (!(error instanceof Error && /No SSDA903 rule set/.test(error.message))) throw error;
  }
  const files = writeCsvFiles(cells, outDir);
  await recordAudit(db, {
    laCode,
    actor: options.userId ? { id: options.userId, role: 'cli' } : null,
    action: 'returns.export',
    recordType: 'return',
    purpose: 'SSDA903 export',
    outcome: 'succeeded',
    detail: { kind: 'ssda903', year, files, errors: validation?.issues.filter((i) => i.type === 'error').length ?? null },
  });
  return { year, files, validation };
}
