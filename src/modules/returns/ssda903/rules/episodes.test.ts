/**
 * Rules on a single episode: valid codes and dates and the combinations the DfE allows.
 */
import { ep, ruleCases, t, type RuleCase } from './testing.ts';

const one = (cells: Record<string, string>) => ({ episodes: [ep(cells)] });
const closed = { DEC: '01/02/2026', REC: 'E8' };
const respite = { LS: 'V3', HOME_POST: '', PL_POST: '', URN: '' };

const cases: RuleCase[] = [
  t('141', one({ DECOM: '32/01/2024' }), one({ DECOM: '1/1/2024' })),
  t('143', one({ RNE: 'X' })),
  t('144', one({ LS: 'C9' }), one({ LS: 'c1' })),
  t('145', one({ CIN: 'N9' })),
  t('146', one({ PLACE: 'H5' }), one({ PLACE: 'Z11' })),
  t('147', one({ DEC: '31/09/2025', REC: 'E8' }), one(closed)),
  t('148', one({ DEC: '01/01/2026' }), one(closed)),
  t('148', one({ REC: 'E8' }), one({}), 'a reason without a date'),
  t('149', one({ DEC: '01/01/2026', REC: 'E99' }), one(closed)),
  t('178', one({ PLACE_PROVIDER: 'PR9' })),
  t('178', one({ PLACE: 'T0', PLACE_PROVIDER: 'PR1', URN: '' }), one({ PLACE: 'T0', PLACE_PROVIDER: '', URN: '' }), 'no provider for a temporary placement'),
  t('213', one({ PLACE: 'T4', PLACE_PROVIDER: 'PR1', URN: '' }), one({ PLACE: 'T4', PLACE_PROVIDER: '', URN: '' })),
  t('214', one({ LS: 'V3', URN: '' }), one(respite)),
  t('217', one({ PLACE: 'A5', RNE: 'P' }), one({ PLACE: 'A5', RNE: 'T' })),
  t('217', one({ PLACE: 'A3', RNE: 'B', DECOM: '01/04/2015' }), one({ PLACE: 'A3', RNE: 'B', DECOM: '31/03/2015' }), 'episodes from April 2015'),
  t('222', one({ PLACE: 'P1', PLACE_PROVIDER: 'PR0' }), one({ PLACE: 'P1', PLACE_PROVIDER: 'PR0', URN: 'XXXXXXX' })),
  t('233', one({ REASON_PLACE_CHANGE: 'CARPL' }), one({ ...closed, REASON_PLACE_CHANGE: 'CARPL' })),
  t('353', one({ DECOM: '13/10/1991' }), one({ DECOM: '14/10/1991' })),
  t('354', one({ DECOM: '01/04/2026' }), one({ DECOM: '31/03/2026' })),
  t('355', one({ DECOM: '01/06/2025', DEC: '01/06/2025', REC: 'E8' }), one({ DECOM: '01/06/2025', DEC: '02/06/2025', REC: 'E8' })),
  t('355', one({ DECOM: '', DEC: '', REC: '' }), one({}), 'both blank compare equal, as the open validators compare them'),
  t('356', one({ DEC: '01/01/2023', REC: 'E8' }), one(closed)),
  t('365', one({ ...respite, DECOM: '01/06/2025', DEC: '19/06/2025', REC: 'E8' }), one({ ...respite, DECOM: '01/06/2025', DEC: '18/06/2025', REC: 'E8' })),
  t('365', one({ ...respite, DECOM: '01/03/2026' }), one({ ...respite, DECOM: '20/03/2026' }), 'an open break ends on 31 March'),
  t('366', one({ ...respite, RNE: 'P' }), one(respite)),
  t(
    '377',
    { episodes: [ep({ PLACE: 'T3' }), ep({ PLACE: 'T3' }), ep({ PLACE: 'T3' })] },
    { episodes: [ep({ PLACE: 'T3' }), ep({ PLACE: 'T3' }), ep({ PLACE: 'T2' })] },
  ),
  t('378', one({ PLACE: 'P1', LS: 'V2', PLACE_PROVIDER: 'PR0', URN: '' }), one({ PLACE: 'P1', LS: 'C2', PLACE_PROVIDER: 'PR0', URN: '' })),
  t('380', one({ PLACE: 'T1', RNE: 'S' }), one({ PLACE: 'T1', RNE: 'P' })),
  t('381', one({ PLACE: 'T1', ...closed }), one({ PLACE: 'T1', DEC: '01/02/2026', REC: 'X1' })),
  t('382', one({ ...respite, PLACE: 'T1' })),
  t('384', one({ ...respite, LS: 'V4', PLACE: 'U1' }), one({ ...respite, LS: 'V4', PLACE: 'U3' })),
  t('385', one({ DEC: '01/04/2026', REC: 'E8' }), one({ DEC: '31/03/2026', REC: 'E8' })),
  t('390', one({ DEC: '01/01/2026', REC: 'E11' }), one({ DEC: '01/01/2026', REC: 'E11', PLACE: 'A5', LS: 'E1' })),
  t('398', one({ LS: 'V3', URN: '' }), one(respite)),
  t('408', one({ PLACE: 'A5' }), one({ PLACE: 'A5', LS: 'E1' })),
  t('426', { episodes: [ep({ ...respite, ...closed }), ep({ ...respite, LS: 'V4' })] }, { episodes: [ep({ ...respite, ...closed }), ep(respite)] }),
  t('446', one({ LS: 'E1', DECOM: '30/11/2005' }), one({ LS: 'E1', DECOM: '01/12/2005' })),
  t('516', one({ ...closed, REC: 'E45', PLACE: 'K2' }), one({ ...closed, REC: 'E45', PLACE: 'U2' })),
  t('526', one({ PLACE_PROVIDER: '' }), one({ PLACE: 'T0', PLACE_PROVIDER: '', URN: '' })),
  t('527', one({ PLACE: 'R2', PLACE_PROVIDER: 'PR1' }), one({ PLACE: 'R2', PLACE_PROVIDER: 'PR3' })),
  t('528', one({ PLACE: 'R5', PLACE_PROVIDER: 'PR2' }), one({ PLACE: 'R5', PLACE_PROVIDER: 'PR4' })),
  t('529', one({ PLACE: 'U1', PLACE_PROVIDER: 'PR3' }), one({ PLACE: 'R1', PLACE_PROVIDER: 'PR3' })),
  t('530', one({ PLACE: 'P1', PLACE_PROVIDER: 'PR4' })),
  t('531', one({ PLACE: 'P1', PLACE_PROVIDER: 'PR5' })),
  t('550', one({ PLACE: 'K2', PLACE_PROVIDER: 'PR0' }), one({ PLACE: 'P1', PLACE_PROVIDER: 'PR0' })),
  t('1009', one({ ...closed, REASON_PLACE_CHANGE: 'XXXXX' }), one({ ...closed, REASON_PLACE_CHANGE: 'custod' })),
];

ruleCases('episodes', cases);
