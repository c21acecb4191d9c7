/**
 * The access matrix: every role against every route, compared with a table written out by hand.
 * The table is the intended policy as a person would state it; the test does not consult the policy
 * module to decide what to expect. A new route must be added here (the last test fails otherwise).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../test/database.ts';
import { startTestApp, type Agent, type TestApp } from '../test/app.ts';
import { buildChild } from '../test/factories.ts';
import { buildFrontDoorFixtures } from '../modules/front-door/test-support.ts';
import { ROLES, type Role } from '../core/policy/index.ts';

// Column order of the table: anonymous, then the twelve roles.
const COLUMNS = ['anonymous', ...ROLES] as const;
//                                         anon  mashP mashM  sw    tm   partner lado  cdop  pship  perf  chair audit admin
const MATRIX: [string, string, number[]][] = [
  ['GET', '/', /*                        */ [302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/health', /*                  */ [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/me', /*               */ [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/children?q=Child', /*        */ [302, 200, 200, 200, 200, 403, 200, 200, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child', /*         */ [302, 200, 200, 200, 200, 403, 200, 200, 403, 200, 403, 403, 403]],
  ['POST', '/children/:child/break-glass', [403, 303, 303, 303, 303, 403, 303, 303, 403, 303, 403, 403, 403]],
  ['GET', '/children/new', /*            */ [302, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/new', /*           */ [403, 400, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/merge', /*   */ [302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/merge', /*  */ [403, 403, 400, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/referrals/new', [302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/referrals/new', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/chronology', [302, 200, 200, 200, 200, 403, 200, 200, 403, 200, 403, 403, 403]],
  ['POST', '/children/:child/chronology/marks', [403, 403, 303, 303, 303, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/work-tray', /*               */ [302, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  // The child's family and household: viewed like the record, changed like the record (child.edit on the record).
  ['GET', '/children/:child/family', /*  */ [302, 200, 200, 200, 200, 403, 200, 200, 403, 200, 403, 403, 403]],
  ['GET', '/children/:child/family/people/new', [302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/family/people/new', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/family/:relationship/edit', [302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/family/:relationship/edit', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/family/children/new', [302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/family/children/new', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/former-names/new', [302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/former-names/new', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/former-names/:formerName/edit', [302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/former-names/:formerName/edit', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  // Allocation is a team manager's (and, for the hub's own cases, the MASH manager's): the child is in the assessment team.
  ['GET', '/children/:child/allocation', [302, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/children/:child/allocation', [403, 403, 403, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/children/:child/viewers', /* */ [302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403]],
  ['GET', '/break-glass', /*             */ [302, 403, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403]],
  ['POST', '/break-glass/:alert/reviewed', [403, 403, 303, 403, 303, 403, 403, 403, 403, 403, 403, 303, 403]],
  // The CIN census rules over Haven's records: analysts, team managers, administrators.
  ['GET', '/data-quality', /*            */ [302, 403, 403, 403, 200, 403, 403, 403, 403, 200, 403, 403, 200]],
  ['GET', '/audit', /*                   */ [302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403]],
  ['GET', '/audit/verify', /*            */ [302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200]],
  ['POST', '/audit/verify', /*           */ [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200]],
  ['GET', '/admin/users', /*             */ [302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200]],
  ['POST', '/admin/users/:user/disable', [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 303]],
  ['POST', '/sign-out', /*               */ [403, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303]],
  ['GET', '/sign-in', /*                 */ [200, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302]],
  // The front door: the hub's queue and contact pages (a school's contact; research asked of the police).
  //                                         anon  mashP mashM  sw    tm   partner lado  cdop  pship  perf  chair audit admin
  ['GET', '/front-door', /*              */ [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/contacts/new', /* */ [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/contacts/new', /**/ [403, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/contacts/:contact', [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/contacts/:contact/screening', [302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/contacts/:contact/screening', [403, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/contacts/:contact/research/new', [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/contacts/:contact/research/new', [403, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/contacts/:contact/child', [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/contacts/:contact/child', [403, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/contacts/:contact/decision', [302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/contacts/:contact/decision', [403, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/contacts/:contact/feedback', [403, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  // Research is answered by hub staff of the agency asked (the MASH practitioner here is the council's).
  ['GET', '/front-door/research', /*     */ [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/research/:research', [302, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/research/:research', [403, 403, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  // Strategy discussions: recorded by social care and the hub's managers, shared with the agencies that attended (the school).
  ['GET', '/front-door/contacts/:contact/strategy-discussion', [302, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/contacts/:contact/strategy-discussion', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/strategy-discussions/:strategy', [302, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/strategy-discussions/:strategy/actions', [403, 403, 400, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/consultations', /* */ [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/consultations/new', [302, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/front-door/consultations/new', [403, 400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/huddle', /*       */ [302, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/front-door/metrics', /*      */ [302, 403, 200, 403, 200, 403, 403, 403, 200, 200, 200, 403, 403]],
  // The partner portal: partner practitioners only, their own agency's contacts.
  ['GET', '/portal', /*                  */ [302, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/portal/contacts/new', /*     */ [302, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/portal/contacts/new', /*    */ [403, 403, 403, 403, 403, 400, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/portal/contacts/:contact', /**/ [302, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/admin/api-clients', /*       */ [302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200]],
  ['POST', '/admin/api-clients', /*      */ [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 400]],
  ['POST', '/admin/api-clients/:client/revoke', [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 303]],
  // The dashboard: figures for the analyst, the chair, the partnership manager, the auditor and the hub's and teams' managers;
  // the children behind a figure, and its download, only for those who may read children's records.
  //                                         anon  mashP mashM  sw    tm   partner lado  cdop  pship  perf  chair audit admin
  ['GET', '/dashboard?year=2025-26', /*  */ [302, 403, 200, 403, 200, 403, 403, 403, 200, 200, 200, 200, 403]],
  ['GET', '/dashboard/tables/:table/download?year=2025-26&format=csv', [302, 403, 200, 403, 200, 403, 403, 403, 200, 200, 200, 200, 403]],
  ['GET', '/dashboard/figures/:metric?year=2025-26', [302, 403, 200, 403, 200, 403, 403, 403, 403, 200, 403, 403, 403]],
  ['GET', '/dashboard/figures/:metric/download?year=2025-26&format=xlsx', [302, 403, 200, 403, 200, 403, 403, 403, 403, 200, 403, 403, 403]],
  // The contact API takes bearer tokens only: a browser session, whoever's, is refused.
  ['POST', '/api/v1/front-door/token', /**/ [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400]],
  ['POST', '/api/v1/front-door/contacts', [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401]],
  ['POST', '/api/v1/front-door/contacts/bulk', [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401]],
  ['GET', '/api/v1/front-door/contacts/:contact', [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401]],
];

// Routes outside the matrix on purpose: the sign-in form post and single sign-on steps (tested in
// identity tests), plugin routes (assets, the OpenAPI viewer; public by the security plugin).
const NOT_IN_MATRIX = new Set(['POST /sign-in', 'GET /auth/oidc/start', 'GET /auth/oidc/callback']);
// The journey's recording steps share one handler and policy (child.edit, decided on the record);
// referrals/new stands for them in the table above, and the journey tests exercise each step
// (src/modules/journey/journey.int.test.ts and plans.int.test.ts).
const JOURNEY_STEP = /^(GET|POST) \/children\/:id\/(episodes|assessments|s47|plans|cin-plans|early-help|adoption|looked-after|care-leaver|contacts)\//;

for (const engine of testEngines()) {
  describe(`access matrix (${engine})`, () => {
    let t: TestApp;
    const agents = new Map<Role, Agent>();
    const ids: Record<string, string> = {};

    before(async () => {
      t = await startTestApp(engine);
      const child = await buildChild(t.db, t.world, { firstName: 'Matrix', lastName: 'Child' });
      ids[':child'] = child.id;
      // A parent on the child's record and a former name, for the pages that change them.
      const parent = await t.db.insertInto('person').values({ la_code: t.world.laCode, kind: 'family', first_name: 'Matrix', last_name: 'Parent' }).returning('id').executeTakeFirstOrThrow();
      ids[':relationship'] = (await t.db.insertInto('child_relationship').values({ la_code: t.world.laCode, child_id: child.id, person_id: parent.id, relationship: 'mother', lives_with_child: true, has_parental_responsibility: true }).returning('id').executeTakeFirstOrThrow()).id;
      ids[':formerName'] = (await t.db.insertInto('child_former_name').values({ la_code: t.world.laCode, child_id: child.id, first_name: 'Formerly', last_name: 'Known' }).returning('id').executeTakeFirstOrThrow()).id;
      const frontDoor = await buildFrontDoorFixtures(t);
      Object.assign(ids, { ':metric': 'referrals.count', ':table': 'trend-referrals', ':contact': frontDoor.contact, ':research': frontDoor.research, ':strategy': frontDoor.strategy, ':client': frontDoor.client });
      for (const role of ROLES) agents.set(role, await t.agent(role));
    });
    after(() => t.close());

    for (const [method, route, expected] of MATRIX) {
      test(`${method} ${route}`, async () => {
        assert.equal(expected.length, COLUMNS.length, 'one expectation per column');
        const results: string[] = [];
        for (const [i, who] of COLUMNS.entries()) {
          // Targets are made fresh for each caller so that one caller's action cannot change another's
          // answer (a disabled user, a reviewed alert, a signed-out session).
          const alert = await t.db.insertInto('break_glass_alert').values({ la_code: t.world.laCode, user_id: t.world.users.social_worker.id, record_type: 'child', record_id: ids[':child']!, reason: 'matrix test reason' }).returning('id').executeTakeFirstOrThrow();
          const victim = await t.db.insertInto('app_user').values({ la_code: t.world.laCode, email: `victim-${i}-${Math.random()}@test`, display_name: 'Victim', role: 'social_worker', agency_id: t.world.agencies.council, team_id: null, password_hash: null, oidc_issuer: null, oidc_subject: null }).returning('id').executeTakeFirstOrThrow();
          const url = route.replace(/:(child|contact|research|strategy|client|metric|table)\b/, (key) => ids[key]!).replace(':alert', alert.id).replace(':user', victim.id)
            .replace(':relationship', ids[':relationship']!).replace(':formerName', ids[':formerName']!);
          const agent = who === 'anonymous' ? await t.agent() : route === '/sign-out' ? await t.agent(who) : agents.get(who)!;
          if (method === 'POST') await agent.get('/');
          const form: Record<string, string> = route.endsWith('break-glass') ? { reason: 'Urgent strategy discussion tonight' } : {};
          const response = method === 'GET' ? await agent.get(url) : await agent.post(url, form);
          if (response.statusCode !== expected[i]) results.push(`${who}: expected ${expected[i]}, got ${response.statusCode}`);
        }
        assert.deepEqual(results, [], `${method} ${route}`);
      });
    }

    test('every route the app serves is in the matrix or deliberately left out', () => {
      const inMatrix = new Set(MATRIX.map(([m, r]) => `${m} ${r.split('?')[0]!.replace(/:(child|alert|user|contact|research|strategy|client|metric|table)\b/, ':id')}`));
      const missing = t.app.havenRoutes
        .filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/assets/') && !r.url.startsWith('/api/docs'))
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => !inMatrix.has(key) && !NOT_IN_MATRIX.has(key) && !JOURNEY_STEP.test(key));
      assert.deepEqual(missing, []);
    });
  });
}
