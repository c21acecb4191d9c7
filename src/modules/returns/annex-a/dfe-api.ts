/**
 * `haven export dfe-api --out F.json`: Haven's records as the request body of the DfE children's
 * social care daily API (POST /children_social_care_data/{la_code}/children, schema `CSC` in
 * ../shared/reference/dfe-csc-api-openapi.json): an array of children, each with their details and
 * their social care episodes (referral to closure) holding assessments, CIN plans, section 47
 * enquiries, CP plans, looked-after placements, adoption and care-leaver details.
 *
 * The schema allows at most 100 children a request, so the export writes one file per 100 children:
 * F.json, F-2.json, F-3.json ..., each a complete request body. Children are read 100 at a time.
 *
 * Mapping decisions (where Haven's records and the API's shape differ):
 * - Identifiers are Haven's record ids (UUIDs, 36 characters, within the API's pattern); the child's
 *   own id goes in `mis_child_id`. A child whose LA child ID is not letters and digits (the API's
 *   pattern) cannot be sent and is counted in `skipped`.
 * - Looked-after episodes (SSDA903) belong to the child; the API nests placements inside an episode
 *   of need, so each goes into the child's episode referred on or before it started (the latest such);
 *   when there is none, the placements of the period of care form an episode of their own, identified
 *   by the first placement's id and with no referral date.
 * - Adoption and care-leaver details go into the child's latest episode. OC3 accommodation codes
 *   (letter and suitability digit) are sent as their letter, which is what the API's one character holds.
 * - UPNs are sent only when they have the 13 characters the API requires; allocated workers are not
 *   sent (the API's worker id holds 12 characters; Haven's are UUIDs).
 */
import fs from 'node:fs';
import type { Kysely } from '../../../core/db/kysely.ts';
import type { Database } from '../../../core/db/schema.ts';
import { recordAudit } from '../../../core/audit.ts';

const PER_REQUEST = 100;
const LA_CHILD_ID = /^[A-Za-z0-9]{1,20}$/;

type Json = Record<string, unknown>;

/** Drops null and undefined members, and empty arrays, so the body carries only what Haven knows. */
function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/** The API request bodies (arrays of at most 100 children) for one page of children. */
async function childrenPayload(db: Kysely<Database>, laCode: string, children: { id: string; la_child_id: string }[]): Promise<Json[]> {
  const ids = children.map((c) => c.id);
  const [details, episodes, assessments, cinPlans, s47s, cpPlans, placements, adoptions, careLeavers] = await Promise.all([
    db.selectFrom('child').selectAll().where('la_code', '=', laCode).where('id', 'in', ids).execute(),
    db.selectFrom('cin_episode').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).orderBy('referral_date').execute(),
    db.selectFrom('assessment').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).orderBy('start_date').execute(),
    db.selectFrom('cin_plan').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).orderBy('start_date').execute(),
    db.selectFrom('s47_enquiry').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).orderBy('start_date').execute(),
    db.selectFrom('cp_plan').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).orderBy('start_date').execute(),
    db.selectFrom('la_episode').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).orderBy('decom').execute(),
    db.selectFrom('adoption').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).execute(),
    db.selectFrom('care_leaver').selectAll().where('la_code', '=', laCode).where('child_id', 'in', ids).orderBy('year').execute(),
  ]);
  const byEpisode = <R extends { episode_id: string }>(rows: R[]) => {
    const m = new Map<string, R[]>();
    for (const r of rows) m.set(r.episode_id, [...(m.get(r.episode_id) ?? []), r]);
    return m;
  };
  const [assessmentsOf, cinPlansOf, s47sOf, cpPlansOf] = [byEpisode(assessments), byEpisode(cinPlans), byEpisode(s47s), byEpisode(cpPlans)];

  return details.sort((a, b) => a.la_child_id.localeCompare(b.la_child_id)).map((c) => {
    const own = episodes.filter((e) => e.child_id === c.id);
    const built: Json[] = own.map((e) =>
      compact({
        social_care_episode_id: e.id,
        referral_date: e.referral_date,
        referral_source: e.referral_source,
        referral_no_further_action_flag: e.referral_nfa,
        closure_date: e.closure_date,
        closure_reason: e.closure_reason,
        child_and_family_assessments: (assessmentsOf.get(e.id) ?? []).map((a) =>
          compact({ child_and_family_assessment_id: a.id, start_date: a.start_date, authorisation_date: a.authorisation_date, factors: [...new Set(a.factors)] }),
        ),
        child_in_need_plans: (cinPlansOf.get(e.id) ?? []).map((p) => compact({ child_in_need_plan_id: p.id, start_date: p.start_date, end_date: p.end_date })),
        section_47_assessments: (s47sOf.get(e.id) ?? []).map((s) =>
          compact({ section_47_assessment_id: s.id, start_date: s.start_date, icpc_required_flag: !s.icpc_not_required, icpc_date: s.icpc_date }),
        ),
        child_protection_plans: (cpPlansOf.get(e.id) ?? []).map((p) => compact({ child_protection_plan_id: p.id, start_date: p.start_date, end_date: p.end_date })),
      }),
    );
    // Placements: into the episode referred on or before the placement began, else an episode of the period of care.
    let careEpisode: Json | null = null;
    for (const p of placements.filter((x) => x.child_id === c.id)) {
      const placement = compact({
        child_looked_after_placement_id: p.id,
        start_date: p.decom,
        start_reason: p.rne,
        placement_type: p.place,
        postcode: p.pl_post && p.pl_post.length <= 8 ? p.pl_post : null,
        end_date: p.dec,
        end_reason: p.rec,
        change_reason: p.reason_place_change,
      });
      const home = own.findLastIndex((e) => e.referral_date <= p.decom);
      let target = home >= 0 ? built[home] : careEpisode;
      if (!target || (home < 0 && p.rne === 'S')) {
        careEpisode = { social_care_episode_id: p.id };
        built.push(careEpisode);
        target = careEpisode;
      }
      target.child_looked_after_placements = [...((target.child_looked_after_placements as Json[] | undefined) ?? []), placement];
    }
    const latest = built[built.length - 1];
    const adoption = adoptions.find((a) => a.child_id === c.id);
    if (latest && adoption) {
      const a = compact({ initial_decision_date: adoption.date_int, matched_date: adoption.date_match, placed_date: adoption.date_placed });
      if (Object.keys(a).length) latest.adoption = a;
    }
    const leaver = careLeavers.filter((l) => l.child_id === c.id).pop();
    if (latest && leaver) {
      const l = compact({ activity: leaver.activity && leaver.activity.length <= 2 ? leaver.activity : null, accommodation: leaver.accommodation?.slice(0, 1) || null });
      if (Object.keys(l).length) latest.care_leavers = l;
    }
    return compact({
      la_child_id: c.la_child_id,
      mis_child_id: c.id,
      child_details: compact({
        unique_pupil_number: c.upn?.length === 13 ? c.upn : null,
        former_unique_pupil_number: c.former_upn?.length === 13 ? c.former_upn : null,
        unique_pupil_number_unknown_reason: c.upn_unknown,
        first_name: c.first_name,
        surname: c.last_name,
        date_of_birth: c.date_of_birth,
        expected_date_of_birth: c.expected_date_of_birth,
        sex: c.sex,
        ethnicity: c.ethnicity,
        disabilities: [...new Set(c.disabilities)].slice(0, 12),
        postcode: c.postcode && c.postcode.length <= 8 ? c.postcode : null,
        uasc_flag: c.uasc,
        uasc_end_date: c.uasc_ceased_date,
      }),
      social_care_episodes: built.map((e) => ({ ...e })),
    });
  });
}

/** The file for the n-th request (0-based): F.json, F-2.json, F-3.json ... */
export function requestFile(out: string, n: number): string {
  return n === 0 ? out : out.replace(/(\.json)?$/i, `-${n + 1}.json`);
}

/**
 * Writes the partnership's children as DfE API request bodies, 100 children a file.
 * @returns the files written, children written, and children that could not be sent (LA child ID outside the API's pattern).
 */
export async function exportDfeApi(db: Kysely<Database>, laCode: string, out: string, options: { actor?: { id: string; role: string } } = {}): Promise<{ files: string[]; children: number; skipped: number }> {
  const files: string[] = [];
  let children = 0;
  let skipped = 0;
  let after = '';
  for (;;) {
    const page = await db.selectFrom('child').select(['id', 'la_child_id']).where('la_code', '=', laCode).where('merged_into', 'is', null).where('la_child_id', '>', after)
      .orderBy('la_child_id').limit(PER_REQUEST).execute();
    if (page.length === 0) break;
    after = page[page.length - 1]!.la_child_id;
    const sendable = page.filter((c) => LA_CHILD_ID.test(c.la_child_id));
    skipped += page.length - sendable.length;
    if (sendable.length === 0) continue;
    // Keep each file at most 100 children even when some of a page were skipped: pages are 100 at most.
    const body = await childrenPayload(db, laCode, sendable);
    const file = requestFile(out, files.length);
    fs.writeFileSync(file, `${JSON.stringify(body, null, 1)}\n`);
    files.push(file);
    children += body.length;
  }
  if (files.length === 0) {
    fs.writeFileSync(out, '[]\n');
    files.push(out);
  }
  await recordAudit(db, { laCode, actor: options.actor, action: 'export.dfe-api', outcome: 'succeeded', detail: { files: files.length, children, skipped } });
  return { files, children, skipped };
}
