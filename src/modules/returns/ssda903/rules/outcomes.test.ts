/**
 * Rules on outcomes: OC2 (children looked after continuously for 12 months: the baseline child,
 * 13 at 31 March) and OC3 (care leavers, with no episodes this year).
 */
import { ep, ruleCases, t, type ChildSpec, type RuleCase } from './testing.ts';

type Cells = Record<string, string>;

const oc2 = (cells: Cells, extra: Partial<ChildSpec> = {}): ChildSpec => ({ oc2: [cells], ...extra });
const born = (dob: string) => ({ header: { DOB: dob } });
/** Looked after from June 2025: not continuously for 12 months. */
const startedInYear = { episodes: [ep({ DECOM: '01/06/2025' })] };
const leaver = (cells: Cells = {}, extra: Partial<ChildSpec> = {}): ChildSpec => ({
  header: { DOB: '01/06/2007', MOTHER: '' },
  episodes: [],
  reviews: [],
  oc2: [],
  swEpisodes: [],
  oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1', ...cells }],
  ...extra,
});
const seventeen = { DOB: '01/06/2008', MOTHER: '' };

const cases: RuleCase[] = [
  t('157', oc2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ1' }), oc2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ2' })),
  t('158', oc2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1', INTERVENTION_OFFERED: '0' }), oc2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1' })),
  t('159', oc2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0' }), oc2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '0', INTERVENTION_OFFERED: '1' })),
  t('180', oc2({ SDQ_SCORE: '41' }), oc2({ SDQ_SCORE: '40' })),
  t('180', oc2({ SDQ_SCORE: '4.5' }), oc2({ SDQ_SCORE: '04' }), 'a whole number'),
  t('181', oc2({ IMMUNISATIONS: '2' })),
  t('182', oc2({ IMMUNISATIONS: '' }), oc2({ IMMUNISATIONS: '', TEETH_CHECK: '', HEALTH_ASSESSMENT: '', SUBSTANCE_MISUSE: '', CONVICTED: '' })),
  t('185', { ...startedInYear, oc2: [{ SDQ_SCORE: '10' }] }, {}),
  t('186', oc2({ SDQ_SCORE: '' }), oc2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ3' })),
  t('187', { ad1: [{ DATE_INT: '01/05/2025' }] }, { ...startedInYear, ad1: [{ DATE_INT: '01/05/2025' }] }),
  t('187', { oc3: [{ IN_TOUCH: 'YES' }] }, { oc3: [{ IN_TOUCH: '' }] }, 'care leaver data'),
  t('188', { ...born('01/01/2023'), oc2: [{ SDQ_SCORE: '10' }] }, { ...born('01/01/2023'), oc2: [{ SDQ_SCORE: '' }] }),
  t('189', { ...born('01/01/2008'), oc2: [{ SDQ_SCORE: '10' }] }, { ...born('01/04/2008'), oc2: [{ SDQ_SCORE: '10' }] }),
  t('190', { ...startedInYear, oc2: [{ IMMUNISATIONS: '1' }] }, { ...startedInYear, oc2: [{ SDQ_SCORE: '', CONVICTED: '', IMMUNISATIONS: '', TEETH_CHECK: '', HEALTH_ASSESSMENT: '', SUBSTANCE_MISUSE: '' }] }),
  t('191', oc2({ TEETH_CHECK: '' }), {}),
  t('191', { oc2: [] }, { ...startedInYear, oc2: [] }, 'a continuously looked-after child with no OC2 row'),
  t('192', oc2({ SUBSTANCE_MISUSE: '1' }), oc2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1' })),
  t('193', oc2({ INTERVENTION_RECEIVED: '1' }), oc2({ SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1' })),
  t('196', oc2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ9' }), oc2({ SDQ_SCORE: '', SDQ_REASON: 'sdq5' })),
  t('197a', oc2({ SDQ_REASON: 'SDQ2' })),
  t('197B', { ...born('01/06/2021'), oc2: [{ SDQ_SCORE: '', CONVICTED: '', HEALTH_CHECK: '1' }] }, { ...born('01/06/2021'), oc2: [{ CONVICTED: '', HEALTH_CHECK: '1' }] }),
  t('198', { ...startedInYear, oc2: [{ SDQ_SCORE: '', SDQ_REASON: 'SDQ2' }] }, oc2({ SDQ_SCORE: '', SDQ_REASON: 'SDQ2' })),
  t('542', { ...born('01/01/2017'), oc2: [{ CONVICTED: '0' }] }, { ...born('01/01/2017'), oc2: [{ CONVICTED: '' }] }),
  t('543', oc2({ CONVICTED: '' }), { ...born('01/04/2016'), oc2: [{ CONVICTED: '' }] }),
  t('544', oc2({ CONVICTED: '1', IMMUNISATIONS: '' }), oc2({ CONVICTED: '1' })),
  t('545', { ...born('01/01/2022'), oc2: [{ CONVICTED: '', HEALTH_CHECK: '' }] }, { ...born('01/01/2022'), oc2: [{ CONVICTED: '', HEALTH_CHECK: '1' }] }),
  t('546', oc2({ HEALTH_CHECK: '1' })),
  t('547', { ...born('01/01/2022'), oc2: [{ CONVICTED: '', HEALTH_CHECK: '1', TEETH_CHECK: '' }] }, { ...born('01/01/2022'), oc2: [{ CONVICTED: '', HEALTH_CHECK: '1' }] }),

  t('131', leaver({ IN_TOUCH: 'MAYBE' }), leaver()),
  t('132', leaver({ ACTIV: 'X' }), leaver({ IN_TOUCH: 'DIED', ACTIV: '0', ACCOM: '0' })),
  t('133', leaver({ ACCOM: 'B3' }), leaver({ ACCOM: 'z2' })),
  t('153', leaver({ ACTIV: '' }), leaver({ IN_TOUCH: '', ACTIV: '', ACCOM: '' })),
  t('344', leaver({ IN_TOUCH: 'DIED' }), leaver({ IN_TOUCH: 'RHOM', ACTIV: '0', ACCOM: '0' })),
  t('345', leaver({ ACCOM: '0' }), leaver({ IN_TOUCH: 'NO', ACCOM: '0' })),
  t('347', leaver({ ACCOM: 'T1' }, { header: { DOB: '01/06/2008' } }), leaver({ ACCOM: 'T2' }, { header: { DOB: '01/01/2007' } })),
  t('391', leaver({}, { header: { DOB: '01/06/2010' } }), leaver({}, { header: { DOB: '31/03/2009' } })),
  t('215', leaver({}, { oc2: [{ CONVICTED: '0' }] }), leaver({}, { oc2: [{ CONVICTED: '', IMMUNISATIONS: '', TEETH_CHECK: '', HEALTH_ASSESSMENT: '', SUBSTANCE_MISUSE: '' }] })),
  t(
    '1007',
    leaver({}, { header: seventeen, episodes: [ep()] }),
    leaver({}, { header: seventeen, episodes: [ep({ DEC: '01/05/2025', REC: 'E8' })] }),
  ),
  t('1007', leaver({}, { header: seventeen, episodes: [ep({ DEC: '02/06/2025', REC: 'E8' })] }), leaver({}, { header: seventeen, episodes: [ep({ DEC: '01/06/2025', REC: 'E8' })] }), 'still looked after on the birthday'),
  t('1011', leaver({}, { episodes: [ep({ DEC: '01/02/2025', REC: 'E3' })] }), leaver({}, { episodes: [ep({ DEC: '01/02/2025', REC: 'E8' })] })),
  t('1016', leaver({}, { header: seventeen, episodes: [ep({ DEC: '01/07/2025', REC: 'E8' })] }), leaver({}, { header: seventeen, episodes: [ep({ DEC: '31/05/2025', REC: 'E8' })] })),
  t('3001', leaver({ ACCOM: 'Z1' }, { header: seventeen }), leaver({ ACCOM: 'Z1' })),
  t('165', { header: { MOTHER: '2' } }, {}),
  t('165', { header: { MOTHER: '' } }, { header: { MOTHER: '', SEX: 'M' } }, 'a girl looked after in the year needs it'),
  t('165', { header: { MOTHER: '0', SEX: 'M' } }, { header: { MOTHER: '', SEX: 'M' } }, 'a boy has none (M/F codes, as well as 1/2)'),
  t('628', leaver({}, { header: { DOB: '01/06/2007', MOTHER: '0' } }), leaver()),
];

ruleCases('outcomes', cases);
