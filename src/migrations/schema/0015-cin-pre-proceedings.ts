/**
 * What a CIN census carries that Haven did not yet hold, so that an import loses nothing and an
 * export gives it back: the date of an assessment's internal review (`AssessmentInternalReviewDate`)
 * and the pre-proceedings and family group decision making records of an episode of need
 * (`PreProceedingsandFGDM`, census 2024-25 on), one per pre-proceedings start date. The codes are
 * kept as the return writes them; no 2025-26 rule validates them.
 */
import { sql, type Kysely } from '../../core/db/kysely.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE assessment ADD COLUMN internal_review_date date;
    CREATE TABLE pre_proceedings (
      la_code text NOT NULL, id uuid NOT NULL DEFAULT gen_random_uuid(),
      episode_id uuid NOT NULL, child_id uuid NOT NULL,
      start_date date NOT NULL,
      lbp_sent_date date,
      fgdm_offered text,
      fgdm_facilitated text,
      initial_meeting_date date,
      review_meetings text,
      step_decision_date date,
      outcome text,
      court_application_date date,
      letter_before_cp_date date,
      PRIMARY KEY (la_code, id),
      UNIQUE (la_code, episode_id, start_date),
      FOREIGN KEY (la_code, episode_id) REFERENCES cin_episode(la_code, id) ON DELETE CASCADE
    );
  `.execute(db);
}
