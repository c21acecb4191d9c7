/**
 * `haven import annex-a`: Ofsted's Annex A lists into Haven's journey tables, never a side table of
 * raw rows. Each list maps onto the records the CIN census and SSDA903 also fill, merged by their
 * natural keys (child + date), so a child in Annex A and in a census is one child with one referral:
 *
 * | list | Haven record | natural key |
 * |---|---|---|
 * | 1 contacts | contact | child, date of contact (the n-th contact of a child on a day is the n-th row) |
 * | 2 early help | early_help_episode + early_help_child | child, assessment start date |
 * | 3 referrals | cin_episode | child, date of referral (= CINreferralDate) |
 * | 4 assessments | assessment | the child's latest episode referred on or before the start, start date |
 * | 5 section 47 | s47_enquiry | episode (as 4), strategy discussion / S47 start date |
 * | 6 children in need | cin_episode | child, CIN start date (= CINreferralDate) |
 * | 7 child protection | cp_plan | episode (as 4), plan start date |
 * | 8 children in care | la_episode | child, date started to be looked after (DECOM of the period's first episode) |
 * | 9 care leavers | care_leaver (OC3) | child, reporting year of the date of latest contact |
 * | 10 adoption | adoption | child |
 *
 * List 11 (adopters: not children; Haven keeps no adopter records) is read and reported as not
 * stored.
 *
 * Children link by Child Unique ID = LA child ID (updated, never duplicated). The whole file is one
 * transaction: the first bad value refuses the file, naming its sheet, row, column, value and what
 * was expected, and nothing changes. Importing the same file twice changes nothing (every table
 * reports its rows as unchanged).
 */
import path from 'node:path';
import { sql, type Insertable, type Kysely, type Transaction } from '../../../core/db/kysely.ts';
import type { Database } from '../../../core/db/schema.ts';
import { recordAudit } from '../../../core/audit.ts';
import { fingerprint, recordImportRun, type TableChanges } from '../import-runs.ts';
import { startPartnershipImport } from '../merge.ts';
import { reportingYearOf } from '../../../core/dates.ts';
import { londonDateOf } from '../../../core/calendar/london-time.ts';
import { AnnexAInputError, readAnnexACsv, readAnnexAWorkbook, type AnnexARow, type CellValue } from './read.ts';
import type { ListNumber } from './layouts.ts';
import * as v from './values.ts';

type Trx = Transaction<Database>;
type Scalar = string | number | boolean | null;
type Outcome = 'inserted' | 'updated' | 'unchanged';
type PendingChild = { laChildId: string; sex: 'M' | 'F' | 'U' | null; ethnicity: string | null; date_of_birth: string | null };

/** Rows of List 1, 3 and 6 written at once. */
const BATCH = 1000;

export type AnnexAImportResult = {
  file: string;
  rowsByList: Partial<Record<ListNumber, number>>;
  changes: Record<string, TableChanges>;
  /** Rows Haven could not place, with why (an assessment with no referral on record, list 9 and 11 rows). */
  notStored: { list: ListNumber; row: number; reason: string }[];
  runId: string;
};

export type AnnexAImportOptions = {
  /** A CSV of one list rather than a workbook. */
  list?: ListNumber;
  actor?: { id: string; role: string };
  /** Called every 1,000 rows and at the end of each list. */
  progress?: (message: string) => void;
  /** The import's date, 'YYYY-MM-DD' (default today in London): the year of a List 9 row without a contact date. */
  today?: string;
};

const TOUCHED_TABLES = ['child', 'contact', 'early_help_episode', 'early_help_child', 'cin_episode', 'assessment', 's47_enquiry', 'cp_plan', 'la_episode', 'care_leaver', 'adoption'] as const;

/** Imports an Annex A workbook (or, with `list`, one list as CSV) for the partnership `laCode`. */
export async function importAnnexA(db: Kysely<Database>, laCode: string, file: string, options: AnnexAImportOptions = {}): Promise<AnnexAImportResult> {
  const startedAt = new Date();
  const sha256 = await fingerprint(file).catch(() => {
    throw new Error(`${file}: no such file`);
  });
  const rows = options.list ? readAnnexACsv(file, options.list) : readAnnexAWorkbook(file);
  const result = await db.transaction().execute(async (trx) => {
    await startPartnershipImport(trx, laCode);
    const importer = new Importer(trx, laCode, file, options.today ?? londonDateOf(new Date()));
    let count = 0;
    let currentList: ListNumber | null = null;
    let reported = '';
    const report = (list: ListNumber): void => {
      const message = `List ${list}: ${importer.rowsByList[list] ?? 0} rows`;
      if (message !== reported) options.progress?.(message);
      reported = message;
    };
    for await (const row of rows) {
      if (currentList !== null && row.list !== currentList) report(currentList);
      currentList = row.list;
      await importer.row(row);
      if (++count % 1000 === 0) report(row.list);
    }
    await importer.flush();
    if (currentList !== null) report(currentList);
    const runId = await recordImportRun(trx, laCode, {
      kind: 'annex-a',
      source: path.basename(file),
      sha256,
      year: null,
      startedAt,
      userId: options.actor?.id ?? null,
      changes: importer.changes,
      findings: {},
    });
    await recordAudit(trx, {
      laCode,
      actor: options.actor,
      action: 'import.annex-a',
      outcome: 'succeeded',
      detail: { file: path.basename(file), rows: importer.rowsByList, changes: importer.changes, notStored: importer.notStored.length },
    });
    return { file, rowsByList: importer.rowsByList, changes: importer.changes, notStored: importer.notStored, runId };
  });
  // The embedded engine never analyses on its own; fresh statistics keep the KPI queries' plans sane.
  const touched = TOUCHED_TABLES.filter((t) => (result.changes[t]?.inserted ?? 0) + (result.changes[t]?.updated ?? 0) > 0);
  if (touched.length) await sql`VACUUM ANALYZE ${sql.join(touched.map((t) => sql.table(t)))}`.execute(db);
  return result;
}

class Importer {
  readonly rowsByList: Partial<Record<ListNumber, number>> = {};
  readonly changes: Record<string, TableChanges> = {};
  readonly notStored: AnnexAImportResult['notStored'] = [];
  private readonly children = new Map<string, string>();
  /** Contacts this file has already matched, so the n-th same-day contact matches the n-th row. */
  private readonly matchedContacts = new Set<string>();
  private pendingContacts: { child: PendingChild; contactDate: string; source: string | null }[] = [];
  private pendingEpisodes: { child: PendingChild; referralDate: string; values: Record<string, Scalar> }[] = [];

  constructor(
    private readonly trx: Trx,
    private readonly laCode: string,
    private readonly file: string,
    /** The import's date, 'YYYY-MM-DD' (the year of a care leaver without a contact date). */
    private readonly today: string,
  ) {}

  private count(table: string, outcome: Outcome): void {
    const c = (this.changes[table] ??= { inserted: 0, updated: 0, unchanged: 0 });
    c[outcome]++;
  }

  /** Reads one cell with a parser, refusing the file with the cell's place when it cannot be read. */
  private cell<T>(row: AnnexARow, column: string, parse: (value: CellValue) => T): T {
    const value = row.cells.get(column) ?? null;
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof v.Refusal)) throw error;
      const shown = value instanceof Date ? value.toISOString().slice(0, 10) : value === null ? '' : String(value);
      throw new AnnexAInputError(this.file, { sheet: row.sheet, row: row.row, column }, shown, error.message);
    }
  }

  private refuse(row: AnnexARow, column: string, value: string, expected: string): never {
    throw new AnnexAInputError(this.file, { sheet: row.sheet, row: row.row, column }, value, expected);
  }

  async row(row: AnnexARow): Promise<void> {
    if (row.list !== 1) await this.flushContacts();
    if (row.list !== 3 && row.list !== 6) await this.flushEpisodes();
    this.rowsByList[row.list] = (this.rowsByList[row.list] ?? 0) + 1;
    switch (row.list) {
      case 1: return this.queueContact(row);
      case 2: return this.earlyHelp(row);
      case 3: return this.referral(row);
      case 4: return this.assessment(row);
      case 5: return this.s47(row);
      case 6: return this.childInNeed(row);
      case 7: return this.cpPlan(row);
      case 8: return this.lookedAfter(row);
      case 9: return this.careLeaver(row);
      case 10: return this.adoption(row);
      case 11:
        this.notStored.push({ list: 11, row: row.row, reason: 'adopters are not children; Haven keeps no adopter records' });
        return;
    }
  }

  private childDetails(row: AnnexARow): PendingChild {
    return {
      laChildId: this.cell(row, 'Child Unique ID', v.parseChildId),
      sex: this.cell(row, 'Gender', v.parseGender),
      ethnicity: this.cell(row, 'Ethnicity', v.parseEthnicity),
      date_of_birth: this.cell(row, 'Date of Birth', v.parseDate),
    };
  }

  /** The child with this Child Unique ID, created or brought up to date from the row's details. */
  private async child(row: AnnexARow): Promise<string> {
    const details = this.childDetails(row);
    await this.resolveChildren([details]);
    return this.children.get(details.laChildId)!;
  }

  /**
   * Finds the children of many rows in one query and creates the missing ones in one statement; a
   * known child has the details a row gives (gender, ethnicity, date of birth) brought up to date,
   * never erased by an empty cell. Each child counts once per file, from the first row naming it.
   */
  private async resolveChildren(rows: PendingChild[]): Promise<void> {
    const unknown = new Map<string, PendingChild>();
    for (const r of rows) if (!this.children.has(r.laChildId) && !unknown.has(r.laChildId)) unknown.set(r.laChildId, r);
    if (unknown.size === 0) return;
    const found = await this.trx.selectFrom('child').select(['id', 'la_child_id', 'sex', 'ethnicity', 'date_of_birth'])
      .where('la_code', '=', this.laCode).where('la_child_id', 'in', [...unknown.keys()]).execute();
    for (const c of found) {
      const given = unknown.get(c.la_child_id)!;
      unknown.delete(c.la_child_id);
      this.children.set(c.la_child_id, c.id);
      const set = {
        ...(given.sex && given.sex !== c.sex ? { sex: given.sex } : {}),
        ...(given.ethnicity && given.ethnicity !== c.ethnicity ? { ethnicity: given.ethnicity } : {}),
        ...(given.date_of_birth && given.date_of_birth !== c.date_of_birth ? { date_of_birth: given.date_of_birth } : {}),
      };
      if (Object.keys(set).length === 0) {
        this.count('child', 'unchanged');
        continue;
      }
      await this.trx.updateTable('child').set({ ...set, updated_at: new Date() }).where('la_code', '=', this.laCode).where('id', '=', c.id).execute();
      this.count('child', 'updated');
    }
    if (unknown.size === 0) return;
    const inserted = await this.trx.insertInto('child')
      .values([...unknown.values()].map((r) => ({ la_code: this.laCode, la_child_id: r.laChildId, sex: r.sex, ethnicity: r.ethnicity, date_of_birth: r.date_of_birth, first_name: null, last_name: null })))
      .returning(['id', 'la_child_id']).execute();
    for (const c of inserted) {
      this.children.set(c.la_child_id, c.id);
      this.count('child', 'inserted');
    }
  }

  /**
   * Inserts a row with this key, or updates the given values of the row that has it. Values that are
   * undefined or null are left as they are (an empty cell never erases what another return recorded).
   */
  private async upsert(table: string, key: Record<string, Scalar>, values: Record<string, Scalar | undefined>, onInsert: Record<string, Scalar> = {}): Promise<{ id: string; outcome: Outcome }> {
    const where = sql.join([sql`la_code = ${this.laCode}`, ...Object.entries(key).map(([k, val]) => sql`${sql.ref(k)} = ${val}`)], sql` AND `);
    const existing = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE ${where} LIMIT 1`.execute(this.trx)).rows[0];
    const given = Object.entries(values).filter((e): e is [string, string | number | boolean] => e[1] !== undefined && e[1] !== null);
    if (!existing) {
      const row = { la_code: this.laCode, ...key, ...onInsert, ...Object.fromEntries(given) };
      const cols = Object.keys(row);
      const inserted = await sql<{ id?: string }>`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES (${sql.join(cols.map((c) => sql`${row[c as keyof typeof row]}`))}) RETURNING *`.execute(this.trx);
      return { id: String(inserted.rows[0]?.id ?? ''), outcome: 'inserted' };
    }
    const changed = given.filter(([k, val]) => !same(existing[k], val));
    if (changed.length === 0) return { id: String(existing.id ?? ''), outcome: 'unchanged' };
    await sql`UPDATE ${sql.table(table)} SET ${sql.join(changed.map(([k, val]) => sql`${sql.ref(k)} = ${val}`))} WHERE ${where}`.execute(this.trx);
    return { id: String(existing.id ?? ''), outcome: 'updated' };
  }

  /** The child's latest episode of need referred on or before `date`, where Annex A's later stages belong. */
  private async episodeOn(childId: string, date: string): Promise<string | null> {
    const found = await this.trx.selectFrom('cin_episode').select('id').where('la_code', '=', this.laCode).where('child_id', '=', childId)
      .where('referral_date', '<=', date).orderBy('referral_date', 'desc').limit(1).executeTakeFirst();
    return found?.id ?? null;
  }

  /** List 1 rows are checked as they come and written 1,000 at a time (a contacts list is the longest). */
  private async queueContact(row: AnnexARow): Promise<void> {
    const child = this.childDetails(row);
    const contactDate = this.cell(row, 'Date of Contact', v.parseDate) ?? this.refuse(row, 'Date of Contact', '', 'a date of contact');
    this.pendingContacts.push({ child, contactDate, source: this.cell(row, 'Contact Source', v.parseReferralSource) });
    if (this.pendingContacts.length >= BATCH) await this.flushContacts();
  }

  /**
   * Writes the queued contacts. The n-th contact of a child on a day in the file matches the n-th such
   * contact already stored: first one of the same source not yet matched by this file, else any of
   * that day (whose source is then corrected); with none left, the contact is new.
   */
  async flush(): Promise<void> {
    await this.flushEpisodes();
    await this.flushContacts();
  }

  private async flushContacts(): Promise<void> {
    const batch = this.pendingContacts;
    if (batch.length === 0) return;
    this.pendingContacts = [];
    await this.resolveChildren(batch.map((b) => b.child));
    const childIds = [...new Set(batch.map((b) => this.children.get(b.child.laChildId)!))];
    const dates = [...new Set(batch.map((b) => b.contactDate))];
    const stored = await this.trx.selectFrom('contact').select(['id', 'child_id', 'contact_date', 'source']).where('la_code', '=', this.laCode)
      .where('child_id', 'in', childIds).where('contact_date', 'in', dates).orderBy('created_at').orderBy('id').execute();
    const byDay = new Map<string, { id: string; source: string | null }[]>();
    for (const c of stored) byDay.set(`${c.child_id}|${c.contact_date}`, [...(byDay.get(`${c.child_id}|${c.contact_date}`) ?? []), c]);
    const inserts: { la_code: string; child_id: string; contact_date: string; source: string | null; imported_from: string }[] = [];
    for (const b of batch) {
      const childId = this.children.get(b.child.laChildId)!;
      const open = (byDay.get(`${childId}|${b.contactDate}`) ?? []).filter((c) => !this.matchedContacts.has(c.id));
      const match = open.find((c) => c.source === b.source) ?? open.find((c) => b.source === null || c.source === null) ?? open[0];
      if (!match) {
        inserts.push({ la_code: this.laCode, child_id: childId, contact_date: b.contactDate, source: b.source, imported_from: 'annex-a' });
        continue;
      }
      this.matchedContacts.add(match.id);
      if (b.source === null || match.source === b.source) {
        this.count('contact', 'unchanged');
        continue;
      }
      await this.trx.updateTable('contact').set({ source: b.source }).where('la_code', '=', this.laCode).where('id', '=', match.id).execute();
      match.source = b.source;
      this.count('contact', 'updated');
    }
    if (inserts.length === 0) return;
    for (const { id } of await this.trx.insertInto('contact').values(inserts).returning('id').execute()) {
      this.matchedContacts.add(id);
      this.count('contact', 'inserted');
    }
  }

  private async earlyHelp(row: AnnexARow): Promise<void> {
    const childId = await this.child(row);
    const startDate = this.cell(row, 'Assessment Start Date', v.parseDate) ?? this.refuse(row, 'Assessment Start Date', '', 'an early help assessment start date');
    const endDate = this.cell(row, 'Assessment Completion Date', v.parseDate);
    if (endDate && endDate < startDate) this.refuse(row, 'Assessment Completion Date', endDate, `on or after the start date ${startDate}`);
    const organisation = this.cell(row, 'Organisation Completing Assessment', (x) => v.parseText(x));
    const existing = await this.trx.selectFrom('early_help_episode as e').innerJoin('early_help_child as c', (j) => j.onRef('c.la_code', '=', 'e.la_code').onRef('c.episode_id', '=', 'e.id'))
      .select(['e.id', 'e.end_date', 'e.lead_professional']).where('e.la_code', '=', this.laCode).where('c.child_id', '=', childId).where('e.start_date', '=', startDate)
      .limit(1).executeTakeFirst();
    if (!existing) {
      const episode = await this.trx.insertInto('early_help_episode').values({ la_code: this.laCode, start_date: startDate, end_date: endDate, lead_professional: organisation })
        .returning('id').executeTakeFirstOrThrow();
      await this.trx.insertInto('early_help_child').values({ la_code: this.laCode, episode_id: episode.id, child_id: childId }).execute();
      return this.count('early_help_episode', 'inserted');
    }
    const set = { ...(endDate && endDate !== existing.end_date ? { end_date: endDate } : {}), ...(organisation && organisation !== existing.lead_professional ? { lead_professional: organisation } : {}) };
    if (Object.keys(set).length === 0) return this.count('early_help_episode', 'unchanged');
    await this.trx.updateTable('early_help_episode').set(set).where('la_code', '=', this.laCode).where('id', '=', existing.id).execute();
    this.count('early_help_episode', 'updated');
  }

  private async referral(row: AnnexARow): Promise<void> {
    const child = this.childDetails(row);
    const referralDate = this.cell(row, 'Date of Referral', v.parseDate) ?? this.refuse(row, 'Date of Referral', '', 'a date of referral');
    const values = { referral_source: this.cell(row, 'Referral Source', v.parseReferralSource), referral_nfa: this.cell(row, 'Referral NFA?', v.parseYesNo) };
    await this.queueEpisode(child, referralDate, values);
  }

  /** List 3 and 6 rows are checked as they come and written 1,000 at a time, like contacts. */
  private async queueEpisode(child: PendingChild, referralDate: string, values: Record<string, Scalar>): Promise<void> {
    this.pendingEpisodes.push({ child, referralDate, values });
    if (this.pendingEpisodes.length >= BATCH) await this.flushEpisodes();
  }

  /** Writes the queued episodes of need: one query finds those stored (child + referral date), one inserts the new. */
  private async flushEpisodes(): Promise<void> {
    const batch = this.pendingEpisodes;
    if (batch.length === 0) return;
    this.pendingEpisodes = [];
    await this.resolveChildren(batch.map((b) => b.child));
    const stored = await this.trx.selectFrom('cin_episode').select(['id', 'child_id', 'referral_date', 'referral_source', 'referral_nfa', 'primary_need', 'closure_date', 'closure_reason'])
      .where('la_code', '=', this.laCode).where('child_id', 'in', [...new Set(batch.map((b) => this.children.get(b.child.laChildId)!))])
      .where('referral_date', 'in', [...new Set(batch.map((b) => b.referralDate))]).execute();
    const byKey = new Map<string, Record<string, unknown>>(stored.map((e) => [`${e.child_id}|${e.referral_date}`, e]));
    const inserts = new Map<string, Record<string, Scalar>>();
    for (const b of batch) {
      const childId = this.children.get(b.child.laChildId)!;
      const key = `${childId}|${b.referralDate}`;
      const given = Object.entries(b.values).filter((e): e is [string, string | number | boolean] => e[1] !== null && e[1] !== undefined);
      const queued = inserts.get(key);
      const existing = queued ?? byKey.get(key);
      if (!existing) {
        inserts.set(key, { la_code: this.laCode, child_id: childId, referral_date: b.referralDate, ...Object.fromEntries(given) });
        continue;
      }
      const changed = given.filter(([k, value]) => !same(existing[k], value));
      // Counted as if written row by row: a later row of an episode this batch creates updates it or leaves it unchanged.
      if (changed.length === 0) {
        this.count('cin_episode', 'unchanged');
        continue;
      }
      Object.assign(existing, Object.fromEntries(changed));
      this.count('cin_episode', 'updated');
      if (queued) continue;
      await this.trx.updateTable('cin_episode').set(Object.fromEntries(changed)).where('la_code', '=', this.laCode).where('id', '=', String(existing.id)).execute();
    }
    if (inserts.size === 0) return;
    const rows = [...inserts.values()] as unknown as Insertable<Database['cin_episode']>[];
    const inserted = await this.trx.insertInto('cin_episode').values(rows).returning('id').execute();
    inserted.forEach(() => this.count('cin_episode', 'inserted'));
  }

  private async childInNeed(row: AnnexARow): Promise<void> {
    const child = this.childDetails(row);
    const startDate = this.cell(row, 'CIN Start Date', v.parseDate) ?? this.refuse(row, 'CIN Start Date', '', 'a CIN start date');
    const closureDate = this.cell(row, 'CIN Closure Date', v.parseDate);
    if (closureDate && closureDate < startDate) this.refuse(row, 'CIN Closure Date', closureDate, `on or after the CIN start date ${startDate}`);
    const values = { primary_need: this.cell(row, 'Primary Need Code', v.parsePrimaryNeed), closure_date: closureDate, closure_reason: this.cell(row, 'Reason for Closure', v.parseReasonForClosure) };
    await this.queueEpisode(child, startDate, values);
  }

  /** A stage of an episode of need (assessment, S47, CP plan): placed in the child's episode at that date. */
  private async stage(row: AnnexARow, table: string, dateColumn: string, values: Record<string, Scalar>): Promise<void> {
    const childId = await this.child(row);
    const startDate = this.cell(row, dateColumn, v.parseDate) ?? this.refuse(row, dateColumn, '', 'a date');
    const episodeId = await this.episodeOn(childId, startDate);
    if (!episodeId) {
      this.notStored.push({ list: row.list, row: row.row, reason: `no referral of this child on or before ${startDate} is on record (import List 3 or the CIN census first)` });
      return;
    }
    this.count(table, (await this.upsert(table, { episode_id: episodeId, start_date: startDate }, values, { child_id: childId })).outcome);
  }

  private async assessment(row: AnnexARow): Promise<void> {
    const start = this.cell(row, 'Continuous Assessment Start Date', v.parseDate);
    const authorised = this.cell(row, 'Continuous Assessment Date of Authorisation', v.parseDate);
    if (start && authorised && authorised < start) this.refuse(row, 'Continuous Assessment Date of Authorisation', authorised, `on or after the start date ${start}`);
    await this.stage(row, 'assessment', 'Continuous Assessment Start Date', { authorisation_date: authorised });
  }

  private async s47(row: AnnexARow): Promise<void> {
    const start = this.cell(row, 'Strategy Discussion Initiating Section 47 Enquiry Start Date', v.parseDate);
    const icpc = this.cell(row, 'Date of Initial Child Protection Conference', v.parseDate);
    if (start && icpc && icpc < start) this.refuse(row, 'Date of Initial Child Protection Conference', icpc, `on or after the enquiry start ${start}`);
    await this.stage(row, 's47_enquiry', 'Strategy Discussion Initiating Section 47 Enquiry Start Date', {
      icpc_date: icpc,
      icpc_not_required: this.cell(row, 'Was an Initial Child Protection Conference Deemed Unnecessary?', v.parseYesNo),
    });
  }

  private async cpPlan(row: AnnexARow): Promise<void> {
    const start = this.cell(row, 'Child Protection Plan Start Date', v.parseDate);
    const end = this.cell(row, 'Child Protection Plan End Date', v.parseDate);
    if (start && end && end < start) this.refuse(row, 'Child Protection Plan End Date', end, `on or after the plan start ${start}`);
    await this.stage(row, 'cp_plan', 'Child Protection Plan Start Date', {
      end_date: end,
      initial_category: this.cell(row, 'Initial Category of Abuse', v.parseCategoryOfAbuse),
      latest_category: this.cell(row, 'Latest Category of Abuse', v.parseCategoryOfAbuse),
      previous_plans: this.cell(row, 'Number of Previous Child Protection Plans', v.parseCount),
    });
  }

  /**
   * A period of care: its start is the DECOM of its first episode (RNE S when Haven creates it). The
   * date and reason it ceased belong to the period's last episode, which is the first one unless
   * SSDA903 brought later episodes.
   */
  private async lookedAfter(row: AnnexARow): Promise<void> {
    const childId = await this.child(row);
    const decom = this.cell(row, 'Date Started to be Looked After', v.parseDate) ?? this.refuse(row, 'Date Started to be Looked After', '', 'a date started to be looked after');
    const dec = this.cell(row, 'Date Ceased to be Looked After', v.parseDate);
    if (dec && dec < decom) this.refuse(row, 'Date Ceased to be Looked After', dec, `on or after the date started ${decom}`);
    const rec = this.cell(row, 'Reason Ceased to be Looked After', v.parseReasonCeased);
    const legalStatus = this.cell(row, 'Legal Status', v.parseLegalStatus);
    const cin = this.cell(row, 'Child’s Category of Need', v.parsePrimaryNeed);
    const last = await this.trx.selectFrom('la_episode').select('decom').where('la_code', '=', this.laCode).where('child_id', '=', childId)
      .where('decom', '>', decom).where((eb) => (dec ? eb('decom', '<', dec) : eb.val(true))).orderBy('decom', 'desc').limit(1).executeTakeFirst();
    const first = await this.upsert('la_episode', { child_id: childId, decom }, { legal_status: legalStatus, cin, ...(last ? {} : { dec, rec }) }, { rne: 'S' });
    let outcome = first.outcome;
    if (last) {
      const ended = await this.upsert('la_episode', { child_id: childId, decom: last.decom }, { dec, rec });
      if (ended.outcome === 'updated' && outcome === 'unchanged') outcome = 'updated';
    }
    this.count('la_episode', outcome);
  }

  /**
   * List 9: a care leaver's latest contact, as SSDA903's OC3 holds it (in touch, activity,
   * accommodation) against the reporting year of the date of latest contact (Annex A has no OC3
   * year; without a contact date, the year the file is imported in). The same child and year from
   * an SSDA903 return is one record: an empty cell keeps what the return said.
   */
  private async careLeaver(row: AnnexARow): Promise<void> {
    const childId = await this.child(row);
    const contact = this.cell(row, 'Date of Latest Contact', v.parseDate);
    const year = reportingYearOf(contact ?? this.today).label;
    const values = {
      in_touch: this.cell(row, 'Is the Young Person in Touch?', v.parseInTouch),
      activity: this.cell(row, 'Activity', v.parseCareLeaverActivity),
      accommodation: this.cell(row, 'Accommodation', v.parseCareLeaverAccommodation),
    };
    this.count('care_leaver', (await this.upsert('care_leaver', { child_id: childId, year }, values)).outcome);
  }

  private async adoption(row: AnnexARow): Promise<void> {
    const childId = await this.child(row);
    const values = {
      date_int: this.cell(row, 'Date of Decision that Child Should be Placed for Adoption', v.parseDate),
      date_placement_order: this.cell(row, 'Date of Placement Order', v.parseDate),
      date_match: this.cell(row, 'Date of Matching Child and Prospective Adopters', v.parseDate),
      date_placed: this.cell(row, 'Date Placed for Adoption', v.parseDate),
      date_placed_ceased: this.cell(row, 'Date Ceased to be Placed for Adoption', v.parseDate),
      reason_placed_ceased: this.cell(row, 'Reason Ceased to be Placed for Adoption', (x) => v.parseText(x, 10)),
    };
    this.count('adoption', (await this.upsert('adoption', { child_id: childId }, values)).outcome);
  }
}

/** Whether a stored value equals a parsed one (dates are 'YYYY-MM-DD' strings on both sides). */
function same(stored: unknown, given: string | number | boolean): boolean {
  if (stored === null || stored === undefined) return false;
  if (stored instanceof Date) return stored.toISOString().slice(0, 10) === String(given);
  return String(stored) === String(given);
}
