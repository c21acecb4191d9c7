/**
 * Loads the working-day calendar (src/core/calendar, shipped bank holidays) into calendar_day so
 * that SQL can count working days set-based. A later calendar extension is a new data migration.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';
import { calendarRange, workingDayIndexRows } from '../../core/calendar/index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const { first, last } = calendarRange();
  const rows = workingDayIndexRows(first, last);
  // One statement per 2,000 days keeps each under the parameter limit.
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await sql`INSERT INTO calendar_day (day, is_working_day, working_day_index)
      SELECT * FROM unnest(${chunk.map((r) => r.day)}::date[], ${chunk.map((r) => r.isWorkingDay)}::boolean[], ${chunk.map((r) => r.workingDayIndex)}::integer[])`.execute(db);
  }
}
