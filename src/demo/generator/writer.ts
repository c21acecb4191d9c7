/**
 * Bulk writing: rows are collected in memory, a table at a time, and written with multi-row
 * `INSERT ... SELECT FROM unnest(...)` statements (one array parameter per column, a few thousand
 * rows a statement). Each batch is its own short transaction, so the embedded engine, which has
 * one connection, can answer web requests between batches.
 *
 * Foreign-key checks are most of the cost of such inserts (a trigger fires per row). The rows are
 * consistent by construction (children before their episodes, episodes before their plans, all
 * in one transaction, and the tests check every reference), so when the database allows it a
 * batch skips those checks (src/core/db/bulk-load.ts).
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { skipReferenceChecks } from '../../core/db/bulk-load.ts';

type ColumnType = 'uuid' | 'text' | 'date' | 'boolean' | 'int4' | 'timestamptz' | 'text[]' | 'jsonb';

/** The journey tables the generator writes, in an order that satisfies their foreign keys. */
export const TABLES = {
  child: {
    id: 'uuid', la_child_id: 'text', first_name: 'text', last_name: 'text', date_of_birth: 'date', sex: 'text',
    team_id: 'uuid', allocated_worker_id: 'uuid', lead_agency_id: 'uuid', upn: 'text', former_upn: 'text', upn_unknown: 'text',
    nhs_number: 'text', expected_date_of_birth: 'date', ethnicity: 'text', disabilities: 'text[]', first_language: 'text',
    postcode: 'text', address: 'text', uasc: 'boolean', uasc_ceased_date: 'date', mother: 'boolean', mother_child_dob: 'date',
  },
  child_former_name: { child_id: 'uuid', first_name: 'text', last_name: 'text', until_date: 'date' },
  person: {
    id: 'uuid', kind: 'text', first_name: 'text', last_name: 'text', date_of_birth: 'date', phone: 'text', email: 'text',
    address: 'text', postcode: 'text',
  },
  child_relationship: {
    id: 'uuid', child_id: 'uuid', person_id: 'uuid', related_child_id: 'uuid', relationship: 'text',
    lives_with_child: 'boolean', has_parental_responsibility: 'boolean',
  },
  contact: {
    id: 'uuid', child_id: 'uuid', contact_date: 'date', received_at: 'timestamptz', source: 'text', source_detail: 'text',
    outcome: 'text', detail: 'jsonb',
  },
  cin_episode: {
    id: 'uuid', child_id: 'uuid', referral_date: 'date', referral_source: 'text', primary_need: 'text', referral_nfa: 'boolean',
    closure_date: 'date', closure_reason: 'text', contact_id: 'uuid', team_id: 'uuid', allocated_worker_id: 'uuid',
  },
  assessment: {
    id: 'uuid', episode_id: 'uuid', child_id: 'uuid', start_date: 'date', authorisation_date: 'date', factors: 'text[]',
    outcome: 'text', extension_reason: 'text',
  },
  cin_plan: { id: 'uuid', episode_id: 'uuid', child_id: 'uuid', start_date: 'date', end_date: 'date' },
  strategy_discussion: {
    id: 'uuid', episode_id: 'uuid', child_id: 'uuid', contact_id: 'uuid', held_on: 'date', decision: 'text', attendees: 'jsonb',
    safety_plan: 'text',
  },
  s47_enquiry: {
    id: 'uuid', episode_id: 'uuid', child_id: 'uuid', strategy_discussion_id: 'uuid', start_date: 'date', icpc_target_date: 'date',
    icpc_date: 'date', icpc_not_required: 'boolean', outcome: 'text',
  },
  cp_plan: {
    id: 'uuid', episode_id: 'uuid', child_id: 'uuid', start_date: 'date', end_date: 'date', initial_category: 'text',
    latest_category: 'text', previous_plans: 'int4',
  },
  cp_review: { plan_id: 'uuid', review_date: 'date' },
  cp_visit: { plan_id: 'uuid', visit_date: 'date', seen_alone: 'boolean' },
  core_group: { plan_id: 'uuid', meeting_date: 'date' },
  la_episode: {
    id: 'uuid', child_id: 'uuid', decom: 'date', rne: 'text', legal_status: 'text', cin: 'text', place: 'text', place_provider: 'text',
    dec: 'date', rec: 'text', reason_place_change: 'text', home_post: 'text', pl_post: 'text', urn: 'text',
  },
  la_review: { child_id: 'uuid', review_date: 'date', review_code: 'text' },
  missing_episode: { child_id: 'uuid', start_date: 'date', end_date: 'date', missing_type: 'text' },
  la_outcome: {
    child_id: 'uuid', year: 'text', sdq_score: 'int4', sdq_reason: 'text', convicted: 'boolean', health_check: 'boolean',
    immunisations: 'boolean', teeth_check: 'boolean', health_assessment: 'boolean', substance_misuse: 'boolean',
    intervention_received: 'boolean', intervention_offered: 'boolean',
  },
  care_leaver: { child_id: 'uuid', year: 'text', in_touch: 'text', activity: 'text', accommodation: 'text', pathway_plan_date: 'date' },
  adoption: {
    child_id: 'uuid', date_int: 'date', date_match: 'date', foster_care: 'boolean', number_adopters: 'text', sex_adopters: 'text',
    ls_adopters: 'text', date_placement_order: 'date', date_placed: 'date', date_placed_ceased: 'date', reason_placed_ceased: 'text',
  },
  placed_for_adoption: { child_id: 'uuid', date_placed: 'date', date_placed_ceased: 'date', reason_placed_ceased: 'text' },
  previous_permanence: { child_id: 'uuid', prev_perm: 'text', la_perm: 'text', date_perm: 'text' },
  early_help_episode: {
    id: 'uuid', family_ref: 'text', start_date: 'date', end_date: 'date', lead_professional_agency_id: 'uuid',
    lead_professional: 'text', outcome: 'text',
  },
  early_help_child: { episode_id: 'uuid', child_id: 'uuid' },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type TableName = keyof typeof TABLES;

type SqlValue<T extends ColumnType> = T extends 'boolean' ? boolean : T extends 'int4' ? number : string;

/** One row of `table`, as the generator builds it (every column given, null where absent). */
export type Row<T extends TableName> = { [C in keyof (typeof TABLES)[T]]: SqlValue<(typeof TABLES)[T][C] & ColumnType> | null };

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

const COLUMNS = Object.fromEntries(TABLE_NAMES.map((t) => [t, Object.keys(TABLES[t])])) as Record<TableName, string[]>;

/** Rows waiting to be written, column by column. */
export class Batch {
  private readonly columns = new Map<TableName, unknown[][]>();
  private readonly counts = new Map<TableName, number>();
  /** Rows held in all tables. */
  size = 0;

  constructor() {
    for (const table of TABLE_NAMES) {
      this.columns.set(table, COLUMNS[table].map(() => []));
      this.counts.set(table, 0);
    }
  }

  add<T extends TableName>(table: T, row: Row<T>): void {
    const columns = this.columns.get(table) as unknown[][];
    const names = COLUMNS[table];
    const values = row as Record<string, unknown>;
    for (let i = 0; i < names.length; i += 1) (columns[i] as unknown[]).push(values[names[i] as string]);
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    this.size += 1;
  }

  /** How many rows each table holds, to undo a family that turns out not to be needed. */
  mark(): Map<TableName, number> {
    return new Map(this.counts);
  }

  /** Drops every row added since `mark`. */
  rollback(mark: Map<TableName, number>): void {
    for (const table of TABLE_NAMES) {
      const keep = mark.get(table) ?? 0;
      const count = this.counts.get(table) ?? 0;
      if (count === keep) continue;
      for (const column of this.columns.get(table) as unknown[][]) column.length = keep;
      this.size -= count - keep;
      this.counts.set(table, keep);
    }
  }

  /** Rows per table in this batch. */
  rowCounts(): Map<TableName, number> {
    return new Map(this.counts);
  }

  /**
   * Writes every row in one transaction, table by table in foreign-key order, `chunk` values at
   * most per statement, then empties the batch.
   */
  async flush(db: Kysely<Database>, laCode: string, options: { skipReferenceChecks?: boolean; chunkValues?: number } = {}): Promise<void> {
    if (this.size === 0) return;
    const chunkValues = options.chunkValues ?? 120_000;
    await db.transaction().execute(async (trx) => {
      if (options.skipReferenceChecks) await skipReferenceChecks(trx);
      for (const table of TABLE_NAMES) {
        const count = this.counts.get(table) ?? 0;
        if (count === 0) continue;
        const names = COLUMNS[table];
        const columns = this.columns.get(table) as unknown[][];
        const rowsPerStatement = Math.max(500, Math.floor(chunkValues / names.length));
        for (let from = 0; from < count; from += rowsPerStatement) {
          const to = Math.min(count, from + rowsPerStatement);
          await insertStatement(table, laCode, names, columns.map((c) => c.slice(from, to))).execute(trx);
        }
      }
    });
    for (const table of TABLE_NAMES) {
      for (const column of this.columns.get(table) as unknown[][]) column.length = 0;
      this.counts.set(table, 0);
    }
    this.size = 0;
  }
}

/**
 * `INSERT INTO t (la_code, a, b) SELECT $la, u.a, u.b FROM unnest($1::uuid[], $2::text[]) AS u(a, b)`.
 * Array and JSON columns travel as text (an array of array literals cannot be ragged) and are cast
 * row by row.
 */
function insertStatement(table: TableName, laCode: string, names: string[], values: unknown[][]) {
  const types = TABLES[table] as Record<string, ColumnType>;
  const carried = (type: ColumnType): string => (type === 'text[]' || type === 'jsonb' ? 'text' : type);
  const select = names.map((name) => {
    const type = types[name] as ColumnType;
    return type === 'text[]' || type === 'jsonb' ? `u.${name}::${type}` : `u.${name}`;
  });
  const arrays = names.map((name, i) => sql`${values[i]}::${sql.raw(`${carried(types[name] as ColumnType)}[]`)}`);
  return sql`INSERT INTO ${sql.table(table)} (la_code, ${sql.raw(names.join(', '))})
    SELECT ${laCode}::text, ${sql.raw(select.join(', '))}
    FROM unnest(${sql.join(arrays)}) AS u(${sql.raw(names.join(', '))})`;
}
