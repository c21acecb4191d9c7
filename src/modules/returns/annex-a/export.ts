/**
 * `haven export annex-a --out F.xlsx`: Haven's records as Ofsted's Annex A lists, one sheet per
 * list in the columns of layouts.ts, written with exceljs's streaming WorkbookWriter and read from
 * the database a page at a time, so neither side holds the whole return in memory. Dates are Excel
 * dates shown dd/mm/yyyy; codes are the DfE codes Haven records (referral source 1A..10, primary
 * need N0..N9, category of abuse, SSDA903 legal status and reason ceased), which is also what
 * `haven import annex-a` reads, so an export of an import reproduces its rows.
 */
import ExcelJS from 'exceljs';
import { sql, type Kysely, type RawBuilder } from '../../../core/db/kysely.ts';
import type { Database } from '../../../core/db/schema.ts';
import { recordAudit } from '../../../core/audit.ts';
import { LAYOUTS, LIST_NUMBERS, type ListNumber } from './layouts.ts';

type Row = Record<string, unknown>;
const PAGE = 5000;

const GENDER: Record<string, string> = { M: 'a) Male', F: 'b) Female', U: 'c) Unknown' };
const yesNo = (b: unknown): string | null => (b === null || b === undefined ? null : b ? 'Yes' : 'No');
const date = (d: unknown): Date | null => (typeof d === 'string' && d ? new Date(`${d}T00:00:00Z`) : null);

/** Age in whole years on `on` ('YYYY-MM-DD'); -1 for an unborn child, as Annex A asks. */
function age(dob: unknown, on: string): number | null {
  if (typeof dob !== 'string' || !dob) return null;
  if (dob > on) return -1;
  const years = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  return on.slice(5) < dob.slice(5) ? years - 1 : years;
}

/** Each list's rows: the common child columns plus the list's own, keyed by column title. */
function listQuery(list: ListNumber, laCode: string): RawBuilder<Row> | null {
  const child = sql`c.la_child_id, c.sex, c.ethnicity, c.date_of_birth::text AS date_of_birth`;
  switch (list) {
    case 1:
      return sql<Row>`SELECT ${child}, ct.contact_date::text AS "Date of Contact", ct.source AS "Contact Source"
        FROM contact ct JOIN child c ON c.la_code = ct.la_code AND c.id = ct.child_id
        WHERE ct.la_code = ${laCode} ORDER BY ct.contact_date, c.la_child_id, ct.source NULLS FIRST, ct.id`;
    case 2:
      return sql<Row>`SELECT ${child}, e.start_date::text AS "Assessment Start Date", e.end_date::text AS "Assessment Completion Date",
          e.lead_professional AS "Organisation Completing Assessment"
        FROM early_help_episode e JOIN early_help_child ec ON ec.la_code = e.la_code AND ec.episode_id = e.id
        JOIN child c ON c.la_code = ec.la_code AND c.id = ec.child_id
        WHERE e.la_code = ${laCode} ORDER BY e.start_date, c.la_child_id`;
    case 3:
      // Number of referrals in the 12 months before this one, this one included (kpi-definitions.md, "12 months before").
      return sql<Row>`SELECT ${child}, e.referral_date::text AS "Date of Referral", e.referral_source AS "Referral Source", e.referral_nfa AS nfa,
          (SELECT count(*) FROM cin_episode p WHERE p.la_code = e.la_code AND p.child_id = e.child_id
             AND p.referral_date <= e.referral_date AND p.referral_date >= (e.referral_date - interval '1 year')::date)::int AS "Number of Referrals in Last 12 Months"
        FROM cin_episode e JOIN child c ON c.la_code = e.la_code AND c.id = e.child_id
        WHERE e.la_code = ${laCode} ORDER BY e.referral_date, c.la_child_id`;
    case 4:
      return sql<Row>`SELECT ${child}, a.start_date::text AS "Continuous Assessment Start Date", a.authorisation_date::text AS "Continuous Assessment Date of Authorisation"
        FROM assessment a JOIN child c ON c.la_code = a.la_code AND c.id = a.child_id
        WHERE a.la_code = ${laCode} ORDER BY a.start_date, c.la_child_id`;
    case 5:
      return sql<Row>`SELECT ${child}, s.start_date::text AS "Strategy Discussion Initiating Section 47 Enquiry Start Date",
          s.icpc_not_required AS not_required, s.icpc_date::text AS "Date of Initial Child Protection Conference",
          CASE WHEN s.icpc_date IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM cp_plan p WHERE p.la_code = s.la_code AND p.child_id = s.child_id AND p.start_date = s.icpc_date) END AS to_plan
        FROM s47_enquiry s JOIN child c ON c.la_code = s.la_code AND c.id = s.child_id
        WHERE s.la_code = ${laCode} ORDER BY s.start_date, c.la_child_id`;
    case 6:
      return sql<Row>`SELECT ${child}, e.referral_date::text AS "CIN Start Date", e.primary_need AS "Primary Need Code", e.closure_date::text AS "CIN Closure Date",
          e.closure_reason AS "Reason for Closure", CASE WHEN e.closure_date IS NULL THEN 'Open' ELSE 'Closed' END AS "Case Status"
        FROM cin_episode e JOIN child c ON c.la_code = e.la_code AND c.id = e.child_id
        WHERE e.la_code = ${laCode} AND NOT e.referral_nfa ORDER BY e.referral_date, c.la_child_id`;
    case 7:
      return sql<Row>`SELECT ${child}, p.start_date::text AS "Child Protection Plan Start Date", p.initial_category AS "Initial Category of Abuse",
          p.latest_category AS "Latest Category of Abuse", p.end_date::text AS "Child Protection Plan End Date", p.previous_plans AS "Number of Previous Child Protection Plans"
        FROM cp_plan p JOIN child c ON c.la_code = p.la_code AND c.id = p.child_id
        WHERE p.la_code = ${laCode} ORDER BY p.start_date, c.la_child_id`;
    case 8:
      // A period of care starts with an episode no episode of the child ends into (SSDA903: DEC of one = DECOM of the next
      // within a period); its end, reason and legal status are those of its last episode.
      return sql<Row>`WITH starts AS (
          SELECT e.* FROM la_episode e WHERE e.la_code = ${laCode}
            AND NOT EXISTS (SELECT 1 FROM la_episode p WHERE p.la_code = e.la_code AND p.child_id = e.child_id AND p.dec = e.decom)
        )
        SELECT ${child}, s.decom::text AS "Date Started to be Looked After", s.cin AS "Child’s Category of Need", l.legal_status AS "Legal Status",
          l.place AS "Placement Type", l.place_provider AS "Placement Provider", l.dec::text AS "Date Ceased to be Looked After", l.rec AS "Reason Ceased to be Looked After"
        FROM starts s JOIN child c ON c.la_code = s.la_code AND c.id = s.child_id
        CROSS JOIN LATERAL (
          SELECT e.legal_status, e.place, e.place_provider, e.dec, e.rec FROM la_episode e
          WHERE e.la_code = s.la_code AND e.child_id = s.child_id AND e.decom >= s.decom
            AND e.decom < coalesce((SELECT min(n.decom) FROM starts n WHERE n.child_id = s.child_id AND n.decom > s.decom), 'infinity'::date)
          ORDER BY e.decom DESC LIMIT 1
        ) l
        ORDER BY s.decom, c.la_child_id`;
    case 9:
      return sql<Row>`SELECT DISTINCT ON (cl.child_id) ${child}, cl.in_touch AS "Is the Young Person in Touch?", cl.activity AS "Activity", cl.accommodation AS "Accommodation"
        FROM care_leaver cl JOIN child c ON c.la_code = cl.la_code AND c.id = cl.child_id
        WHERE cl.la_code = ${laCode} ORDER BY cl.child_id, cl.year DESC`;
    case 10:
      return sql<Row>`SELECT ${child}, a.date_int::text AS "Date of Decision that Child Should be Placed for Adoption", a.date_placement_order::text AS "Date of Placement Order",
          a.date_match::text AS "Date of Matching Child and Prospective Adopters", a.date_placed::text AS "Date Placed for Adoption",
          a.date_placed_ceased::text AS "Date Ceased to be Placed for Adoption", a.reason_placed_ceased AS "Reason Ceased to be Placed for Adoption"
        FROM adoption a JOIN child c ON c.la_code = a.la_code AND c.id = a.child_id
        WHERE a.la_code = ${laCode} ORDER BY c.la_child_id`;
    case 11:
      return null; // Haven keeps no adopter records: the sheet carries its header only.
  }
}

/** One row of a list as cell values in the layout's column order. */
function cells(list: ListNumber, row: Row, today: string): (string | number | Date | null)[] {
  const byTitle: Record<string, unknown> = {
    ...row,
    'Child Unique ID': row.la_child_id,
    Gender: typeof row.sex === 'string' ? GENDER[row.sex] : null,
    Ethnicity: row.ethnicity,
    'Date of Birth': row.date_of_birth,
    'Age of Child (Years)': age(row.date_of_birth, today),
    'Referral NFA?': yesNo(row.nfa),
    'Was an Initial Child Protection Conference Deemed Unnecessary?': yesNo(row.not_required),
    'Did the Initial Child Protection Conference Result in a Child Protection Plan': yesNo(row.to_plan),
  };
  return LAYOUTS[list].columns.map((title) => {
    const value = byTitle[title];
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && (/date|dob|started|ceased|birth/i.test(title))) return date(value);
    return typeof value === 'number' ? value : String(value);
  });
}

/** Writes every list for the partnership to `out`; returns the rows written per list. */
export async function exportAnnexA(db: Kysely<Database>, laCode: string, out: string, options: { today?: string; actor?: { id: string; role: string } } = {}): Promise<Record<ListNumber, number>> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  const counts = {} as Record<ListNumber, number>;
  for (const list of LIST_NUMBERS) {
    const layout = LAYOUTS[list];
    const sheet = workbook.addWorksheet(layout.sheet);
    sheet.columns = layout.columns.map((title) => ({ header: title, key: title, width: Math.min(40, Math.max(12, title.length + 2)), ...(/date|birth|started|ceased/i.test(title) && !/^(Was|Did|Number)/.test(title) ? { style: { numFmt: 'dd/mm/yyyy' } } : {}) }));
    counts[list] = 0;
    const query = listQuery(list, laCode);
    for (let offset = 0; query; offset += PAGE) {
      const { rows } = await sql<Row>`${query} LIMIT ${PAGE} OFFSET ${offset}`.execute(db);
      for (const row of rows) sheet.addRow(cells(list, row, today)).commit();
      counts[list] += rows.length;
      if (rows.length < PAGE) break;
    }
    sheet.commit();
  }
  await workbook.commit();
  await recordAudit(db, { laCode, actor: options.actor, action: 'export.annex-a', outcome: 'succeeded', detail: { rows: counts } });
  return counts;
}
