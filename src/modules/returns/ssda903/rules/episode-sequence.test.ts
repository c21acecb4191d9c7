/**
 * Rules on the sequence of a child's episodes. The usual chain: looked after from 15/01/2024 (S)
 * with a change of placement (P) on 01/06/2025, the first episode ending X1 that day.
 */
import { ep, ruleCases, t, type RuleCase } from './testing.ts';

const first = (cells: Record<string, string> = {}) => ep({ DEC: '01/06/2025', REC: 'X1', REASON_PLACE_CHANGE: 'CARPL', ...cells });
const second = (cells: Record<string, string> = {}) => ep({ DECOM: '01/06/2025', RNE: 'P', PLACE: 'U2', ...cells });
const chain = (a: Record<string, string> = {}, b: Record<string, string> = {}) => ({ episodes: [first(a), second(b)] });
const short = (ls: string, decom: string, dec: string) => ({ episodes: [ep({ LS: ls, DECOM: decom, DEC: dec, REC: 'E8' })] });
const respite = (decom: string, dec: string) => ep({ LS: 'V3', DECOM: decom, DEC: dec, REC: 'E8', HOME_POST: '', PL_POST: '', URN: '' });

const cases: RuleCase[] = [
  t('142', chain({ DEC: '', REC: '' }), chain()),
  t('199', { episodes: [first({ REC: 'E11', PLACE: 'A5', LS: 'E1' }), second({ DECOM: '01/09/2025', RNE: 'S' })] }, { episodes: [first({ REC: 'E11', PLACE: 'A5', LS: 'E1' })] }),
  t(
    '199',
    { episodes: [second({ DECOM: '01/09/2025', RNE: 'S' })], last: { episodes: [first({ REC: 'E12', PLACE: 'A6', LS: 'E1', DEC: '01/06/2024' })] } },
    { episodes: [second({ DECOM: '01/09/2025', RNE: 'S' })], last: { episodes: [first({ DEC: '01/06/2024', REC: 'E8' })] } },
    'an adoption in last year’s episodes',
  ),
  t('225', chain({ REASON_PLACE_CHANGE: '' }), chain()),
  t('225', chain({ REASON_PLACE_CHANGE: '' }, { RNE: 'B', LS: 'V2' }), chain({ REASON_PLACE_CHANGE: '' }, { RNE: 'L', PLACE: 'U1', LS: 'V2' }), 'a change of legal status alone needs no reason'),
  t('226', chain({}, { PLACE: 'T1' }), chain({ REASON_PLACE_CHANGE: '' }, { PLACE: 'T1' })),
  t('336', chain({ PLACE: 'K2' }, { PLACE: 'A4' }), chain({ PLACE: 'U3' }, { PLACE: 'A4' })),
  t('357', { episodes: [ep({ DECOM: '01/06/2025', RNE: 'P' })] }, { episodes: [ep({ DECOM: '01/06/2025', RNE: 'S' })] }),
  t('361', short('L1', '01/06/2025', '05/06/2025'), short('L1', '01/06/2025', '04/06/2025')),
  t('361', { episodes: [ep({ LS: 'L1', DECOM: '01/06/2025', DEC: '03/06/2025', REC: 'X1' }), ep({ LS: 'L1', DECOM: '03/06/2025', RNE: 'P', DEC: '05/06/2025', REC: 'E8' })] }, short('L1', '01/06/2025', '03/06/2025'), 'consecutive episodes count together'),
  t('362', short('L2', '01/06/2025', '23/06/2025'), short('L2', '01/06/2025', '22/06/2025')),
  t('363', short('L3', '01/06/2025', '09/06/2025'), short('L3', '01/06/2025', '08/06/2025')),
  t('364', short('J2', '01/06/2025', '23/06/2025'), short('J2', '01/06/2025', '22/06/2025')),
  t('367', { episodes: [respite('01/05/2025', '10/06/2025'), respite('01/09/2025', '10/10/2025')] }, { episodes: [respite('01/05/2025', '31/05/2025'), respite('01/09/2025', '01/10/2025')] }),
  t(
    '383',
    { episodes: [first(), second({ PLACE: 'T1', DEC: '10/06/2025', REC: 'X1' }), ep({ DECOM: '10/06/2025', RNE: 'P', PLACE: 'U2' })] },
    { episodes: [first(), second({ PLACE: 'T1', DEC: '10/06/2025', REC: 'X1' }), ep({ DECOM: '10/06/2025', RNE: 'P' })] },
  ),
  t('388', chain({ DEC: '31/05/2025' }), chain()),
  t('388', { episodes: [ep({ DEC: '01/02/2026', REC: 'X1' })] }, { episodes: [ep({ DEC: '01/02/2026', REC: 'E8' })] }, 'the last episode cannot end X1'),
  t('431', chain({ REC: 'E8' }, { RNE: 'S' }), chain({ REC: 'E8' }, { RNE: 'S', DECOM: '02/06/2025' })),
  t('432', chain({ REC: 'E8' }, { DECOM: '02/06/2025' }), chain({ REC: 'E8' }, { RNE: 'S', DECOM: '02/06/2025' })),
  t('433', chain({}, { DECOM: '02/06/2025' }), chain()),
  t('433', chain({}, { DECOM: '1/6/2025' }), chain({ DEC: '1/6/2025' }, { DECOM: '1/6/2025' }), 'dates are compared as written'),
  t('434', chain({}, { RNE: 'L', PLACE: 'U1' }), chain({}, { RNE: 'L', PLACE: 'U1', LS: 'V2' })),
  t('435', chain({}, { LS: 'V2' }), chain()),
  t('436', chain({}, { RNE: 'B' }), chain({}, { RNE: 'B', LS: 'V2' })),
  t('437', chain({ REC: 'E2' }, { RNE: 'S' }), chain()),
  t('501', chain({ DEC: '05/06/2025' }), chain()),
  t('504', chain({}, { CIN: 'N2' }), chain()),
];

ruleCases('episode sequence', cases);
