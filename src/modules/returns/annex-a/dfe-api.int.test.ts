/**
 * `haven export dfe-api`: every request file is valid against the DfE's own schema (the `CSC`
 * request body of ../shared/reference/dfe-csc-api-openapi.json, checked with ajv), for a child built
 * by hand (whose body is spelled out here in full) and for the synthetic partnership.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/database.ts';
import { generateDemo } from '../../../demo/generator/generate.ts';
import { exportDfeApi } from './dfe-api.ts';

const LA = '873';
const schemaFile = new URL('../../../../../shared/reference/dfe-csc-api-openapi.json', import.meta.url);

/** The API's request body schema, compiled. */
function requestBodyValidator(): ValidateFunction {
  const openapi = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { components: { schemas: Record<string, object> } };
  // OpenAPI 3.0 adds `example` to JSON Schema; strict mode would refuse the unknown keyword.
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  return ajv.compile(openapi.components.schemas.CSC!);
}

const readJson = (file: string): Record<string, unknown>[] => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];

for (const engine of testEngines()) {
  describe(`haven export dfe-api (${engine})`, () => {
    let database: TestDatabase;
    let dir: string;
    let validate: ValidateFunction;
    before(async () => {
      database = await createTestDatabase(engine);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfe-api-'));
      validate = requestBodyValidator();
    });
    after(async () => {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('a child built by hand: the body says exactly what Haven holds, and the schema accepts it', async () => {
      const db = database.db;
      await db.insertInto('partnership').values({ la_code: LA, name: 'DfE API test' }).execute();
      const child = await db.insertInto('child').values({
        la_code: LA, la_child_id: 'H1', first_name: 'Jo', last_name: 'Bloggs', date_of_birth: '2014-06-14', sex: 'F', ethnicity: 'WBRI',
        upn: 'A123456789012', upn_unknown: null, disabilities: ['HAND', 'VIS'], postcode: 'AB12 3DE', uasc: false,
      }).returning('id').executeTakeFirstOrThrow();
      // An ID the API's pattern does not allow: not sent, counted.
      await db.insertInto('child').values({ la_code: LA, la_child_id: 'H-2', first_name: null, last_name: null }).execute();
      const episode = await db.insertInto('cin_episode').values({ la_code: LA, child_id: child.id, referral_date: '2025-05-01', referral_source: '10', referral_nfa: false, closure_date: '2026-01-10', closure_reason: 'RC7' })
        .returning('id').executeTakeFirstOrThrow();
      const assessment = await db.insertInto('assessment').values({ la_code: LA, episode_id: episode.id, child_id: child.id, start_date: '2025-05-02', authorisation_date: '2025-06-20', factors: ['1C', '4A'] })
        .returning('id').executeTakeFirstOrThrow();
      const s47 = await db.insertInto('s47_enquiry').values({ la_code: LA, episode_id: episode.id, child_id: child.id, start_date: '2025-05-03', icpc_date: '2025-05-20' })
        .returning('id').executeTakeFirstOrThrow();
      const plan = await db.insertInto('cp_plan').values({ la_code: LA, episode_id: episode.id, child_id: child.id, start_date: '2025-05-20', end_date: '2025-09-01', initial_category: 'NEG' })
        .returning('id').executeTakeFirstOrThrow();
      const placement = await db.insertInto('la_episode').values({ la_code: LA, child_id: child.id, decom: '2025-09-01', rne: 'S', legal_status: 'C2', place: 'U4', pl_post: 'AB12 3DF', dec: '2026-01-10', rec: 'E11' })
        .returning('id').executeTakeFirstOrThrow();
      await db.insertInto('adoption').values({ la_code: LA, child_id: child.id, date_int: '2025-10-01', date_match: '2025-11-01', date_placed: '2025-12-01' }).execute();

      const out = path.join(dir, 'hand.json');
      const result = await exportDfeApi(db, LA, out);
      assert.deepEqual(result, { files: [out], children: 1, skipped: 1 });
      const body = readJson(out);
      assert.ok(validate(body), JSON.stringify(validate.errors));
      assert.deepEqual(body, [{
        la_child_id: 'H1',
        mis_child_id: child.id,
        child_details: {
          unique_pupil_number: 'A123456789012', first_name: 'Jo', surname: 'Bloggs', date_of_birth: '2014-06-14', sex: 'F', ethnicity: 'WBRI',
          disabilities: ['HAND', 'VIS'], postcode: 'AB12 3DE', uasc_flag: false,
        },
        social_care_episodes: [{
          social_care_episode_id: episode.id, referral_date: '2025-05-01', referral_source: '10', referral_no_further_action_flag: false,
          closure_date: '2026-01-10', closure_reason: 'RC7',
          child_and_family_assessments: [{ child_and_family_assessment_id: assessment.id, start_date: '2025-05-02', authorisation_date: '2025-06-20', factors: ['1C', '4A'] }],
          section_47_assessments: [{ section_47_assessment_id: s47.id, start_date: '2025-05-03', icpc_required_flag: true, icpc_date: '2025-05-20' }],
          child_protection_plans: [{ child_protection_plan_id: plan.id, start_date: '2025-05-20', end_date: '2025-09-01' }],
          child_looked_after_placements: [{ child_looked_after_placement_id: placement.id, start_date: '2025-09-01', start_reason: 'S', placement_type: 'U4', postcode: 'AB12 3DF', end_date: '2026-01-10', end_reason: 'E11' }],
          adoption: { initial_decision_date: '2025-10-01', matched_date: '2025-11-01', placed_date: '2025-12-01' },
        }],
      }]);

      // The check can fail: a sex the API does not allow is refused.
      const broken = structuredClone(body);
      (broken[0]!.child_details as Record<string, unknown>).sex = 'Female';
      assert.equal(validate(broken), false);
    });

    test('the synthetic partnership: every request file is valid, 100 children at most, every record sent once', async () => {
      const demo = await createTestDatabase(engine);
      try {
        await generateDemo(demo.db, { laCode: LA, scale: 0.01, seed: 7, dataDir: demo.dataDir });
        const out = path.join(dir, 'demo.json');
        const result = await exportDfeApi(demo.db, LA, out);
        const children = await demo.db.selectFrom('child').select(['la_child_id']).where('la_code', '=', LA).execute();
        assert.ok(children.length > 100, `the demo should need several requests; it has ${children.length} children`);
        assert.equal(result.children + result.skipped, children.length);
        assert.equal(result.files.length, Math.ceil(result.children / 100));
        assert.equal(result.files[1], path.join(dir, 'demo-2.json'));
        let episodes = 0;
        let referrals = 0;
        let placements = 0;
        for (const file of result.files) {
          const body = readJson(file);
          assert.ok(validate(body), `${path.basename(file)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
          assert.ok(body.length <= 100);
          for (const c of body) {
            for (const e of (c.social_care_episodes ?? []) as Record<string, unknown>[]) {
              episodes++;
              if (e.referral_date) referrals++;
              placements += ((e.child_looked_after_placements ?? []) as unknown[]).length;
            }
          }
        }
        const count = async (table: 'cin_episode' | 'la_episode') =>
          Number((await demo.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('la_code', '=', LA).executeTakeFirstOrThrow()).n);
        assert.equal(referrals, await count('cin_episode'));
        assert.equal(placements, await count('la_episode'));
        assert.ok(episodes >= referrals);
      } finally {
        await demo.close();
      }
    });
  });
}
