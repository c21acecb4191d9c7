/**
 * Rules on where a child is placed: postcodes and what is derived from them, and the Ofsted URN
 * against the providers lists (testing.ts: TEST_POSTCODES and TEST_PROVIDERS).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EpisodeRow } from '../model.ts';
import type { Placement } from '../postcodes.ts';
import { RuleContext } from './engine.ts';
import { rulesFor } from './index.ts';
import { buildReturn, ep, ruleCases, t, TEST_POSTCODES, type RuleCase } from './testing.ts';

const one = (cells: Record<string, string>) => ({ episodes: [ep(cells)] });
const uasc = { uasc: [{ SEX: 'F', DUC: '' }] };
const respite = { LS: 'V3', HOME_POST: '', PL_POST: '', URN: '' };

const cases: RuleCase[] = [
  t('164', one({ PL_POST: 'ZZ1 1ZZ' }), { ...one({ PL_POST: 'ZZ1 1ZZ' }), ...uasc }),
  t('169', one({ PL_POST: 'XX1 1XX' }), one({ ...respite, PL_POST: 'XX1 1XX' })),
  t('179', one({ PL_POST: '' }), one(respite)),
  t('218', one({ URN: '' }), one({ PLACE: 'R1', PLACE_PROVIDER: 'PR4', URN: '' })),
  t('218', one({ URN: '', DEC: '01/04/2025', REC: 'E8' }), one({ URN: '', PL_POST: 'AB10 1AA' }), 'not for placements outside England'),
  t('392a', one({ HOME_POST: 'XX1 1XX' }), { ...one({ HOME_POST: '' }), ...uasc }),
  t('392b', one({ HOME_POST: '' }), { ...one({ HOME_POST: '' }), ...uasc }),
  t('392c', one({ PL_POST: 'XX1 1XX' }), one({ PL_POST: 'n15 3ab' })),
  t('392d', one({ PL_POST: 'N17 6AA' }), one({ PL_POST: 'N17 6AA', PLACE: 'P1', PLACE_PROVIDER: 'PR0', URN: '' })),
  t('406', { ...one({}), ...uasc }, { ...one({ HOME_POST: '' }), ...uasc }),
  t('420', one({ ...respite, PL_POST: 'N15 3AB' }), one(respite)),
  t('454', one({ PL_POST: 'AB10 1AA' }), one({ PL_POST: 'NW1 0AA' })),
  t('1015', one({ PLACE: 'K2', PL_POST: 'NW1 0AA' }), one({ PLACE: 'K2' })),
  t('1015', one({ PLACE: 'K2', PL_POST: 'XX1 1XX' }), one({ PLACE: 'U4', PL_POST: 'NW1 0AA' }), 'fostering may be anywhere'),
  t('219', one({ PLACE: 'U3' })),
  t('221', one({ PLACE: 'K2', PL_POST: 'NW1 0AA' }), one({ PLACE: 'K2' })),
  t('224', one({ PLACE_PROVIDER: 'PR2' })),
  t('227', one({ URN: '7654321', PLACE: 'K2', PLACE_PROVIDER: 'PR4', DECOM: '30/06/2025' }), one({ URN: '7654321', PLACE: 'K2', PLACE_PROVIDER: 'PR4', DECOM: '29/06/2025', DEC: '01/07/2025', REC: 'E8' })),
  t('228', one({ URN: '7654321', PLACE: 'K2', PLACE_PROVIDER: 'PR4' }), one({ URN: '7654321', PLACE: 'K2', PLACE_PROVIDER: 'PR4', DEC: '30/06/2025', REC: 'E8' })),
  t('229', one({ URN: '7654321', PLACE: 'K2' }), one({ URN: '7654321', PLACE: 'K2', PLACE_PROVIDER: 'PR2' })),
  t('1008', one({ URN: '9999999' }), one({ URN: 'XXXXXXX' })),
];

ruleCases('placements', cases);

test('placements 411: flags a placement recorded IN the authority but in another LA', () => {
  // PL_LOCATION and PL_LA are both derived from PL_POST, so a CSV return cannot contradict itself;
  // the XML return (or Haven's own records) could, which this context stands in for.
  class Contradictory extends RuleContext {
    override placement(_episode: EpisodeRow): Placement {
      return { la: 'E09000007', location: 'IN', distance: 1 };
    }
  }
  const context = new Contradictory(buildReturn([{ id: 'FAILS' }]), { collectionYear: '2025-26', laGss: 'E09000014', postcodes: TEST_POSTCODES });
  context.code = '411';
  rulesFor('2025-26').find((rule) => rule.code === '411')?.run(context);
  assert.deepEqual(context.findings.map((f) => f.child), ['FAILS']);
  const consistent = new RuleContext(buildReturn([{ id: 'PASSES' }]), { collectionYear: '2025-26', laGss: 'E09000014', postcodes: TEST_POSTCODES });
  consistent.code = '411';
  rulesFor('2025-26').find((rule) => rule.code === '411')?.run(consistent);
  assert.deepEqual(consistent.findings, []);
});
