/** Creating children's records and merging two records of the same child. */
import { randomInt } from 'node:crypto';
import { sql, type Kysely } from '../../core/db/kysely.ts';
import type { Child, Database } from '../../core/db/schema.ts';
import { recordAudit, type AuditEntry } from '../../core/audit.ts';
import { ConflictError, type FieldIssue } from '../../core/errors.ts';
import { isIsoDate, compareDates } from '../../core/dates.ts';
import { isValidNhsNumber, isValidUpn, normalisePostcode } from '../../core/identifiers.ts';

export type NewChild = { firstName: string; lastName: string; dateOfBirth: string | null; sex: 'M' | 'F' | 'U'; nhsNumber: string | null; upn: string | null; postcode: string | null };

/** Checks a new child's details; GOV.UK wording, one issue per field. */
export function checkNewChild(input: Record<string, unknown>, today: string): { child: NewChild; issues: FieldIssue[] } {
  const text = (k: string) => String(input[k] ?? '').trim();
  const issues: FieldIssue[] = [];
  const firstName = text('firstName');
  const lastName = text('lastName');
  if (!firstName) issues.push({ field: 'firstName', message: 'Enter the child’s first name' });
  if (!lastName) issues.push({ field: 'lastName', message: 'Enter the child’s last name' });
  if (firstName.length > 100 || lastName.length > 100) issues.push({ field: 'lastName', message: 'Names must be 100 characters or fewer' });
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(`dateOfBirth-${p}`));
  let dateOfBirth: string | null = null;
  if (d || m || y) {
    const iso = `${y!.padStart(4, '0')}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    if (!/^\d{4}$/.test(y!) || !isIsoDate(iso)) issues.push({ field: 'dateOfBirth', message: 'Date of birth must be a real date' });
    else if (compareDates(iso, today) > 0) issues.push({ field: 'dateOfBirth', message: 'Date of birth must be today or in the past' });
    else dateOfBirth = iso;
  }
  const sex = text('sex');
  if (!['M', 'F', 'U'].includes(sex)) issues.push({ field: 'sex', message: 'Select the child’s sex' });
  const nhs = text('nhsNumber').replace(/\s/g, '');
  if (nhs && !isValidNhsNumber(nhs)) issues.push({ field: 'nhsNumber', message: 'Enter a valid NHS number, like 943 476 5919' });
  const upn = text('upn').toUpperCase();
  if (upn && !isValidUpn(upn)) issues.push({ field: 'upn', message: 'Enter a valid UPN: a check letter and 12 characters, like A950000178301' });
  const postcodeText = text('postcode');
  const postcode = postcodeText ? normalisePostcode(postcodeText) : null;
  if (postcodeText && !postcode) issues.push({ field: 'postcode', message: 'Enter a real postcode, like N17 0AB' });
  return { child: { firstName, lastName, dateOfBirth, sex: sex as 'M' | 'F' | 'U', nhsNumber: nhs || null, upn: upn || null, postcode: postcode ?? null }, issues };
}

/** Creates the record with a new LA child ID (C and 8 digits), audited in the same transaction. */
export async function createChild(db: Kysely<Database>, laCode: string, child: NewChild, audit: Omit<AuditEntry, 'laCode' | 'action' | 'outcome' | 'recordType' | 'recordId'>): Promise<Child> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const laChildId = `C${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    const taken = await db.selectFrom('child').select('id').where('la_code', '=', laCode).where('la_child_id', '=', laChildId).executeTakeFirst();
    if (taken) continue;
    return db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('child').values({
        la_code: laCode, la_child_id: laChildId, first_name: child.firstName, last_name: child.lastName, date_of_birth: child.dateOfBirth, sex: child.sex,
        nhs_number: child.nhsNumber, upn: child.upn, postcode: child.postcode, team_id: null, allocated_worker_id: null, lead_agency_id: null, restriction: null, restriction_reviewed_at: null,
      }).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { ...audit, laCode, action: 'child.create', recordType: 'child', recordId: row.id, outcome: 'succeeded' });
      return row;
    });
  }
  throw new ConflictError('Could not allocate a new LA child ID; try again');
}

/** Tables whose rows belong to a child, moved to the surviving record on a merge. */
const CHILD_TABLES = [
  'contact', 'cin_episode', 'assessment', 'cin_plan', 'strategy_discussion', 's47_enquiry', 'cp_plan', 'la_episode', 'la_review', 'la_visit',
  'missing_episode', 'la_outcome', 'care_leaver', 'adoption', 'placed_for_adoption', 'previous_permanence', 'sw_episode', 'early_help_child', 'pre_proceedings',
  'chronology_mark', 'case_note', 'child_former_name', 'child_relationship',
] as const;

/**
 * Merges `duplicate` into `survivor`: every record of the duplicate moves to the survivor, the
 * duplicate is kept (marked merged, so old links and its audit history still resolve), and both
 * records' audit trails note the merge. All or nothing: if the two hold the same episode (same
 * child and date), nothing changes and the conflict is named.
 */
export async function mergeChildren(db: Kysely<Database>, laCode: string, survivorId: string, duplicateId: string, audit: Omit<AuditEntry, 'laCode' | 'action' | 'outcome' | 'recordType' | 'recordId'>): Promise<{ moved: Record<string, number> }> {
  if (survivorId === duplicateId) throw new ConflictError('A record cannot be merged into itself');
  try {
    return await db.transaction().execute(async (trx) => {
      const moved: Record<string, number> = {};
      for (const table of CHILD_TABLES) {
        const result = await sql`UPDATE ${sql.table(table)} SET child_id = ${survivorId} WHERE la_code = ${laCode} AND child_id = ${duplicateId}`.execute(trx);
        if (Number(result.numAffectedRows ?? 0) > 0) moved[table] = Number(result.numAffectedRows);
      }
      // Other children's links to the duplicate (brothers, sisters) now point at the survivor; a link
      // between the two records themselves would make the survivor its own sibling, so it goes.
      await trx.updateTable('child_relationship').set({ related_child_id: survivorId }).where('la_code', '=', laCode).where('related_child_id', '=', duplicateId).execute();
      await trx.deleteFrom('child_relationship').where('la_code', '=', laCode).where('child_id', '=', survivorId).where('related_child_id', '=', survivorId).execute();
      const duplicate = await trx.selectFrom('child').select(['first_name', 'last_name']).where('la_code', '=', laCode).where('id', '=', duplicateId).executeTakeFirstOrThrow();
      // The duplicate's name is kept as a former name of the survivor, so searches still find it.
      await trx.insertInto('child_former_name').values({ la_code: laCode, child_id: survivorId, first_name: duplicate.first_name, last_name: duplicate.last_name }).onConflict((oc) => oc.doNothing()).execute();
      await trx.updateTable('child').set({ merged_into: survivorId }).where('la_code', '=', laCode).where('id', '=', duplicateId).execute();
      await recordAudit(trx, { ...audit, laCode, action: 'child.merge', recordType: 'child', recordId: survivorId, outcome: 'succeeded', detail: { mergedFrom: duplicateId, moved } });
      await recordAudit(trx, { ...audit, laCode, action: 'child.merged-into', recordType: 'child', recordId: duplicateId, outcome: 'succeeded', detail: { survivor: survivorId } });
      return { moved };
    });
  } catch (error) {
    if (error instanceof Error && /duplicate key/.test(error.message)) {
      throw new ConflictError('Both records hold the same event (the same referral, episode or review on the same date). Correct one of them, then merge.');
    }
    throw error;
  }
}
