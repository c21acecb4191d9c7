/**
 * Code lists with their descriptions. The CIN census lists come from the DfE's 2026 schema (shipped
 * as data, cin-census-codes.json); the SSDA903 lists Haven records against are below.
 */
import cin from './cin-census-codes.json' with { type: 'json' };

export type CodeList = readonly (readonly [code: string, description: string])[];

const list = (name: keyof typeof cin): CodeList => cin[name] as unknown as CodeList;

export const CIN_CODES = {
  referralSource: list('referralsourcetype'),
  primaryNeed: list('primaryneedcodetype'),
  reasonForClosure: list('reasonforclosuretype'),
  categoryOfAbuse: list('categoryofabusetype'),
  assessmentFactors: list('assessmentfactorstype'),
  ethnicity: list('ethnicitytype'),
  disability: list('disabilitytype'),
  sex: list('sextype'),
} as const;

/** SSDA903 legal statuses (LS). */
export const LEGAL_STATUS: CodeList = [
  ['C1', 'Interim care order'], ['C2', 'Full care order'], ['D1', 'Freeing order granted'], ['E1', 'Placement order granted'],
  ['J1', 'Remanded to local authority accommodation or youth detention'], ['J2', 'Placed in local authority accommodation under PACE'],
  ['J3', 'Sentenced to CYPA 1969 supervision order with residence requirement'], ['L1', 'Under police protection and in local authority accommodation'],
  ['L2', 'Emergency protection order'], ['L3', 'Under child assessment order and in local authority accommodation'],
  ['V2', 'Single period of accommodation under section 20'], ['V3', 'Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded'],
  ['V4', 'Accommodated under an agreed series of short-term breaks, when agreements are recorded'],
];

/** SSDA903 reasons for a new episode (RNE). */
export const REASON_NEW_EPISODE: CodeList = [
  ['S', 'Started to be looked after'], ['L', 'Change of legal status only'], ['P', 'Change of placement only'],
  ['T', 'Change of both legal status and placement'], ['B', 'Change of legal status and placement at the same time (same carer)'],
  ['U', 'Change of placement and legal status, carer the same'],
];

/** SSDA903 placement types (PLACE), the common ones. */
export const PLACEMENT_TYPE: CodeList = [
  ['U1', 'Foster placement with relative or friend, long term'], ['U2', 'Foster placement with relative or friend, not long term or FFA'],
  ['U3', 'Foster placement with relative or friend, FFA/concurrent planning'], ['U4', 'Foster placement with other foster carer, long term'],
  ['U5', 'Foster placement with other foster carer, not long term or FFA'], ['U6', 'Foster placement with other foster carer, FFA/concurrent planning'],
  ['A3', 'Placed for adoption with consent with current foster carer'], ['A4', 'Placed for adoption with consent not with current foster carer'],
  ['A5', 'Placed for adoption with placement order with current foster carer'], ['A6', 'Placed for adoption with placement order not with current foster carer'],
  ['H5', 'Semi-independent living accommodation'], ['K1', 'Secure children’s home'], ['K2', 'Children’s home'],
  ['P1', 'Placed with own parent(s) or other person(s) with parental responsibility'], ['P2', 'Independent living'],
  ['R1', 'Residential care home'], ['R2', 'NHS/health trust or other establishment providing medical or nursing care'],
  ['R3', 'Family centre or mother and baby unit'], ['R5', 'Young offender institution'], ['S1', 'All residential schools, except where dual-registered as a school and children’s home'],
  ['Z1', 'Other placements'],
];

/** SSDA903 placement providers (PLACE_PROVIDER). */
export const PLACEMENT_PROVIDER: CodeList = [
  ['PR0', 'Parent(s) or other person(s) with parental responsibility'], ['PR1', 'Own provision (by the council)'],
  ['PR2', 'Other local authority provision'], ['PR3', 'Other public provision'], ['PR4', 'Private provision'], ['PR5', 'Voluntary/third sector provision'],
];

/** SSDA903 reasons an episode ceased (REC), the common ones. */
export const REASON_CEASED: CodeList = [
  ['X1', 'Episode ceases, and new episode begins on same day'], ['E11', 'Adopted: application unopposed'], ['E12', 'Adopted: consent dispensed with'],
  ['E13', 'Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility'],
  ['E41', 'Residence order or child arrangements order granted'], ['E43', 'Special guardianship order made to former foster carer(s), who were relatives or friends'],
  ['E44', 'Special guardianship order made to former foster carer(s), other than relatives or friends'],
  ['E45', 'Special guardianship order made to carer(s), other than former foster carer(s), who were relatives or friends'],
  ['E46', 'Special guardianship order made to carer(s), other than former foster carer(s), other than relatives or friends'],
  ['E47', 'Special guardianship order made to former foster carers, who were relatives or friends (child arrangements order)'],
  ['E48', 'Special guardianship order made to other carers, who were relatives or friends (child arrangements order)'],
  ['E2', 'Died'], ['E3', 'Care taken over by another local authority in the UK'], ['E4A', 'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process'],
  ['E4B', 'Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process'],
  ['E5', 'Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements'],
  ['E6', 'Moved into independent living arrangement and no longer looked-after'], ['E7', 'Transferred to residential care funded by adult social care'],
  ['E8', 'Period of being looked-after ceased for any other reason'], ['E9', 'Sentenced to custody'], ['E14', 'Accommodation on remand ended'],
  ['E15', 'Age assessment determined child is aged 18 or over'], ['E16', 'Child moved abroad'], ['E17', 'Aged 18 (or over) and remained with current carers (inc under staying put arrangements)'],
];

export const codeLabel = (list: CodeList, code: string | null | undefined): string =>
  code ? `${code}: ${list.find(([c]) => c === code)?.[1] ?? 'unknown code'}` : '';

/** SSDA903 AD1: number of adopters (NB_ADOPTR). */
export const NUMBER_OF_ADOPTERS: CodeList = [['1', 'One adopter'], ['2', 'Two adopters']];

/** SSDA903 AD1: sex of adopters at the date of adoption (SEX_ADOPTR). */
export const SEX_OF_ADOPTERS: CodeList = [
  ['M1', 'Male single adopter'], ['F1', 'Female single adopter'], ['MM', 'Male couple'], ['FF', 'Female couple'], ['MF', 'Male and female couple'],
];

/** SSDA903 AD1: legal status of adopters (LS_ADOPTR). */
export const LEGAL_STATUS_OF_ADOPTERS: CodeList = [
  ['L0', 'Single adopter'], ['L11', 'Different gender married couple'], ['L12', 'Same gender married couple'],
  ['L2', 'Civil partnership couple'], ['L3', 'Different gender couple, neither married nor in a civil partnership'],
  ['L4', 'Same gender couple, neither married nor in a civil partnership'],
];

/** SSDA903 PlacedAdoption: reasons a child should no longer be placed for adoption (REASON_PLACED_CEASED). */
export const REASON_PLACED_CEASED: CodeList = [
  ['RD1', 'The child’s needs changed after the decision'], ['RD2', 'The court did not make a placement order'],
  ['RD3', 'Prospective adopters could not be found'], ['RD4', 'Any other reason'],
];

/** SSDA903 OC3: care leavers' contact (IN_TOUCH). */
export const CARE_LEAVER_IN_TOUCH: CodeList = [
  ['YES', 'In touch'], ['NO', 'Not in touch'], ['DIED', 'Died'], ['REFU', 'Refuses contact'], ['NREQ', 'Contact not required (no longer entitled to services)'], ['RHOM', 'Returned home for 6 months or more'],
];

/** SSDA903 OC3: main activity (ACTIV). */
export const CARE_LEAVER_ACTIVITY: CodeList = [
  ['F1', 'Full-time higher education'], ['P1', 'Part-time higher education'], ['F2', 'Full-time education other than higher'],
  ['P2', 'Part-time education other than higher'], ['F4', 'Full-time training or apprenticeship'], ['P4', 'Part-time training or apprenticeship'],
  ['F5', 'Full-time employment'], ['P5', 'Part-time employment'],
  ['G4', 'Not in education, training or employment: illness or disability'], ['G5', 'Not in education, training or employment: other'],
  ['G6', 'Not in education, training or employment: pregnancy or parenting'],
];

/** SSDA903 OC3: accommodation (ACCOM), the type letter and 1 suitable / 2 not suitable, as rule 133 accepts them. */
export const CARE_LEAVER_ACCOMMODATION: CodeList = [
  ['B1', 'With parents or relatives: suitable'], ['B2', 'With parents or relatives: not suitable'],
  ['C1', 'Community home or other form of residential care: suitable'], ['C2', 'Community home or other form of residential care: not suitable'],
  ['D1', 'Semi-independent, transitional accommodation: suitable'], ['D2', 'Semi-independent, transitional accommodation: not suitable'],
  ['E1', 'Supported lodgings: suitable'], ['E2', 'Supported lodgings: not suitable'], ['G1', 'Gone abroad: suitable'], ['G2', 'Gone abroad: not suitable'],
  ['H1', 'Deported: suitable'], ['H2', 'Deported: not suitable'], ['K1', 'Ordinary lodgings: suitable'], ['K2', 'Ordinary lodgings: not suitable'],
  ['R1', 'Residence with former foster carer: suitable'], ['R2', 'Residence with former foster carer: not suitable'],
  ['S2', 'Independent living: not suitable'], ['T1', 'Foyers: suitable'], ['T2', 'Foyers: not suitable'],
  ['U1', 'In custody: suitable'], ['U2', 'In custody: not suitable'], ['V1', 'Emergency accommodation: suitable'], ['V2', 'Emergency accommodation: not suitable'],
  ['W1', 'Bed and breakfast: suitable'], ['W2', 'Bed and breakfast: not suitable'], ['X2', 'In transit: not suitable'],
  ['Y1', 'Other accommodation: suitable'], ['Y2', 'Other accommodation: not suitable'],
  ['Z1', 'With former foster carers (staying put): suitable'], ['Z2', 'With former foster carers (staying put): not suitable'],
];
