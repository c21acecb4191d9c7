/**
 * Rules on reviews and on periods missing or away from placement without authorisation. The
 * baseline child has been looked after since 15/01/2024 and was born 15/06/2012.
 */
import { ep, ruleCases, t, type ChildSpec, type RuleCase } from './testing.ts';

type Cells = Record<string, string>;

const review = (cells: Cells, extra: Partial<ChildSpec> = {}): ChildSpec => ({ reviews: [cells], ...extra });
const MISSING: Cells = { MISSING: 'M', MIS_START: '01/06/2025', MIS_END: '03/06/2025' };
const missing = (...rows: Cells[]): ChildSpec => ({ missing: rows.map((row) => ({ ...MISSING, ...row })) });
const closedCare = { episodes: [ep({ DEC: '01/02/2026', REC: 'E8' })] };
const respite = ep({ LS: 'V3', HOME_POST: '', PL_POST: '', URN: '', DEC: '10/06/2025', REC: 'E8', DECOM: '01/06/2025' });

const cases: RuleCase[] = [
  t('166', review({ REVIEW: '' }), review({ REVIEW: '1/6/2025' })),
  t('167', review({ REVIEW_CODE: 'PN9' }), review({ REVIEW: '', REVIEW_CODE: '' })),
  t('167', review({ REVIEW: '', REVIEW_CODE: 'PN1' }), review({ REVIEW_CODE: 'pn7' }), 'a participation code needs a review date'),
  t('399', { episodes: [respite] }, { episodes: [respite], header: { MOTHER: '' }, reviews: [] }),
  t('399', { episodes: [respite], header: { MOTHER: '' } }, { episodes: [respite, ep()], header: { MOTHER: '0' } }, 'a review for a child only in respite'),
  t('440', review({ REVIEW_CODE: 'PN0' }), review({ REVIEW_CODE: 'PN0' }, { header: { DOB: '01/01/2023' } })),
  t('441', review({ REVIEW_CODE: 'PN1' }, { header: { DOB: '01/01/2023' } }), review({ REVIEW_CODE: 'PN1' }, { header: { DOB: '01/06/2021' } })),

  t('564', missing({ MIS_START: '' }), missing({})),
  t('565', missing({ MISSING: '' }), missing({})),
  t('566', missing({ MISSING: '', MIS_START: '' }), missing({ MISSING: '', MIS_START: '', MIS_END: '' })),
  t('567', missing({ MIS_END: '31/05/2025' }), missing({ MIS_END: '01/06/2025' })),
  t('570', missing({ MIS_START: '01/04/2026', MIS_END: '' }), missing({ MIS_START: '31/03/2026', MIS_END: '' })),
  t('571', missing({ MIS_END: '01/04/2026' }), missing({})),
  t('571', missing({ MIS_START: '30/03/2025', MIS_END: '31/03/2025' }), missing({ MIS_START: '30/03/2025', MIS_END: '01/04/2025' }), 'ended before the year'),
  t('574', missing({}, { MIS_START: '02/06/2025', MIS_END: '04/06/2025' }), missing({}, { MIS_START: '03/06/2025', MIS_END: '04/06/2025' })),
  t('574', missing({ MIS_END: '' }, { MIS_START: '10/06/2025' }), missing({}, { MIS_START: '10/06/2025' }), 'the earlier period is still open'),
  t('586', missing({ MIS_START: '15/06/2012', MIS_END: '16/06/2012' }), missing({ MIS_START: '16/06/2012', MIS_END: '16/06/2012' })),
  t('1004', missing({ MIS_START: '31/06/2025' }), missing({})),
  t('1005', missing({ MIS_END: '31/06/2025' }), missing({ MIS_END: '' })),
  t('1006', missing({ MISSING: 'X' }), missing({ MISSING: 'a' })),
  t('575', { ...closedCare, ...missing({ MIS_END: '' }) }, { ...closedCare, ...missing({}) }),
  t('577', { ...closedCare, ...missing({ MIS_END: '' }) }, missing({ MIS_END: '' })),
  t('577', { ...closedCare, ...missing({ MIS_END: '02/02/2026' }) }, { ...closedCare, ...missing({}) }, 'ended after care ended'),
  t('578', { ...closedCare, ...missing({ MIS_START: '02/02/2026', MIS_END: '03/02/2026' }) }, { ...closedCare, ...missing({ MIS_START: '01/02/2026', MIS_END: '01/02/2026' }) }),
  t(
    '580',
    { header: { DOB: '01/06/2007' }, episodes: [ep({ DEC: '01/06/2025', REC: 'E4A' })], ...missing({ MIS_START: '20/05/2025', MIS_END: '01/06/2025' }) },
    { header: { DOB: '01/06/2007' }, episodes: [ep({ DEC: '01/06/2025', REC: 'E8' })], ...missing({ MIS_START: '20/05/2025', MIS_END: '01/06/2025' }) },
  ),
  t('581', missing({ MIS_START: '14/01/2024', MIS_END: '15/01/2024' }), missing({ MIS_START: '15/01/2024', MIS_END: '16/01/2024' })),
];

ruleCases('reviews and missing', cases);
