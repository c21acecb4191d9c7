/**
 * The front door's local rules as configuration, not code (domain.md §2, "configurable"): the RAG
 * scheme with its timescales in working hours (around the clock too for a rating worked out of hours), the research deadline for each rating, the labels of
 * the four levels of need, and the local target for telling a referrer the outcome. The defaults
 * are screening.default.json; a partnership overrides them with its own file (HAVEN_FRONT_DOOR_FILE).
 * Every rating is stamped with the version of the scheme that set its due time.
 */
import fs from 'node:fs';
import { z } from '../../core/zod.ts';
import type { z as zod } from 'zod';
import type { RagRating } from '../../core/db/schema.ts';
import { addWorkingHours, DEFAULT_OFFICE_HOURS, type OfficeHours } from '../../core/calendar/index.ts';
import defaults from './screening.default.json' with { type: 'json' };

const rating = z.object({
  label: z.string().min(1),
  meaning: z.string().min(1),
  workingHours: z.number().positive().max(2000),
  researchWorkingHours: z.number().positive().max(2000),
  /**
   * Worked out of hours (domain.md §2: Red is fast-tracked and worked out of hours by the emergency
   * duty team): the clock also runs around the clock, so the contact is due at the earlier of
   * `workingHours` working hours and the same number of hours on the clock.
   */
  outOfHours: z.boolean().default(false),
}).strict();

const schema = z.object({
  version: z.string().min(1),
  description: z.string().optional(),
  officeHours: z.object({ startHour: z.number().int().min(0).max(23), endHour: z.number().int().min(1).max(24) }).strict()
    .refine((o) => o.startHour < o.endHour, 'startHour must be before endHour'),
  rag: z.object({ red: rating, amber: rating, green: rating }).strict(),
  needLevels: z.object({ 1: z.string().min(1), 2: z.string().min(1), 3: z.string().min(1), 4: z.string().min(1) }).strict(),
  feedbackTargetHours: z.number().positive().max(24 * 30),
}).strict();

export type ScreeningConfig = zod.infer<typeof schema>;

export const RAG_RATINGS: readonly RagRating[] = ['red', 'amber', 'green'];

/** Reads and checks a screening configuration; throws naming the file and the bad field. */
export function parseScreeningConfig(source: unknown, name: string): ScreeningConfig {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${name}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

let loaded: ScreeningConfig | undefined;

/** The configuration in force: HAVEN_FRONT_DOOR_FILE when set, else the shipped defaults. */
export function screeningConfig(): ScreeningConfig {
  if (loaded) return loaded;
  const file = process.env.HAVEN_FRONT_DOOR_FILE;
  loaded = file ? parseScreeningConfig(JSON.parse(fs.readFileSync(file, 'utf8')), file) : parseScreeningConfig(defaults, 'screening.default.json');
  return loaded;
}

export function officeHours(config: ScreeningConfig): OfficeHours {
  return { ...DEFAULT_OFFICE_HOURS, startHour: config.officeHours.startHour, endHour: config.officeHours.endHour };
}

/** When a contact rated `rag` is due: its working hours counted from receipt (and, for a rating worked out of hours, no later than as many hours on the clock). */
export function ragDueAt(config: ScreeningConfig, rag: RagRating, receivedAt: Date): Date {
  const rule = config.rag[rag];
  const working = addWorkingHours(receivedAt, rule.workingHours, officeHours(config));
  if (!rule.outOfHours) return working;
  const onTheClock = new Date(receivedAt.getTime() + rule.workingHours * 3_600_000);
  return onTheClock < working ? onTheClock : working;
}

/** The default deadline for an agency's research on a contact rated `rag`, from when it is asked. */
export function researchDueAt(config: ScreeningConfig, rag: RagRating | null, requestedAt: Date, workingHours?: number): Date {
  const hours = workingHours ?? config.rag[rag ?? 'green'].researchWorkingHours;
  return addWorkingHours(requestedAt, hours, officeHours(config));
}

/** When the referrer must have been told the outcome: the local target in hours after the decision. */
export function feedbackDueAt(config: ScreeningConfig, decidedAt: Date): Date {
  return new Date(decidedAt.getTime() + config.feedbackTargetHours * 3_600_000);
}
