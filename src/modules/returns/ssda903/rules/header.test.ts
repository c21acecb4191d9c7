/**
 * Rules on the child's details (header.csv) and UASC (uasc.csv): a child each rule flags and one it
 * does not, over the baseline child of testing.ts.
 */
import type { HeaderRow } from '../model.ts';
import { ep, ruleCases, t, type RuleCase } from './testing.ts';

const uascChild = { uasc: [{ SEX: 'F', DUC: '' }] };

const setUasc = (status: string) => (ret: { current: { header?: HeaderRow[] } }) => {
  for (const h of ret.current.header ?? []) if (h.CHILD === 'FAILS') (h as { UASC: string | null }).UASC = status;
};

const cases: RuleCase[] = [
  t('101', { header: { SEX: 'X' } }, { header: { SEX: 'M' } }),
  t('101', { header: { SEX: '1' } }, { header: { SEX: 'U' } }, 'the codes before 2024-25 are no longer valid'),
  t('102', { header: { DOB: '31/02/2012' } }),
  t('102', { header: { DOB: '' } }, { header: { DOB: '1/2/2012' } }, 'blank is not a date; unpadded day and month are'),
  t('103', { header: { ETHNIC: 'XXXX' } }, { header: { ETHNIC: 'nobt' } }),
  { ...t('105', {}, {}), adjust: setUasc('2'), why: 'UASC status set in memory (the CSV derives it)' },
  t('168', { header: { UPN: 'I123456789012' } }, { header: { UPN: 'UN3' } }),
  t('168', { header: { UPN: 'A12345678901' } }, { header: { UPN: 'A12345678901B' } }, 'eleven digits need a final letter'),
  t('171', { header: { MOTHER: '1', MC_DOB: '31/02/2024' } }, { header: { MOTHER: '1', MC_DOB: '28/02/2024' } }),
  t('174', { header: { SEX: 'M', MOTHER: '', MC_DOB: '01/01/2025' } }, { header: { SEX: 'F', MOTHER: '1', MC_DOB: '01/01/2025' } }),
  t('209', { header: { UPN: 'UN1' } }, { header: { UPN: 'UN1', DOB: '01/01/2022' } }),
  t('231', { header: { DOB: '01/01/2016' }, ...uascChild }, { header: { DOB: '01/01/2010' }, ...uascChild }),
  t('232', { header: { SEX: 'U' } }),
  t('301', { header: { DOB: '01/04/2026' } }, { header: { DOB: '31/03/2026' } }),
  t('351', { header: { DOB: '01/01/2000' } }, { header: { DOB: '01/04/2000' } }),
  t('444', { siblings: [{ id: 'OTHER' }] }, { siblings: [{ id: 'OTHER', header: { UPN: 'B123456789012' } }] }),
  t('444', { header: { UPN: 'B123456789012' }, siblings: [{ id: 'OTHER', header: { UPN: 'B123456789012' } }] }, { header: { UPN: 'UN2' }, siblings: [{ id: 'OTHER', header: { UPN: 'UN2' } }] }, 'unknown codes may repeat'),
  t('611', { header: { MOTHER: '1', MC_DOB: '' } }, { header: { MOTHER: '1', MC_DOB: '01/01/2025' } }),
  t('612', { header: { MOTHER: '0', MC_DOB: '01/01/2025' } }, { header: { MOTHER: '0', MC_DOB: '', SEX: 'F' } }),
  t('620', { header: { MOTHER: '1', MC_DOB: '01/01/2025', DOB: '01/01/2016' } }, { header: { MOTHER: '1', MC_DOB: '01/01/2025', DOB: '01/01/2008' } }),
  t('621', { header: { MOTHER: '1', MC_DOB: '01/01/2010' } }, { header: { MOTHER: '1', MC_DOB: '01/01/2025' } }),
  t('EPI', { episodes: [], reviews: [], oc2: [], swEpisodes: [] }, { episodes: [], reviews: [], oc2: [], swEpisodes: [], oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }] }),

  t('104', { uasc: [{ SEX: 'F', DUC: '31/02/2026' }] }, { uasc: [{ SEX: 'F', DUC: '' }] }),
  t('104', { uasc: [{ SEX: 'F', DUC: '31/03/2025' }] }, { uasc: [{ SEX: 'F', DUC: '01/04/2025' }] }, 'ceased before the year'),
  { ...t('303', { uasc: [{ SEX: 'F', DUC: '01/01/2026' }] }, { uasc: [{ SEX: 'F', DUC: '' }] }), adjust: setUasc('0'), why: 'a UASC status of 0 set in memory' },
  t('304', { uasc: [{ SEX: 'F', DUC: '16/06/2030' }] }, { uasc: [{ SEX: 'F', DUC: '15/06/2030' }] }),
  t(
    '1014',
    { episodes: [ep({ DEC: '01/02/2025', REC: 'E8' })], ...uascChild, oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }] },
    { ...uascChild, oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }] },
  ),
];

ruleCases('header and UASC', cases);
