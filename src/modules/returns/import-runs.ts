/**
 * The record each statutory import leaves (table import_run): what it changed and what the
 * validation rules found, so `haven import` can summarise a run and the data-quality page can show
 * the trend from one import to the next. Write it in the import's own transaction, so a refused
 * file leaves no run behind.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Kysely, Transaction } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';

export type ImportKind = 'cin-census' | 'ssda903' | 'annex-a';
export type TableChanges = { inserted: number; updated: number; unchanged: number; deleted?: number };

export type ImportRun = {
  id: string;
  kind: ImportKind;
  source: string;
  sha256: string;
  year: string | null;
  startedAt: Date;
  finishedAt: Date;
  userId: string | null;
  changes: Record<string, TableChanges>;
  findings: Record<string, number>;
};

/** SHA-256 of a file or of every file in a directory (names and contents, in name order), streamed. */
export async function fingerprint(pathName: string): Promise<string> {
  const hash = createHash('sha256');
  const stat = fs.statSync(pathName);
  const files = stat.isDirectory()
    ? fs.readdirSync(pathName).filter((f) => fs.statSync(`${pathName}/${f}`).isFile()).sort().map((f) => `${pathName}/${f}`)
    : [pathName];
  for (const file of files) {
    if (stat.isDirectory()) hash.update(`\u0000${file.slice(pathName.length + 1)}\u0000`);
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Records a finished import; call inside the import's transaction. */
export async function recordImportRun(
  trx: Transaction<Database> | Kysely<Database>,
  laCode: string,
  run: Omit<ImportRun, 'id' | 'finishedAt' | 'userId'> & { userId?: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('import_run')
    .values({
      la_code: laCode,
      kind: run.kind,
      source: run.source,
      sha256: run.sha256,
      year: run.year,
      started_at: run.startedAt,
      user_id: run.userId ?? null,
      changes: JSON.stringify(run.changes),
      findings: JSON.stringify(run.findings),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The latest year of a return of this kind imported for the partnership after `year`, or null:
 * a return older than it only fills what Haven does not hold. Call it under the partnership's
 * import lock (startPartnershipImport), so no newer return can land meanwhile.
 */
export async function laterImportYear(trx: Transaction<Database>, laCode: string, kind: ImportKind, year: string): Promise<string | null> {
  const newer = await trx.selectFrom('import_run').select((eb) => eb.fn.max('year').as('year')).where('la_code', '=', laCode).where('kind', '=', kind).where('year', '>', year).executeTakeFirst();
  return newer?.year ?? null;
}

/** The partnership's import runs, newest first (optionally of one kind). */
export async function listImportRuns(db: Kysely<Database>, laCode: string, kind?: ImportKind, limit = 50): Promise<ImportRun[]> {
  let query = db.selectFrom('import_run').selectAll().where('la_code', '=', laCode);
  if (kind) query = query.where('kind', '=', kind);
  const rows = await query.orderBy('finished_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    source: r.source,
    sha256: r.sha256,
    year: r.year,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    userId: r.user_id,
    changes: r.changes as Record<string, TableChanges>,
    findings: r.findings as Record<string, number>,
  }));
}

/** Per rule, the change in findings between two runs (later minus earlier), rules in either run. */
export function findingsTrend(later: Record<string, number>, earlier: Record<string, number>): { rule: string; now: number; before: number; change: number }[] {
  const rules = [...new Set([...Object.keys(later), ...Object.keys(earlier)])].sort();
  return rules.map((rule) => ({ rule, now: later[rule] ?? 0, before: earlier[rule] ?? 0, change: (later[rule] ?? 0) - (earlier[rule] ?? 0) }));
}
