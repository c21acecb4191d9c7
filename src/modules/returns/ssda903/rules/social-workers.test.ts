/**
 * Rules on social worker episodes. The baseline child has had one social worker (SW1234, reason
 * MANAGE) since she started to be looked after on 15/01/2024.
 */
import { ep, ruleCases, t, type ChildSpec, type RuleCase } from './testing.ts';

type Cells = Record<string, string>;

const SW: Cells = { SW_ID: 'SW1234', SW_DECOM: '15/01/2024', SW_DEC: '', SW_REASON: 'MANAGE' };
const sw = (...rows: Cells[]): ChildSpec => ({ swEpisodes: rows.map((row) => ({ ...SW, ...row })) });
const changed = (first: Cells, second: Cells): ChildSpec => sw({ SW_DEC: '01/06/2025', ...first }, { SW_ID: 'SW5678', SW_DECOM: '01/06/2025', ...second });
const lastYear = (cells: Cells): ChildSpec => ({ ...sw({}), last: { header: {}, swEpisodes: [{ ...SW, ...cells }] } });

const cases: RuleCase[] = [
  t('SW01aSTG1', sw({ SW_DECOM: '' }), sw({})),
  t('SW01aSTG1', sw({ SW_DECOM: '01/01/2023', SW_ID: '' }), sw({ SW_DECOM: '01/04/2023', SW_ID: '' }), 'before April 2023 the ID is needed'),
  t('SW01bSTG1', sw({ SW_REASON: '' }), sw({ SW_DECOM: '01/01/2023', SW_REASON: '' })),
  t('SW02STG1', sw({ SW_ID: 'AB12' }), sw({ SW_ID: 'XX99' })),
  t('SW04STG1', sw({ SW_DECOM: '32/01/2024' }), sw({ SW_DECOM: 'ZZ/01/2024' })),
  t('SW05STG1', sw({ SW_DEC: '32/01/2025' }), sw({ SW_DEC: 'ZZ/02/2025' })),
  t('SW06STG2', sw({ SW_DECOM: '01/04/2026' }), sw({ SW_DECOM: '31/03/2026' })),
  t('SW07STG2', sw({ SW_DEC: '31/03/2024' }), sw({ SW_DEC: '01/04/2024' })),
  t('SW08STG2', changed({ SW_DEC: '' }, {}), changed({}, {})),
  t('SW09STG2', sw({ SW_DECOM: '01/06/2025', SW_DEC: '01/06/2025' }), sw({ SW_DECOM: '01/06/2025', SW_DEC: '02/06/2025' })),
  t('SW10STG2', changed({}, { SW_DECOM: '09/06/2025' }), changed({}, { SW_DECOM: '08/06/2025' })),
  t('SW10STG2', changed({}, { SW_DECOM: '24/05/2025' }), changed({}, { SW_DECOM: '24/05/2025', SW_REASON: 'FCONTA' }), 'FCONTA may overlap'),
  t('SW11bSTG2', sw({ SW_DEC: '26/03/2026' }), sw({ SW_DEC: '25/03/2026' })),
  t('SW12STG2', sw({ SW_DECOM: '14/01/2024' }), sw({})),
  t(
    'SW12STG2',
    { episodes: [ep({ RNE: 'P', DEC: '01/02/2026', REC: 'E8' })], ...sw({ SW_DECOM: '02/02/2026' }) },
    { episodes: [ep({ RNE: 'P', DEC: '01/02/2026', REC: 'E8' })] },
    'before the end of care',
  ),
  t('SW13STG1', sw({ SW_REASON: 'XXXXXX' }), sw({ SW_REASON: 'OTHERS' })),
  t('SW15STG2', sw({ SW_DECOM: '01/04/2024', SW_REASON: '' }), sw({ SW_DECOM: '31/03/2024', SW_REASON: '' })),
  t('SW16aSTG2', lastYear({ SW_ID: 'SW9999' }), lastYear({})),
  t('SW16aSTG2', lastYear({ SW_ID: 'SW9999' }), lastYear({ SW_ID: 'SW9999', SW_DEC: '01/03/2025' }), 'only against an open episode'),
  t('SW16bSTG2', lastYear({ SW_DECOM: '16/01/2024' }), lastYear({})),
  t('SW16cSTG2', lastYear({ SW_REASON: 'OTHERS' }), lastYear({})),
  t('SW17STG2', sw({ SW_DEC: '01/02/2026' }), changed({}, {})),
];

ruleCases('social workers', cases);
