/** Annex A workbooks for tests: written with exceljs, cells given by column title. */
import ExcelJS from 'exceljs';
import { LAYOUTS, type ListNumber } from './layouts.ts';

export const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export type Rows = Partial<Record<ListNumber, Record<string, string | Date | number | null>[]>>;

/** Writes a workbook with the Annex A header row on each list given, cells by column title. */
export async function writeWorkbook(file: string, rows: Rows): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [n, list] of Object.entries(rows)) {
    const layout = LAYOUTS[Number(n) as ListNumber];
    const sheet = workbook.addWorksheet(layout.sheet);
    sheet.addRow([...layout.columns]);
    for (const r of list) sheet.addRow(layout.columns.map((c) => r[c] ?? null));
  }
  await workbook.xlsx.writeFile(file);
}

export const child = (id: string) => ({ 'Child Unique ID': id, Gender: 'a) Male', Ethnicity: 'a) WBRI', 'Date of Birth': '01/02/2015', 'Age of Child (Years)': 10 });

/** The workbook of the boundary cases; the comments give each contact's part in the hand count. */
export const WORKBOOK: Rows = {
  1: [
    { ...child('C1'), 'Date of Contact': d('2025-04-01'), 'Contact Source': 'q) 6: Police' }, // first day of the year; referral next working day: counted
    { ...child('C1'), 'Date of Contact': '01/04/2025', 'Contact Source': '1A' }, // a second contact that day, another source: counted
    { ...child('C2'), 'Date of Contact': d('2025-03-31'), 'Contact Source': '6' }, // the day before the year: not in it
    { ...child('C3'), 'Date of Contact': '31/03/2026', 'Contact Source': '5A: Health services – GP' }, // last day of the year, no referral
    { ...child('C4'), 'Date of Contact': d('2025-12-19'), 'Contact Source': '6' }, // Friday; referral Monday = 1 working day: counted
    { ...child('C5'), 'Date of Contact': d('2025-12-24'), 'Contact Source': '2A' }, // referral 29 Dec = 1 working day (Christmas): counted
    { ...child('C6'), 'Date of Contact': d('2025-06-02'), 'Contact Source': '6' }, // referral 2 working days later: not counted
    { ...child('C7'), 'Date of Contact': d('2025-06-10'), 'Contact Source': '5A' }, // referral the day before: not counted
    { ...child('C8'), 'Date of Contact': d('2025-07-01'), 'Contact Source': '1A' }, // NFA referral the same day: counted
  ],
  2: [{ ...child('C2'), 'Assessment Start Date': d('2025-03-01'), 'Assessment Completion Date': '15/04/2025', 'Organisation Completing Assessment': 'School' }],
  3: [
    { ...child('C1'), 'Date of Referral': d('2025-04-02'), 'Referral Source': '6', 'Referral NFA?': 'No' },
    { ...child('C4'), 'Date of Referral': '22/12/2025', 'Referral Source': '6', 'Referral NFA?': 'No' },
    { ...child('C5'), 'Date of Referral': d('2025-12-29'), 'Referral Source': '2A', 'Referral NFA?': 'N' },
    { ...child('C6'), 'Date of Referral': d('2025-06-04'), 'Referral Source': '6', 'Referral NFA?': 'No' },
    { ...child('C7'), 'Date of Referral': d('2025-06-09'), 'Referral Source': '5A', 'Referral NFA?': 'No' },
    { ...child('C8'), 'Date of Referral': d('2025-07-01'), 'Referral Source': '1A', 'Referral NFA?': 'a) Yes' },
  ],
  4: [
    { ...child('C1'), 'Continuous Assessment Start Date': d('2025-04-03'), 'Continuous Assessment Date of Authorisation': d('2025-05-01') },
    { ...child('C9'), 'Continuous Assessment Start Date': d('2025-05-01') }, // no referral on record: not stored
  ],
  5: [{ ...child('C4'), 'Strategy Discussion Initiating Section 47 Enquiry Start Date': d('2025-12-23'), 'Date of Initial Child Protection Conference': d('2026-01-12') }],
  // The same episode as C1's referral: merged, not a second referral.
  6: [{ ...child('C1'), 'CIN Start Date': d('2025-04-02'), 'Primary Need Code': 'N1', 'CIN Closure Date': null }],
  7: [{ ...child('C4'), 'Child Protection Plan Start Date': d('2026-01-12'), 'Initial Category of Abuse': 'NEG', 'Latest Category of Abuse': 'NEG', 'Number of Previous Child Protection Plans': 0 }],
  8: [{ ...child('C5'), 'Date Started to be Looked After': d('2026-01-05'), 'Legal Status': 'C2', 'Child’s Category of Need': 'N1' }],
  10: [{ ...child('C5'), 'Date of Decision that Child Should be Placed for Adoption': d('2026-02-01'), 'Date of Placement Order': d('2026-03-01') }],
};
