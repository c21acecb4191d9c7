/**
 * Rules joining episodes to the child's details: ages at the start and end of episodes, UPN and
 * mother status of a looked-after child. The baseline child was born 15/06/2012.
 */
import { ep, ruleCases, t, type RuleCase } from './testing.ts';

const closed = (cells: Record<string, string>) => ({ episodes: [ep({ DEC: '01/02/2026', REC: 'E8', ...cells })] });
const born = (dob: string) => ({ DOB: dob });

const cases: RuleCase[] = [
  t('210', { header: { UPN: 'UN4' }, episodes: [ep({ DECOM: '25/03/2026' })] }, { header: { UPN: 'UN4' }, episodes: [ep({ DECOM: '23/03/2026' })] }),
  t('234', closed({ DECOM: '01/01/2022', REASON_PLACE_CHANGE: 'CUSTOD' }), closed({ REASON_PLACE_CHANGE: 'CUSTOD' })),
  t('302', { header: born('01/02/2024') }, { header: born('15/01/2024') }),
  t('352', { header: born('01/01/2005') }, { header: born('16/01/2006') }),
  t('358', { header: born('01/01/2015'), episodes: [ep({ LS: 'J1' })] }, { episodes: [ep({ LS: 'J1' })] }),
  t('359', { header: born('01/01/2007') }, { header: born('01/01/2007'), episodes: [ep({ LS: 'V2', PLACE: 'K2' })] }),
  t('371', closed({ PLACE: 'K3' }), { header: born('01/01/2007'), ...closed({ PLACE: 'K3' }) }),
  t('372', { header: born('01/01/2016'), ...closed({ PLACE: 'R5', URN: '' }) }, closed({ PLACE: 'R5', URN: '' })),
  t('373', { header: born('01/01/2022'), ...closed({ PLACE: 'S1' }) }, closed({ PLACE: 'S1' })),
  t('374', closed({ PLACE: 'P3', URN: '' }), { header: born('01/01/2008'), ...closed({ PLACE: 'P3', URN: '' }) }),
  t('374', closed({ PLACE: 'P3', URN: '' }), { episodes: [ep({ PLACE: 'P3', URN: '' })] }, 'open episodes are not checked, as the open validators check them'),
  t('375', closed({ PLACE: 'T1', DECOM: '01/06/2025', DEC: '14/07/2025' }), closed({ PLACE: 'T1', DECOM: '01/06/2025', DEC: '13/07/2025' })),
  t('376', closed({ PLACE: 'T3', DECOM: '01/06/2025', DEC: '23/06/2025' }), closed({ PLACE: 'T3', DECOM: '01/06/2025', DEC: '22/06/2025' })),
  t('379', closed({ PLACE: 'T4', DECOM: '01/06/2025', DEC: '09/06/2025' }), closed({ PLACE: 'T4', DECOM: '01/06/2025', DEC: '08/06/2025' })),
  t('386', { header: born('01/01/2007'), ...closed({ REC: 'E11', PLACE: 'A5' }) }, closed({ REC: 'E11', PLACE: 'A5' })),
  t('387', closed({ REC: 'E5' }), { header: born('01/01/2010'), ...closed({ REC: 'E5' }) }),
  t('387', { header: null, ...closed({ REC: 'E6' }) }, { header: born('01/02/2012'), ...closed({ REC: 'E6' }) }, 'no known date of birth fails'),
  t('389', closed({ REC: 'E7' }), { header: born('01/01/2008'), ...closed({ REC: 'E7' }) }),
  t('393', { header: { MOTHER: '' } }, { header: { MOTHER: '', SEX: 'M' } }),
  t('393', { header: { MOTHER: '' }, episodes: [ep(), ep({ LS: 'V3' })] }, { header: { MOTHER: '' }, episodes: [ep({ LS: 'V3', HOME_POST: '', PL_POST: '', URN: '' })] }, 'respite alone does not need it'),
  t('407', { header: born('01/01/2007'), ...closed({ REC: 'E45' }) }, closed({ REC: 'E45' })),
  t('442', { header: { UPN: '' } }, { header: { UPN: '' }, episodes: [ep({ LS: 'V4', HOME_POST: '', PL_POST: '', URN: '' })] }),
  t('460', closed({ REC: 'E17' }), { header: born('01/01/2007'), ...closed({ REC: 'E17' }) }),
  t('607', { header: { MOTHER: '' }, ...closed({}) }, closed({})),
  t('625', { header: { MOTHER: '1', MC_DOB: '01/03/2026' }, ...closed({}) }, { header: { MOTHER: '1', MC_DOB: '01/01/2025' }, ...closed({}) }),
];

ruleCases('episodes and header', cases);
