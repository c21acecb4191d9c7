/**
 * The Ofsted Annex A (ILACS) lists: one sheet each, "List 1" .. "List 11", a header row of these
 * column titles and one row per child and event. The layouts follow the published Annex A template
 * as councils fill it in (the column order that public Annex A tools read by position: the Child
 * Unique ID, gender and ethnicity first, the list's dates at fixed places). Haven reads columns by
 * title, so an extra or reordered column does not break an import; it writes them in this order.
 */

export type ListNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;

/** The columns every child-level list starts with. */
export const COMMON = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)'] as const;
const DISABILITY = 'Does the Child have a Disability';

export type ListLayout = { list: ListNumber; sheet: string; title: string; columns: readonly string[] };

const layout = (list: ListNumber, title: string, columns: readonly string[]): ListLayout => ({ list, sheet: `List ${list}`, title, columns });

export const LAYOUTS: Record<ListNumber, ListLayout> = {
  1: layout(1, 'Contacts', [...COMMON, 'Date of Contact', 'Contact Source']),
  2: layout(2, 'Early help', [...COMMON, 'Assessment Start Date', 'Assessment Completion Date', 'Organisation Completing Assessment']),
  3: layout(3, 'Referrals', [...COMMON, 'Date of Referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', 'Allocated Team', 'Allocated Worker']),
  4: layout(4, 'Assessments', [
    ...COMMON, DISABILITY, 'Continuous Assessment Start Date', 'Child Seen During Continuous Assessment', 'Continuous Assessment Date of Authorisation',
    'Was the child assessed as requiring LA children’s social care support?', 'Allocated Team', 'Allocated Worker',
  ]),
  5: layout(5, 'Section 47 enquiries and ICPCs', [
    ...COMMON, DISABILITY, 'Strategy Discussion Initiating Section 47 Enquiry Start Date', 'Was an Initial Child Protection Conference Deemed Unnecessary?',
    'Date of Initial Child Protection Conference', 'Did the Initial Child Protection Conference Result in a Child Protection Plan', 'Allocated Team', 'Allocated Worker',
  ]),
  6: layout(6, 'Children in need', [
    ...COMMON, DISABILITY, 'CIN Start Date', 'Primary Need Code', 'Date Child Was Last Seen', 'CIN Closure Date', 'Reason for Closure', 'Case Status',
    'Allocated Team', 'Allocated Worker',
  ]),
  7: layout(7, 'Child protection', [
    ...COMMON, DISABILITY, 'Child Protection Plan Start Date', 'Initial Category of Abuse', 'Latest Category of Abuse', 'Date of the Last Statutory Visit',
    'Was the Child Seen Alone?', 'Date of Latest Review Conference', 'Child Protection Plan End Date',
    'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)', 'Number of Previous Child Protection Plans',
    'Allocated Team', 'Allocated Worker',
  ]),
  8: layout(8, 'Children in care', [
    ...COMMON, DISABILITY, 'Unaccompanied Asylum Seeking Child', 'Date Started to be Looked After', 'Child’s Category of Need', 'Legal Status',
    'Date of Latest Statutory Visit', 'Was the Child Seen Alone?', 'Date of Latest Review', 'Number of Placements in the Last 12 Months',
    'Date of Latest Placement', 'Placement Type', 'Placement Provider', 'Placement Postcode', 'Placement Location (In or Out of LA)',
    'Number of Missing Episodes in Last 12 Months', 'Date Ceased to be Looked After', 'Reason Ceased to be Looked After', 'Allocated Team', 'Allocated Worker',
  ]),
  9: layout(9, 'Care leavers', [
    ...COMMON, DISABILITY, 'Unaccompanied Asylum Seeking Child', 'Date of Latest Contact', 'Is the Young Person in Touch?', 'Activity', 'Accommodation',
    'Allocated Team', 'Allocated Personal Advisor',
  ]),
  10: layout(10, 'Adoption', [
    ...COMMON, DISABILITY, 'Date Started to be Looked After', 'Date of Decision that Child Should be Placed for Adoption', 'Date of Placement Order',
    'Date of Matching Child and Prospective Adopters', 'Date Placed for Adoption', 'Date Ceased to be Placed for Adoption', 'Reason Ceased to be Placed for Adoption',
  ]),
  11: layout(11, 'Adopters', ['Adopter Unique ID', 'Date of Initial Enquiry', 'Date Stage 1 Started', 'Date Stage 2 Started', 'Date Approved', 'Date Matched', 'Date Placed']),
};

export const LIST_NUMBERS = Object.keys(LAYOUTS).map(Number) as ListNumber[];

/** The list a sheet holds, from its name ("List 1", "list 1 - contacts"), or null. */
export function listOfSheet(name: string): ListNumber | null {
  const m = /^\s*list\s*(\d{1,2})\b/i.exec(name);
  const n = m ? Number(m[1]) : NaN;
  return (LIST_NUMBERS as number[]).includes(n) ? (n as ListNumber) : null;
}
