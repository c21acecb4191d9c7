/** Rules of the ChildCharacteristics and Disabilities modules: ethnicity and disability. */
import { DISABILITY_CODES, ETHNICITY_CODES } from '../codes.ts';
import { isNoFlag } from './helpers.ts';
import { childRule, returnRule, type CinRule } from './types.ts';

const isNone = (disability: string | undefined): boolean => disability?.toUpperCase() === 'NONE';

export const characteristicsRules: CinRule[] = [
  // 4220: <Ethnicity> (N00177) must be present and a valid code.
  childRule('ChildCharacteristics', {
    code: '4220',
    message: 'Ethnicity is missing or invalid (see Ethnicity table)',
    fields: ['Ethnicity'],
    check: ({ characteristics: { ethnicity } }) => ethnicity === undefined || !ETHNICITY_CODES.has(ethnicity),
  }),

  // 8540: If <PersonBirthDate> (N00066) is present and at least one <ReferralNFA> (N00112) is false
  // or 0, then one or more instances of <Disability> (N00099) must be present, and all instances
  // must be valid code values.
  childRule('ChildCharacteristics', {
    code: '8540',
    message: 'Child’s disability is missing or invalid (see Disability table)',
    fields: ['Disability', 'PersonBirthDate', 'ReferralNFA'],
    check: ({ identifiers: { personBirthDate }, characteristics: { disabilities }, cinDetails }) =>
      personBirthDate !== undefined &&
      cinDetails.some(({ referralNfa }) => isNoFlag(referralNfa)) &&
      (disabilities.length === 0 || disabilities.some((code) => code === undefined || !DISABILITY_CODES.has(code))),
  }),

  // 2887Q: Excluding children where <Disability> (N00099) is 'NONE', the number of different
  // disability codes used by a LA should be more than 7. Triggered at LA level if the LA has only
  // used 7 or fewer different disability codes in their return.
  returnRule('Disabilities', {
    code: '2887Q',
    message: 'Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return',
    fields: ['Disability'],
    start: () => {
      const used = new Set<string>();
      return {
        add: ({ characteristics: { disabilities } }) => {
          for (const code of disabilities) if (code !== undefined && code !== 'NONE' && DISABILITY_CODES.has(code)) used.add(code);
        },
        fails: () => used.size <= 7,
      };
    },
  }),

  // 2888Q: Excluding children where <Disability> (N00099) is 'NONE', within a local authority, one
  // or more children should have more than one disability recorded. Triggered at LA level if all
  // children who are recorded as having a disability have only 1 disability code recorded.
  returnRule('Disabilities', {
    code: '2888Q',
    message:
      'Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.',
    fields: ['Disability'],
    start: () => {
      let anyDisability = false;
      let mostForOneChild = 0;
      return {
        add: ({ characteristics: { disabilities } }) => {
          let count = 0;
          for (const code of disabilities) {
            if (code === 'NONE') continue;
            anyDisability = true;
            if (code !== undefined) count += 1;
          }
          if (count > mostForOneChild) mostForOneChild = count;
        },
        fails: () => anyDisability && mostForOneChild <= 1,
      };
    },
  }),

  // 8790: If a <Disability> (N00099) value of NONE is present, then there should be no other
  // <Disability> (N00099) values present for the same child.
  childRule('Disabilities', {
    code: '8790',
    message: 'Disability information includes both None and other values',
    fields: ['Disability'],
    check: ({ characteristics: { disabilities } }) => disabilities.some(isNone) && disabilities.some((code) => !isNone(code)),
  }),

  // 8794: If there is more than one <Disability> (N00099) for a child, then none of the values
  // should appear more than once.
  childRule('Disabilities', {
    code: '8794',
    message: 'Child has two or more disabilities with the same code',
    fields: ['Disability'],
    check: ({ characteristics: { disabilities } }) => {
      const codes = disabilities.filter((code) => code !== undefined);
      return new Set(codes).size !== codes.length;
    },
  }),
];
