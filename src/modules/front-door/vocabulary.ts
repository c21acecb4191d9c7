/** The front door's words: decisions, consent states, lawful bases, and the default source of each agency. */
import type { AgencyType, ConsentState, MashDecision } from '../../core/db/schema.ts';

/** Decisions on a contact (domain.md §2), in the order the form offers them. */
export const DECISIONS: readonly (readonly [MashDecision, string])[] = [
  ['advice', 'Advice and signposting'],
  ['nfa', 'No further action'],
  ['early_help', 'Step down to early help'],
  ['assessment', 'Child and family assessment (section 17)'],
  ['strategy_discussion', 'Strategy discussion (section 47)'],
  ['immediate_protection', 'Immediate protection'],
];

export const DECISION_LABELS = Object.fromEntries(DECISIONS) as Record<MashDecision, string>;

/** Decisions that open a step of the child's journey, so they need the child's record. */
export const DECISIONS_NEEDING_CHILD: ReadonlySet<MashDecision> = new Set(['early_help', 'assessment', 'strategy_discussion', 'immediate_protection']);

/** Decisions after which a strategy discussion is held. */
export const DECISIONS_WITH_STRATEGY: ReadonlySet<MashDecision> = new Set(['strategy_discussion', 'immediate_protection']);

export const CONSENT_STATES: readonly (readonly [ConsentState, string])[] = [
  ['given', 'Consent given'],
  ['refused', 'Consent refused'],
  ['not_sought', 'Consent not sought'],
  ['not_required', 'Consent not required'],
];

export const CONSENT_LABELS = Object.fromEntries(CONSENT_STATES) as Record<ConsentState, string>;

/** Lawful bases for sharing without consent (Data Protection Act 2018; Children Acts). */
export const LAWFUL_BASES: readonly (readonly [string, string])[] = [
  ['dpa_sch1_para18', 'DPA 2018 Schedule 1 paragraph 18: safeguarding of children and individuals at risk'],
  ['dpa_sch8_para4', 'DPA 2018 Schedule 8 paragraph 4: safeguarding (law enforcement processing)'],
  ['ca1989_s47', 'Children Act 1989 section 47: reasonable cause to suspect significant harm'],
  ['ca2004_s11', 'Children Act 2004 section 11: duty to safeguard and promote welfare'],
];

export const FAMILY_AWARE: readonly (readonly ['yes' | 'no' | 'not_known', string])[] = [
  ['yes', 'Yes, the family knows about this contact'],
  ['no', 'No, the family does not know'],
  ['not_known', 'Not known'],
];

/**
 * The CIN census referral source a contact from each kind of agency takes when none is given
 * (CIN census ReferralSource: 2A schools, 3F other health, 4 housing, 5B other internal LA
 * services, 6 police, 7 other legal agency, 8 other).
 */
export const DEFAULT_SOURCE: Record<AgencyType, string> = {
  school: '2A',
  education_other: '2B',
  health: '3F',
  ambulance: '3F',
  housing: '4',
  local_authority: '5B',
  police: '6',
  probation: '7',
  cafcass: '7',
  voluntary: '8',
  other: '8',
};

/** Agencies whose presence a strategy discussion needs (Working Together 2023: social care, health, police). */
export const STRATEGY_REQUIRED: readonly (readonly [AgencyType, string])[] = [
  ['local_authority', 'children’s social care (a social worker)'],
  ['health', 'health'],
  ['police', 'the police'],
];

export const STRATEGY_DECISIONS: readonly (readonly ['s47_single' | 's47_joint' | 'no_s47', string])[] = [
  ['s47_single', 'Section 47 enquiry, single agency (children’s social care)'],
  ['s47_joint', 'Section 47 enquiry, joint with the police'],
  ['no_s47', 'No Section 47 enquiry'],
];

export const INFORM_PARENTS: readonly (readonly ['now' | 'later' | 'no', string])[] = [
  ['now', 'Inform the parents now'],
  ['later', 'Inform the parents later (say when and why)'],
  ['no', 'Do not inform the parents (say why)'],
];

/** The contact's reference as people read it: MASH- and at least six digits. */
export const contactReference = (referenceNo: number): string => `MASH-${String(referenceNo).padStart(6, '0')}`;
