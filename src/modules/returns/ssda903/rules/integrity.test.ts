/**
 * Internal checks that the files agree with each other: each child in header.csv, the same date of
 * birth and sex, one row per child where there should be one, nothing for children with no episodes.
 */
import { ep, ruleCases, t, type ChildSpec, type RuleCase } from './testing.ts';

type Cells = Record<string, string>;

const ROWS: Record<string, Cells> = {
  ad1: { DATE_INT: '01/05/2025', DATE_MATCH: '15/05/2025', FOSTER_CARE: '1', NB_ADOPTR: '1', SEX_ADOPTR: 'F1', LS_ADOPTR: 'L0' },
  placedAdoption: { DATE_PLACED: '01/05/2025' },
  missing: { MISSING: 'M', MIS_START: '01/06/2025', MIS_END: '02/06/2025' },
  oc3: { IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' },
  prevPerm: { PREV_PERM: 'Z1' },
  uasc: { SEX: 'F', DUC: '' },
};
const withRow = (table: keyof ChildSpec, cells: Cells = {}, extra: Partial<ChildSpec> = {}): ChildSpec => ({ [table]: [{ ...(ROWS[table] ?? {}), ...cells }], ...extra });
const noHeader = { header: null };
const otherDob = { DOB: '01/01/2011' };

const cases: RuleCase[] = [
  t('INT01', withRow('ad1', {}, noHeader), withRow('ad1')),
  t('INT02', withRow('placedAdoption', {}, noHeader), withRow('placedAdoption')),
  t('INT03', noHeader, {}),
  t('INT04', withRow('missing', {}, noHeader), withRow('missing')),
  t('INT05', noHeader, { header: {} }),
  t('INT06', withRow('oc3', {}, noHeader), withRow('oc3')),
  t('INT07', withRow('prevPerm', {}, noHeader), withRow('prevPerm')),
  t('INT08', noHeader, {}),
  t('INT09', withRow('uasc', {}, noHeader), withRow('uasc')),
  t('INT11', withRow('ad1', otherDob), withRow('ad1')),
  t('INT12', withRow('placedAdoption', otherDob), withRow('placedAdoption', { DOB: '' })),
  t('INT13', withRow('missing', otherDob), withRow('missing')),
  t('INT14', { oc2: [otherDob] }, {}),
  t('INT15', withRow('oc3', otherDob), withRow('oc3', { DOB: '31/02/2011' })),
  t('INT16', withRow('prevPerm', otherDob), withRow('prevPerm')),
  t('INT17', { reviews: [otherDob] }, {}),
  t('INT18', withRow('uasc', otherDob), withRow('uasc')),
  t('INT21', withRow('uasc', { SEX: 'M' }), withRow('uasc', { SEX: '' })),
  t('INT31', { ad1: [ROWS.ad1 ?? {}, ROWS.ad1 ?? {}] }, withRow('ad1')),
  t('INT32', { siblings: [{ id: 'FAILS', episodes: [], reviews: [], oc2: [], swEpisodes: [] }] }, { siblings: [{ id: 'OTHER' }] }),
  t('INT33', { oc2: [{}, {}] }, {}),
  t('INT34', { oc3: [ROWS.oc3 ?? {}, ROWS.oc3 ?? {}] }, withRow('oc3')),
  t('INT35', { prevPerm: [ROWS.prevPerm ?? {}, ROWS.prevPerm ?? {}] }, withRow('prevPerm')),
  t('INT36', { uasc: [ROWS.uasc ?? {}, ROWS.uasc ?? {}] }, withRow('uasc')),
  t('1012', { episodes: [] }, { episodes: [ep()] }),
  t('1012', { episodes: [], reviews: [], swEpisodes: [], oc2: [], ...withRow('missing') }, { episodes: [], reviews: [], swEpisodes: [], oc2: [], ...withRow('oc3') }, 'missing periods of a child with no episodes'),
];

ruleCases('integrity', cases);
