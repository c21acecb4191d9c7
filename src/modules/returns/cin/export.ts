/**
 * Haven's own records as a CIN census for a reporting year: the model that `haven export
 * cin-census` writes and the data-quality check validates.
 *
 * What a year's census holds (DfE CIN census guide; rules 8600, 8620, 8696, 8715, 8720, 8736,
 * 8740, 8930, 4010, 4013): every episode of need open at some time in the year (referred on or
 * before 31 March, not closed before 1 April), and within it what the year saw: assessments
 * authorised in the year or still open at its end, CIN plans and child protection plans that
 * overlap the year, Section 47 enquiries whose ICPC fell in the year or that started in the year
 * without one. A date after the reference date is not yet known on census day, so it is left out
 * (the episode, plan or assessment is open at the census).
 */
import { sql, type Kysely } from '../../../core/db/kysely.ts';
import { reportingYear } from '../../../core/dates.ts';
import type { Database } from '../../../core/db/schema.ts';
import type { CinChild, CinDetails, CinHeader } from './model.ts';
import {
  newAssessment,
  newChildProtectionPlan,
  newCinChild,
  newCinDetails,
  newCinHeader,
  newCinPlanDates,
  newCppReviews,
  newPreProceedings,
  newSection47,
  withDefaults,
} from './model.ts';

/** The header of the partnership's census for a year (`2025-26` -> Year 2026, ReferenceDate 2026-03-31). */
export function exportHeader(laCode: string, year: string, now: Date = new Date()): CinHeader {
  const { end } = reportingYear(year);
  return withDefaults(newCinHeader(), {
    collection: 'CIN',
    year: end.slice(0, 4),
    referenceDate: end,
    sourceLevel: 'L',
    lea: laCode,
    softwareCode: 'Haven',
    release: 'ver 1.0',
    serialNo: '001',
    dateTime: now.toISOString().slice(0, 19),
  });
}

/** A census child together with Haven's id for the child record (for links to /children/:id). */
export type ExportedChild = { recordId: string; child: CinChild };

const inYear = (value: string | null, end: string): string | undefined => (value === null || value > end ? undefined : value);

/**
 * The census children of a partnership for a year, in LA child ID order, a batch at a time
 * (keyset pagination, so memory holds one batch whatever the size of the partnership).
 */
export async function* censusChildrenFromRecords(db: Kysely<Database>, laCode: string, year: string, batchSize = 2000): AsyncGenerator<ExportedChild> {
  const { start, end } = reportingYear(year);
  let after = '';
  for (;;) {
    const children = await db
      .selectFrom('child as c')
      .select(['c.id', 'c.la_child_id', 'c.upn', 'c.former_upn', 'c.upn_unknown', 'c.date_of_birth', 'c.expected_date_of_birth', 'c.sex', 'c.date_of_death', 'c.ethnicity', 'c.disabilities'])
      .where('c.la_code', '=', laCode)
      .where('c.la_child_id', '>', after)
      .where('c.merged_into', 'is', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('cin_episode as e')
            .select(sql`1`.as('one'))
            .whereRef('e.la_code', '=', 'c.la_code')
            .whereRef('e.child_id', '=', 'c.id')
            .where('e.referral_date', '<=', end)
            .where((w) => w.or([w('e.closure_date', 'is', null), w('e.closure_date', '>=', start)])),
        ),
      )
      .orderBy('c.la_child_id')
      .limit(batchSize)
      .execute();
    if (children.length === 0) return;
    after = children[children.length - 1]!.la_child_id;
    const ids = children.map((c) => c.id);

    const episodes = await db
      .selectFrom('cin_episode')
      .selectAll()
      .where('la_code', '=', laCode)
      .where('child_id', 'in', ids)
      .where('referral_date', '<=', end)
      .where((w) => w.or([w('closure_date', 'is', null), w('closure_date', '>=', start)]))
      .orderBy('referral_date')
      .execute();
    const episodeIds = episodes.map((e) => e.id);
    const none = ['00000000-0000-0000-0000-000000000000'];
    const inEpisodes = episodeIds.length > 0 ? episodeIds : none;
    const [assessments, cinPlans, enquiries, plans, preProceedings] = await Promise.all([
      db.selectFrom('assessment').selectAll().where('la_code', '=', laCode).where('episode_id', 'in', inEpisodes)
        .where('start_date', '<=', end)
        .where((w) => w.or([w('authorisation_date', 'is', null), w('authorisation_date', '>=', start)]))
        .orderBy('start_date').execute(),
      db.selectFrom('cin_plan').selectAll().where('la_code', '=', laCode).where('episode_id', 'in', inEpisodes)
        .where('start_date', '<=', end)
        .where((w) => w.or([w('end_date', 'is', null), w('end_date', '>=', start)]))
        .orderBy('start_date').execute(),
      db.selectFrom('s47_enquiry').selectAll().where('la_code', '=', laCode).where('episode_id', 'in', inEpisodes)
        .where('start_date', '<=', end)
        .where((w) => w.or([
          w.and([w('icpc_date', '>=', start), w('icpc_date', '<=', end)]),
          w.and([w('start_date', '>=', start), w.or([w('icpc_date', 'is', null), w('icpc_date', '>', end)])]),
        ]))
        .orderBy('start_date').execute(),
      db.selectFrom('cp_plan').selectAll().where('la_code', '=', laCode).where('episode_id', 'in', inEpisodes)
        .where('start_date', '<=', end)
        .where((w) => w.or([w('end_date', 'is', null), w('end_date', '>=', start)]))
        .orderBy('start_date').execute(),
      // Pre-proceedings under way at some time in the year: begun by its end, not decided before it began.
      db.selectFrom('pre_proceedings').selectAll().where('la_code', '=', laCode).where('episode_id', 'in', inEpisodes)
        .where('start_date', '<=', end)
        .where((w) => w.or([w('step_decision_date', 'is', null), w('step_decision_date', '>=', start)]))
        .orderBy('start_date').execute(),
    ]);
    const planIds = plans.map((p) => p.id);
    const reviews = planIds.length === 0 ? [] : await db.selectFrom('cp_review').selectAll().where('la_code', '=', laCode).where('plan_id', 'in', planIds)
      .where('review_date', '<=', end).orderBy('review_date').execute();

    const reviewsOf = groupBy(reviews, (r) => r.plan_id);
    const detailsById = new Map<string, CinDetails>();
    const episodesOf = new Map<string, CinDetails[]>();
    for (const e of episodes) {
      const closure = inYear(e.closure_date, end);
      const details = withDefaults(newCinDetails(), {
        cinReferralDate: e.referral_date,
        referralSource: e.referral_source ?? undefined,
        primaryNeedCode: e.primary_need ?? undefined,
        cinClosureDate: closure,
        reasonForClosure: closure === undefined ? undefined : (e.closure_reason ?? undefined),
        dateOfInitialCpc: e.episode_icpc_date !== null && e.episode_icpc_date >= start && e.episode_icpc_date <= end ? e.episode_icpc_date : undefined,
        referralNfa: e.referral_nfa ? '1' : '0',
      });
      detailsById.set(e.id, details);
      episodesOf.set(e.child_id, [...(episodesOf.get(e.child_id) ?? []), details]);
    }
    for (const a of assessments) {
      detailsById.get(a.episode_id)?.assessments.push(withDefaults(newAssessment(), {
        assessmentActualStartDate: a.start_date,
        assessmentInternalReviewDate: inYear(a.internal_review_date, end),
        assessmentAuthorisationDate: inYear(a.authorisation_date, end),
        // Factors belong to a completed assessment (rule 8614): none while it is open at the census.
        assessmentFactors: a.factors.length > 0 && inYear(a.authorisation_date, end) !== undefined ? [...a.factors] : undefined,
      }));
    }
    for (const p of cinPlans) {
      detailsById.get(p.episode_id)?.cinPlanDates.push(withDefaults(newCinPlanDates(), { cinPlanStartDate: p.start_date, cinPlanEndDate: inYear(p.end_date, end) }));
    }
    for (const s of enquiries) {
      detailsById.get(s.episode_id)?.section47.push(withDefaults(newSection47(), {
        s47ActualStartDate: s.start_date,
        initialCpcTarget: s.icpc_target_date ?? undefined,
        dateOfInitialCpc: inYear(s.icpc_date, end),
        icpcNotRequired: s.icpc_not_required ? '1' : '0',
      }));
    }
    for (const p of plans) {
      const dates = (reviewsOf.get(p.id) ?? []).map((r) => r.review_date);
      detailsById.get(p.episode_id)?.childProtectionPlans.push(withDefaults(newChildProtectionPlan(), {
        cppStartDate: p.start_date,
        cppEndDate: inYear(p.end_date, end),
        initialCategoryOfAbuse: p.initial_category ?? undefined,
        latestCategoryOfAbuse: p.latest_category ?? undefined,
        numberOfPreviousCpp: p.previous_plans === null ? undefined : String(p.previous_plans),
        reviews: dates.length > 0 ? withDefaults(newCppReviews(), { cppReviewDates: dates }) : undefined,
      }));
    }
    for (const pp of preProceedings) {
      detailsById.get(pp.episode_id)?.preProceedings.push(withDefaults(newPreProceedings(), {
        ppStartDate: pp.start_date,
        lbpSentDate: inYear(pp.lbp_sent_date, end),
        fgdmMeetingOffer: pp.fgdm_offered ?? undefined,
        fgdmMeetingFac: pp.fgdm_facilitated ?? undefined,
        initialPpMeetingDate: inYear(pp.initial_meeting_date, end),
        reviewMeetingsCount: pp.review_meetings ?? undefined,
        stepDecisionDate: inYear(pp.step_decision_date, end),
        ppOutcome: pp.outcome ?? undefined,
        courtAppDate: inYear(pp.court_application_date, end),
        letterInitCpDate: inYear(pp.letter_before_cp_date, end),
      }));
    }

    for (const c of children) {
      const child = newCinChild();
      Object.assign(child.identifiers, {
        laChildId: c.la_child_id,
        upn: c.upn ?? undefined,
        formerUpn: c.former_upn ?? undefined,
        upnUnknown: c.upn_unknown ?? undefined,
        // A child born after census day was unborn on it (rule 8520): the expected date then.
        personBirthDate: inYear(c.date_of_birth, end),
        expectedPersonBirthDate: c.date_of_birth !== null && c.date_of_birth > end ? (c.expected_date_of_birth ?? c.date_of_birth) : (c.expected_date_of_birth ?? undefined),
        sex: c.date_of_birth !== null && c.date_of_birth > end ? 'U' : (c.sex ?? undefined), // rule 8750: an unborn child's sex is U
        personDeathDate: inYear(c.date_of_death, end),
      });
      Object.assign(child.characteristics, { ethnicity: c.ethnicity ?? undefined, disabilities: [...c.disabilities] });
      child.cinDetails.push(...(episodesOf.get(c.id) ?? []));
      yield { recordId: c.id, child };
    }
    if (children.length < batchSize) return;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
