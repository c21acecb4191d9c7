import { describe } from 'node:test';
import type { CinChild, Section47 } from '../model.ts';
import { buildSection47, episodeOf, runRuleTable, type RuleCase } from '../test-factories.ts';
import { section47Rules } from './section-47.ts';

/** Gives the child's episode these S47 enquiries. */
const enquire = (c: CinChild, ...values: Partial<Section47>[]): void => void (episodeOf(c).section47 = values.map(buildSection47));
const OPEN = { dateOfInitialCpc: undefined };

const cases: RuleCase[] = [
  { rule: '1104', name: 'an ICPC before the referral', change: (c) => enquire(c, { s47ActualStartDate: '2025-04-20', dateOfInitialCpc: '2025-04-28' }) },
  { rule: '2884', name: 'the same ICPC at S47 and episode level', change: (c) => void (enquire(c, {}), (episodeOf(c).dateOfInitialCpc = '2025-06-02')) },
  { rule: '2884', name: 'an episode-level ICPC on another day', change: (c) => void (enquire(c, {}), (episodeOf(c).dateOfInitialCpc = '2025-06-09')), passes: true },
  { rule: '2889', name: 'an S47 started before the referral', change: (c) => enquire(c, { s47ActualStartDate: '2025-04-30' }) },
  { rule: '8615', name: 'an S47 started after its ICPC', change: (c) => enquire(c, { s47ActualStartDate: '2025-06-03' }) },
  { rule: '8615', name: 'an ICPC with no S47 start date', change: (c) => enquire(c, { s47ActualStartDate: undefined }) },
  { rule: '8675Q', name: 'no ICPC 16 working days into an S47', change: (c) => enquire(c, { ...OPEN, s47ActualStartDate: '2026-03-10' }) },
  { rule: '8675Q', name: 'no ICPC 15 working days into an S47', change: (c) => enquire(c, { ...OPEN, s47ActualStartDate: '2026-03-11' }), passes: true },
  { rule: '8675Q', name: 'no ICPC, and none required', change: (c) => enquire(c, { ...OPEN, s47ActualStartDate: '2026-01-10', icpcNotRequired: '1' }), passes: true },
  { rule: '8715', name: 'an ICPC after the reference date', change: (c) => enquire(c, { dateOfInitialCpc: '2026-04-07' }) },
  { rule: '8740', name: 'no ICPC for an S47 started before the census year', change: (c) => enquire(c, { ...OPEN, s47ActualStartDate: '2025-03-20' }) },
  { rule: '8740', name: 'the same, with the flag written "false" (taken as not "0", as the reference validator does)', change: (c) => enquire(c, { ...OPEN, s47ActualStartDate: '2025-03-20', icpcNotRequired: 'false' }), passes: true },
  { rule: '8839', name: 'two S47s with no ICPC', change: (c) => enquire(c, OPEN, { ...OPEN, s47ActualStartDate: '2026-03-20' }) },
  { rule: '8839', name: 'two S47s with no ICPC, one not needing one', change: (c) => enquire(c, { ...OPEN, icpcNotRequired: '1' }, { ...OPEN, s47ActualStartDate: '2026-03-20' }), passes: true },
  { rule: '8870Q', name: 'an ICPC target on a Saturday', change: (c) => enquire(c, { initialCpcTarget: '2025-06-07' }) },
  { rule: '8875', name: 'an ICPC on a Sunday', change: (c) => enquire(c, { dateOfInitialCpc: '2025-06-08' }) },
  { rule: '8875', name: 'an ICPC on a Monday', change: (c) => enquire(c, { dateOfInitialCpc: '2025-06-09' }), passes: true },
];

describe('CIN rules: section 47 enquiries', () => {
  runRuleTable(section47Rules, cases);
});
