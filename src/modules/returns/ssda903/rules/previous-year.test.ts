/**
 * Rules comparing this year with last year's files. Last year the baseline child had the same
 * details and the same episode, open at 31 March 2025.
 */
import { BASE_EPISODE, BASE_HEADER, ep, ruleCases, t, type ChildSpec, type RuleCase } from './testing.ts';

type Cells = Record<string, string>;

/** The baseline child with last year's header (changed by `header`) and open episode (changed by `episode`). */
const lastYear = (header: Cells = {}, episode: Cells | null = {}, extra: ChildSpec['last'] = {}, now: Partial<ChildSpec> = {}): ChildSpec => ({
  ...now,
  last: { header: { ...BASE_HEADER, ...header }, episodes: episode === null ? [] : [{ ...BASE_EPISODE, ...episode }], ...extra },
});
const uasc = [{ SEX: 'F', DUC: '' }];
const DECISION: Cells = { DATE_PLACED: '01/03/2025', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' };
const decisions = (now: Cells, before: Cells | null): ChildSpec =>
  lastYear({}, {}, before === null ? {} : { placedAdoption: [{ ...DECISION, ...before }] }, { placedAdoption: [{ ...DECISION, ...now }] });
const leaver = { header: { DOB: '01/06/2007', MOTHER: '' }, episodes: [], reviews: [], oc2: [], swEpisodes: [], oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }] };
const leaverHeader = { DOB: '01/06/2007', MOTHER: '' };

const cases: RuleCase[] = [
  t('202', lastYear({ SEX: 'M' }), lastYear()),
  t('203', lastYear({ DOB: '16/06/2012' }), lastYear({ DOB: '15/6/2012' })),
  t('204', lastYear({ ETHNIC: 'WIRI' }), lastYear({ ETHNIC: 'wbri' })),
  t('207', lastYear({ MOTHER: '1', MC_DOB: '01/01/2025' }), lastYear()),
  t('208', lastYear({ UPN: 'B123456789012' }), lastYear({ UPN: 'UN1' })),
  t('624', lastYear({ MOTHER: '1', MC_DOB: '01/01/2024' }, {}, {}, { header: { MOTHER: '1', MC_DOB: '02/01/2024' } }), lastYear({ MOTHER: '1', MC_DOB: '01/01/2024' }, {}, {}, { header: { MOTHER: '1', MC_DOB: '01/01/2024' } })),
  t('626', lastYear({ MOTHER: '0' }, {}, {}, { header: { MOTHER: '1', MC_DOB: '01/01/2025' } }), lastYear({ MOTHER: '0' }, {}, {}, { header: { MOTHER: '1', MC_DOB: '01/05/2025' } })),
  t(
    '205A',
    lastYear({}, {}, { uasc: [{ SEX: 'F', DUC: '01/01/2026' }] }, { header: null, uasc }),
    lastYear({}, {}, { uasc: [{ SEX: 'F', DUC: '01/01/2025' }] }, { header: null, uasc }),
  ),
  t(
    '205B',
    lastYear({}, {}, { uasc }, { uasc }),
    lastYear({}, {}, { uasc: [{ SEX: 'F', DUC: '15/06/2030' }] }, { uasc: [{ SEX: 'F', DUC: '15/06/2030' }] }),
  ),
  t('205C', lastYear({}, {}, {}, { header: null, uasc: [{ SEX: 'F', DUC: '01/01/2026' }] }), lastYear({}, {}, {}, { header: null, uasc: [{ SEX: '', DUC: '' }] })),
  t('205D', lastYear({}, {}, {}, { uasc }), lastYear({}, {}, { uasc }, { uasc })),
  t('348', lastYear(leaverHeader, null, { oc3: [{ IN_TOUCH: 'DIED', ACTIV: '0', ACCOM: '0' }] }, leaver), lastYear(leaverHeader, null, { oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }] }, leaver)),
  t('452', lastYear({}, { PL_POST: 'NW1 0AA' }), lastYear()),
  t('452', lastYear({}, { PL_POST: 'NW1 0AA' }), lastYear({}, { PL_POST: 'NW1 0AA', RNE: 'P' }), 'only with the same reason for new episode'),
  t('453', lastYear({}, { PL_POST: 'NW1 0AA' }), lastYear()),
  t('502', lastYear({}, { DECOM: '01/01/2024' }), lastYear()),
  t('503A', lastYear({}, { RNE: 'P' }), lastYear()),
  t('503B', lastYear({}, { LS: 'V2' }), lastYear({}, { LS: 'V2', DEC: '01/03/2025', REC: 'X1' })),
  t('503C', lastYear({}, { CIN: 'N2' }), lastYear()),
  t('503D', lastYear({}, { PLACE: 'U2' }), lastYear({}, { PLACE: 'Z1' }, {}, { episodes: [ep({ PLACE: 'Z11' })] })),
  t('503E', lastYear({}, { PLACE_PROVIDER: 'PR4' }), lastYear()),
  t('503F', lastYear({}, { URN: '7654321' }), lastYear()),
  t('503G', lastYear({}, { HOME_POST: 'NW1 0AA' }), lastYear()),
  t('503H', lastYear({}, { PL_POST: 'AB10 1AA' }), lastYear()),
  t('503J', lastYear({}, { PL_POST: 'NW1 0AA' }), lastYear()),
  t('559', decisions({}, null), decisions({}, {})),
  t('560', decisions({ DATE_PLACED: '02/03/2025' }, {}), decisions({ DATE_PLACED: '02/03/2025' }, { DATE_PLACED_CEASED: '01/04/2025', REASON_PLACED_CEASED: 'RD1' })),
  t('561', decisions({}, { DATE_PLACED_CEASED: '20/03/2025', REASON_PLACED_CEASED: 'RD1' }), decisions({}, {})),
  t('584', decisions({}, { DATE_PLACED_CEASED: '20/03/2025', REASON_PLACED_CEASED: 'RD1' }), decisions({ DATE_PLACED: '01/05/2025' }, { DATE_PLACED_CEASED: '20/03/2025', REASON_PLACED_CEASED: 'RD1' })),
  t('562', lastYear({}, { DECOM: '01/01/2024' }), lastYear()),
  t(
    '576',
    lastYear({}, {}, { missing: [{ MISSING: 'M', MIS_START: '30/03/2025', MIS_END: '' }] }, { missing: [{ MISSING: 'M', MIS_START: '01/06/2025', MIS_END: '02/06/2025' }] }),
    lastYear({}, {}, { missing: [{ MISSING: 'M', MIS_START: '30/03/2025', MIS_END: '' }] }, { missing: [{ MISSING: 'M', MIS_START: '30/03/2025', MIS_END: '02/04/2025' }] }),
  ),
  t('NoE', lastYear({}, null), lastYear()),
  t('1000', { episodes: [ep({ DEC: '01/02/2026', REC: 'E2' })], oc3: [{ IN_TOUCH: 'DIED', ACTIV: '0', ACCOM: '0' }] }, { episodes: [ep({ DEC: '01/02/2026', REC: 'E8' })], oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }] }),
  t('1000', lastYear({}, { DEC: '01/02/2025', REC: 'E2' }, {}, leaver), lastYear({}, { DEC: '01/02/2025', REC: 'E8' }, {}, leaver), 'an E2 episode last year'),
  t(
    '1001',
    { ...lastYear(leaverHeader, { DECOM: '01/01/2025', DEC: '01/02/2025', REC: 'E8' }, {}, leaver), siblings: [{ id: 'OTHER' }] },
    { ...lastYear(leaverHeader, { DECOM: '01/01/2023', DEC: '01/02/2025', REC: 'E8' }, {}, leaver), siblings: [{ id: 'OTHER' }] },
  ),
  t('1002', lastYear(leaverHeader, null, {}, leaver), lastYear(leaverHeader, { DEC: '01/02/2025', REC: 'E8' }, {}, leaver)),
  t('1010', lastYear(leaverHeader, {}, {}, leaver), lastYear(leaverHeader, { DEC: '01/02/2025', REC: 'E8' }, {}, leaver)),
];

ruleCases('previous year', cases);
