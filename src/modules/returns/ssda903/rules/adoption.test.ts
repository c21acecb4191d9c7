/**
 * Rules on adoption. The adopted child: decision to place for adoption 01/05/2025 (also the date
 * should be placed), matched 15/05/2025, placed for adoption with her foster carers (A5) under a
 * placement order (E1) on 01/06/2025, adopted (E11) on 01/02/2026.
 */
import { ep, ruleCases, t, type ChildSpec, type RuleCase } from './testing.ts';

type Cells = Record<string, string>;

const DECISION: Cells = { DATE_PLACED: '01/05/2025', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' };
const ADOPTION: Cells = { DATE_INT: '01/05/2025', DATE_MATCH: '15/05/2025', FOSTER_CARE: '1', NB_ADOPTR: '2', SEX_ADOPTR: 'MF', LS_ADOPTR: 'L11' };

function adopted(options: { ad1?: Cells; decision?: Cells; placed?: Cells; extra?: Partial<ChildSpec> } = {}): ChildSpec {
  return {
    episodes: [
      ep({ DEC: '01/06/2025', REC: 'X1', REASON_PLACE_CHANGE: 'APPRR' }),
      ep({ DECOM: '01/06/2025', RNE: 'U', LS: 'E1', PLACE: 'A5', DEC: '01/02/2026', REC: 'E11', ...options.placed }),
    ],
    placedAdoption: [{ ...DECISION, ...options.decision }],
    ad1: [{ ...ADOPTION, ...options.ad1 }],
    oc2: [],
    ...options.extra,
  };
}
const ad1 = (cells: Cells) => adopted({ ad1: cells });
const decision = (cells: Cells) => adopted({ decision: cells });
const decisions = (...rows: Cells[]): ChildSpec => ({ ...adopted(), placedAdoption: rows.map((row) => ({ ...DECISION, ...row })) });

const cases: RuleCase[] = [
  t('112', ad1({ DATE_INT: '31/02/2025' }), adopted()),
  t('113', ad1({ DATE_MATCH: '2025-05-15' }), adopted()),
  t('114', ad1({ FOSTER_CARE: '2' }), adopted()),
  t('151', ad1({ DATE_MATCH: '' }), adopted()),
  t('175', ad1({ NB_ADOPTR: '3' }), adopted()),
  t('176', ad1({ SEX_ADOPTR: 'XX' }), adopted()),
  t('177', ad1({ LS_ADOPTR: 'L9' }), adopted()),
  t('333', ad1({ DATE_INT: '20/05/2025' }), adopted()),
  t('333', ad1({ DATE_INT: '' }), ad1({ DATE_INT: '', DATE_MATCH: '' }), 'a match needs a date should be placed'),
  t('511', ad1({ SEX_ADOPTR: 'M1' }), adopted()),
  t('514', ad1({ LS_ADOPTR: 'L0' }), ad1({ LS_ADOPTR: 'L0', NB_ADOPTR: '1', SEX_ADOPTR: 'F1' })),
  t('517', ad1({ LS_ADOPTR: 'L3', SEX_ADOPTR: 'MM' }), ad1({ LS_ADOPTR: 'L3' })),
  t('518', ad1({ LS_ADOPTR: 'L4' }), ad1({ LS_ADOPTR: 'L4', SEX_ADOPTR: 'FF' })),
  t('519', ad1({ LS_ADOPTR: 'L2', SEX_ADOPTR: 'M1' }), ad1({ LS_ADOPTR: 'L2', SEX_ADOPTR: 'MM' })),
  t('520', ad1({ SEX_ADOPTR: 'FF' }), adopted()),
  t('524', ad1({ LS_ADOPTR: 'L12' }), ad1({ LS_ADOPTR: 'L12', SEX_ADOPTR: 'MM' })),

  t('115', decision({ DATE_PLACED: '01/13/2025' }), adopted()),
  t('116', decision({ DATE_PLACED_CEASED: '00/01/2026', REASON_PLACED_CEASED: 'RD1' }), decision({ DATE_PLACED_CEASED: '01/01/2026', REASON_PLACED_CEASED: 'RD1' })),
  t('119', decision({ DATE_PLACED_CEASED: '01/01/2026' }), decision({ DATE_PLACED_CEASED: '01/01/2026', REASON_PLACED_CEASED: 'RD1' })),
  t('120', decision({ DATE_PLACED_CEASED: '01/01/2026', REASON_PLACED_CEASED: 'RD9' }), adopted()),
  t('522', decision({ DATE_PLACED_CEASED: '01/04/2025', REASON_PLACED_CEASED: 'RD1' }), adopted()),
  t('563', decision({ DATE_PLACED: '', DATE_PLACED_CEASED: '01/01/2026', REASON_PLACED_CEASED: 'RD1' }), adopted()),
  t('579', decisions({ DATE_PLACED: '01/01/2025' }, {}), decisions({ DATE_PLACED: '01/01/2025', DATE_PLACED_CEASED: '01/02/2025', REASON_PLACED_CEASED: 'RD1' }, {})),
  t('583', decisions({ DATE_PLACED: '20/01/2025' }, {}), decisions({ DATE_PLACED: '20/01/2025', DATE_PLACED_CEASED: '01/02/2025', REASON_PLACED_CEASED: 'RD1' }, {})),
  t('117', decision({ DATE_PLACED: '01/03/2026' }), adopted()),
  t('118', decision({ DATE_PLACED_CEASED: '01/01/2024', REASON_PLACED_CEASED: 'RD1' }), decision({ DATE_PLACED_CEASED: '01/07/2025', REASON_PLACED_CEASED: 'RD1' })),
  t('184', decision({ DATE_PLACED: '01/01/2012' }), adopted()),
  t('551', decision({ DATE_PLACED: '' }), adopted()),
  t('552', decision({ DATE_PLACED: '02/06/2025' }), decision({ DATE_PLACED: '01/06/2025' })),
  t('553', { ...adopted(), placedAdoption: [] }, adopted()),
  t('554', decision({ DATE_PLACED: '02/06/2025' }), adopted()),
  t(
    '557',
    adopted({ placed: { REC: 'E8' } }),
    adopted({ placed: { REC: 'E8' }, decision: { DATE_PLACED_CEASED: '01/02/2026', REASON_PLACED_CEASED: 'RD1' } }),
  ),
  t(
    '558',
    decisions({ DATE_PLACED_CEASED: '01/01/2025', REASON_PLACED_CEASED: 'RD1', DATE_PLACED: '01/12/2024' }, { DATE_PLACED_CEASED: '01/01/2026', REASON_PLACED_CEASED: 'RD1' }),
    adopted(),
  ),
  t('1003', decision({ DATE_PLACED: '01/01/2024' }), adopted()),
  t('331', ad1({ DATE_MATCH: '10/06/2025' }), adopted()),
  t('334', ad1({ DATE_INT: '01/01/2024' }), adopted()),
  t('335', ad1({ FOSTER_CARE: '0' }), adopted()),
  t('335', adopted({ placed: { PLACE: 'A6' } }), adopted({ placed: { PLACE: 'A6' }, ad1: { FOSTER_CARE: '0' } }), 'A6 is not with the foster carer'),
  t('521', ad1({ DATE_INT: '02/06/2025' }), adopted()),
  t('582', ad1({ DATE_MATCH: '01/02/2026' }), adopted()),
  t('601', ad1({ FOSTER_CARE: '' }), adopted()),
  t('602', { ad1: [ADOPTION] }, adopted()),
  t('523', ad1({ DATE_INT: '02/05/2025' }), adopted()),
  t('525', decision({ DATE_PLACED_CEASED: '01/01/2026', REASON_PLACED_CEASED: 'RD1' }), adopted()),
  t('134', adopted({ extra: { oc3: [{ IN_TOUCH: 'YES', ACTIV: 'F1', ACCOM: 'B1' }] } }), adopted({ extra: { oc3: [{ IN_TOUCH: '', ACTIV: '', ACCOM: '' }] } })),
];

ruleCases('adoption', cases);
