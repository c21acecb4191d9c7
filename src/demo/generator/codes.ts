/**
 * The statutory codes the demonstration uses and how often: the shape of an inner-London borough's
 * children's social care (the yearly report's "in numbers" page, DfE national statistics for the
 * mix of factors, categories and placements). Every code here is valid in the 2025-26 CIN census
 * and SSDA903 code lists (cin-census-codes.json; the SSDA903 validation rules 143-149, 178, 1009,
 * 131-133, 167, 175-177, 196, 631, 1006).
 */
import { Weighted } from './random.ts';

/**
 * Contact sources (CIN referral-source codes). Contacts as a whole follow the report (police 45%,
 * health 16%, schools 14%); the sources of contacts that become referrals lean less on police
 * notifications, as in the national figures.
 */
export const CONTACT_SOURCE = new Weighted<string>([
  ['6', 51], ['3A', 2.5], ['3B', 2.5], ['3C', 1], ['3D', 2], ['3E', 4.5], ['3F', 3.5], ['2A', 12], ['2B', 2],
  ['1A', 3], ['1B', 1], ['1C', 0.6], ['1D', 0.6], ['4', 2], ['5A', 1], ['5B', 2], ['5C', 1.5], ['5D', 1.5], ['7', 2], ['8', 3], ['9', 1], ['10', 0.5],
]);
export const REFERRAL_SOURCE = new Weighted<string>([
  ['6', 28], ['3A', 3], ['3B', 2.5], ['3C', 1], ['3D', 2], ['3E', 4], ['3F', 3], ['2A', 19], ['2B', 2],
  ['1A', 5], ['1B', 1], ['1C', 1], ['1D', 1], ['4', 3], ['5A', 2], ['5B', 4], ['5C', 3], ['5D', 3], ['7', 5], ['8', 5], ['9', 1], ['10', 1.5],
]);

/** Who made the contact, in words, for the local detail kept beside the code. */
export const SOURCE_DETAIL: Record<string, readonly string[]> = {
  '1A': ['Parent', 'Grandparent', 'Aunt', 'Father'], '1B': ['Neighbour', 'Family friend', 'Childminder'], '1C': ['Young person (self-referral)'],
  '1D': ['Member of the public'], '2A': ['Primary school', 'Secondary school', 'Designated safeguarding lead'], '2B': ['Education welfare service', 'SEND team'],
  '3A': ['GP practice'], '3B': ['Health visiting service'], '3C': ['School nursing service'], '3D': ['Midwifery', 'Sexual health clinic'],
  '3E': ['Emergency department'], '3F': ['Child and adolescent mental health service', 'Hospital ward'], '4': ['Housing officer', 'Housing association'],
  '5A': ['Adult social care'], '5B': ['Youth justice service', 'Children with disabilities service'], '5C': ['Another local authority'], '5D': ['Early help service'],
  '6': ['Police (merlin notification)', 'Police (domestic abuse notification)', 'Police child abuse investigation team'],
  '7': ['Probation', 'Cafcass', 'Immigration'], '8': ['Children’s centre', 'Voluntary organisation', 'Youth club'], '9': ['Anonymous caller'], '10': ['Not recorded'],
};

/** Primary need of a referral that goes on to further action (CIN census primaryneedcodetype). */
export const PRIMARY_NEED = new Weighted<string>([
  ['N1', 57], ['N2', 4], ['N3', 4], ['N4', 10], ['N5', 14], ['N6', 6], ['N7', 1], ['N8', 2], ['N9', 2],
]);

/** SSDA903 category of need: the CIN census codes N1-N8 (rule 145). */
export const CARE_NEED = new Weighted<string>([['N1', 64], ['N2', 3], ['N3', 3], ['N4', 8], ['N5', 9], ['N6', 4], ['N7', 1], ['N8', 8]]);

/** Initial category of abuse of a child protection plan (national shares). */
export const CATEGORY_OF_ABUSE = new Weighted<string>([['NEG', 47], ['EMO', 37], ['PHY', 8], ['SAB', 4], ['MUL', 4]]);

/** Child factors at assessment (besides the family's), by age band. */
export const CHILD_FACTORS_YOUNG = new Weighted<string>([['16A', 30], ['17A', 24], ['18B', 16], ['5A', 8], ['6A', 8], ['19B', 5], ['20', 9]]);
export const CHILD_FACTORS_OLDER = new Weighted<string>([
  ['4A', 20], ['14A', 14], ['15A', 11], ['10A', 8], ['24A', 9], ['13A', 5], ['11A', 7], ['1A', 3], ['2A', 6], ['3A', 6], ['18C', 3], ['19C', 2],
  ['7A', 3], ['12A', 1], ['22A', 0.4], ['23A', 0.4], ['8F', 0.5], ['20', 6],
]);

/** Placement providers of foster placements with unrelated carers. */
export const FOSTER_PROVIDER = new Weighted<string>([['PR1', 45], ['PR4', 47], ['PR5', 8]]);

/** Why a placement ended (SSDA903 REASON_PLACE_CHANGE, rule 1009). */
export const PLACEMENT_CHANGE_REASON = new Weighted<string>([
  ['CARPL', 40], ['CREQB', 14], ['CREQO', 12], ['CHILD', 8], ['LAREQ', 5], ['ALLEG', 2], ['STAND', 2], ['CLOSE', 3], ['APPRR', 1], ['PLACE', 2], ['OTHER', 11],
]);

/** How a child aged 4 or more took part in a looked-after review (PN1-PN7; PN0 is for under-4s). */
export const REVIEW_PARTICIPATION = new Weighted<string>([['PN1', 42], ['PN2', 8], ['PN3', 5], ['PN4', 12], ['PN5', 17], ['PN6', 9], ['PN7', 7]]);

/** Reasons for no SDQ score for a child who should have one (SDQ1 is not for 4-16 year olds). */
export const SDQ_REASON = new Weighted<string>([['SDQ2', 3], ['SDQ3', 2], ['SDQ4', 3], ['SDQ5', 4]]);

/** Care leavers' activity (OC3 ACTIV): the education, employment or training codes first. */
export const CARE_LEAVER_ACTIVITY = new Weighted<string>([
  ['F1', 8], ['P1', 1], ['F2', 26], ['P2', 5], ['F4', 11], ['P4', 6], ['F5', 5], ['P5', 2], ['G4', 7], ['G5', 23], ['G6', 6],
]);

/** Care leavers' accommodation (OC3 ACCOM): the type letter; suitability is drawn separately. */
export const CARE_LEAVER_ACCOMMODATION = new Weighted<string>([
  ['K', 30], ['D', 19], ['Z', 12], ['B', 12], ['E', 8], ['G', 4], ['C', 2], ['R', 2], ['Y', 3], ['T', 1], ['U', 3], ['V', 1], ['W', 1],
]);

/** Contact outcomes at the front door (domain.md §2), for contacts that do not become referrals. */
export const FRONT_DOOR_OUTCOME = new Weighted<string>([['no_further_action', 47], ['advice_signposting', 31], ['early_help', 22]]);

/** Early help closure outcomes (0002-journey.ts check constraint); about a third successful and sustained. */
export const EARLY_HELP_OUTCOME = new Weighted<'successful_sustained' | 'stepped_up' | 'stepped_down' | 'disengaged' | 'moved_away' | 'other'>([
  ['successful_sustained', 35], ['stepped_down', 10], ['disengaged', 21], ['stepped_up', 9], ['moved_away', 7], ['other', 18],
]);

/** Disabilities (CIN census disabilitytype), for the children who have one. */
export const DISABILITY = new Weighted<string>([
  ['LD', 22], ['AUT', 22], ['COMM', 14], ['BEH', 12], ['MOB', 7], ['HAND', 3], ['PC', 5], ['INC', 3], ['HEAR', 4], ['VIS', 3], ['CON', 2], ['DDA', 6],
]);

/** Local authority codes of London boroughs near the partnership (for UPNs issued elsewhere). */
export const NEIGHBOUR_LA_CODES = ['302', '308', '204', '206', '202', '320', '316', '317'] as const;
/** LA codes far away, for former UPNs of children who moved in (never used for a current UPN). */
export const DISTANT_LA_CODES = ['850', '873', '330', '380', '936', '891', '925', '341'] as const;
