/** Rules on the return's <Header>. */
import { returnRule, type ReturnRule } from './types.ts';

export const headerRules: ReturnRule[] = [
  // 100: <ReferenceDate> (N00603) must be present and must equal 31 March of the collection <Year>
  // (2026-03-31 for 2025-26).
  returnRule('Header', {
    code: '100',
    message: 'Reference Date is incorrect',
    fields: ['ReferenceDate'],
    start: ({ header: { year, referenceDate } }) => {
      const fails = referenceDate === undefined || year === undefined || !/^\d{4}$/.test(year) || referenceDate !== `${year}-03-31`;
      return { add: () => {}, fails: () => fails };
    },
  }),
];
