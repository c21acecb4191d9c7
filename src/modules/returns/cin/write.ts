/**
 * Writes the CIN census model back out as census XML, in schema order, indented: for Haven's own
 * return and for test files. What `parse.ts` reads from this is what was written (values that are
 * `undefined` are left out; an `undefined` entry in a repeated list becomes an empty element).
 */
import type { Assessment, ChildProtectionPlan, CinChild, CinDetails, CinHeader, CinPlanDates, PreProceedings, Section47 } from './model.ts';

function escapeXml(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

class XmlWriter {
  readonly parts: string[] = [];
  private indent = '';

  open(name: string): void {
    this.parts.push(`${this.indent}<${name}>\n`);
    this.indent += '  ';
  }

  close(name: string): void {
    this.indent = this.indent.slice(2);
    this.parts.push(`${this.indent}</${name}>\n`);
  }

  leaf(name: string, value: string | undefined): void {
    if (value !== undefined) this.parts.push(`${this.indent}<${name}>${escapeXml(value)}</${name}>\n`);
  }

  /** An element of a repeated list: empty when the entry is `undefined`. */
  item(name: string, value: string | undefined): void {
    this.parts.push(value === undefined ? `${this.indent}<${name}/>\n` : `${this.indent}<${name}>${escapeXml(value)}</${name}>\n`);
  }

  leaves(pairs: [string, string | undefined][]): void {
    for (const [name, value] of pairs) this.leaf(name, value);
  }
}

function writeHeader(w: XmlWriter, header: CinHeader): void {
  w.open('Header');
  w.open('CollectionDetails');
  w.leaves([
    ['Collection', header.collection],
    ['Year', header.year],
    ['ReferenceDate', header.referenceDate],
  ]);
  w.close('CollectionDetails');
  w.open('Source');
  w.leaves([
    ['SourceLevel', header.sourceLevel],
    ['LEA', header.lea],
    ['SoftwareCode', header.softwareCode],
    ['Release', header.release],
    ['SerialNo', header.serialNo],
    ['DateTime', header.dateTime],
  ]);
  w.close('Source');
  w.close('Header');
}

function writeAssessment(w: XmlWriter, a: Assessment): void {
  w.open('Assessments');
  w.leaves([
    ['AssessmentActualStartDate', a.assessmentActualStartDate],
    ['AssessmentInternalReviewDate', a.assessmentInternalReviewDate],
    ['AssessmentAuthorisationDate', a.assessmentAuthorisationDate],
  ]);
  if (a.assessmentFactors !== undefined) {
    w.open('FactorsIdentifiedAtAssessment');
    for (const factor of a.assessmentFactors) w.item('AssessmentFactors', factor);
    w.close('FactorsIdentifiedAtAssessment');
  }
  w.close('Assessments');
}

function writeCinPlanDates(w: XmlWriter, plan: CinPlanDates): void {
  w.open('CINPlanDates');
  w.leaves([
    ['CINPlanStartDate', plan.cinPlanStartDate],
    ['CINPlanEndDate', plan.cinPlanEndDate],
  ]);
  w.close('CINPlanDates');
}

function writeSection47(w: XmlWriter, s47: Section47): void {
  w.open('Section47');
  w.leaves([
    ['S47ActualStartDate', s47.s47ActualStartDate],
    ['InitialCPCtarget', s47.initialCpcTarget],
    ['DateOfInitialCPC', s47.dateOfInitialCpc],
    ['ICPCnotRequired', s47.icpcNotRequired],
  ]);
  w.close('Section47');
}

function writePlan(w: XmlWriter, plan: ChildProtectionPlan): void {
  w.open('ChildProtectionPlans');
  w.leaves([
    ['CPPstartDate', plan.cppStartDate],
    ['CPPendDate', plan.cppEndDate],
    ['InitialCategoryOfAbuse', plan.initialCategoryOfAbuse],
    ['LatestCategoryOfAbuse', plan.latestCategoryOfAbuse],
    ['NumberOfPreviousCPP', plan.numberOfPreviousCpp],
  ]);
  if (plan.reviews !== undefined) {
    w.open('Reviews');
    for (const date of plan.reviews.cppReviewDates) w.item('CPPreviewDate', date);
    w.close('Reviews');
  }
  w.close('ChildProtectionPlans');
}

function writePreProceedings(w: XmlWriter, pp: PreProceedings): void {
  w.open('PreProceedingsandFGDM');
  w.leaves([
    ['PPStartDate', pp.ppStartDate],
    ['LBPSentDate', pp.lbpSentDate],
    ['FGDMMeetingOffer', pp.fgdmMeetingOffer],
    ['FGDMMeetingFac', pp.fgdmMeetingFac],
    ['InitialPPMeetingDate', pp.initialPpMeetingDate],
    ['ReviewMeetingsCount', pp.reviewMeetingsCount],
    ['StepDecisionDate', pp.stepDecisionDate],
    ['PPOutcome', pp.ppOutcome],
    ['CourtAppDate', pp.courtAppDate],
    ['LetterInitCPDate', pp.letterInitCpDate],
  ]);
  w.close('PreProceedingsandFGDM');
}

function writeEpisode(w: XmlWriter, episode: CinDetails): void {
  w.open('CINdetails');
  w.leaves([
    ['CINreferralDate', episode.cinReferralDate],
    ['ReferralSource', episode.referralSource],
    ['PrimaryNeedCode', episode.primaryNeedCode],
    ['CINclosureDate', episode.cinClosureDate],
    ['ReasonForClosure', episode.reasonForClosure],
    ['DateOfInitialCPC', episode.dateOfInitialCpc],
  ]);
  for (const a of episode.assessments) writeAssessment(w, a);
  for (const plan of episode.cinPlanDates) writeCinPlanDates(w, plan);
  for (const s47 of episode.section47) writeSection47(w, s47);
  w.leaf('ReferralNFA', episode.referralNfa);
  for (const plan of episode.childProtectionPlans) writePlan(w, plan);
  for (const pp of episode.preProceedings) writePreProceedings(w, pp);
  w.close('CINdetails');
}

function writeChild(w: XmlWriter, child: CinChild): void {
  const { identifiers: id, characteristics } = child;
  w.open('Child');
  w.open('ChildIdentifiers');
  w.leaves([
    ['LAchildID', id.laChildId],
    ['UPN', id.upn],
    ['FormerUPN', id.formerUpn],
    ['UPNunknown', id.upnUnknown],
    ['PersonBirthDate', id.personBirthDate],
    ['ExpectedPersonBirthDate', id.expectedPersonBirthDate],
    ['GenderCurrent', id.genderCurrent],
    ['Sex', id.sex],
    ['PersonDeathDate', id.personDeathDate],
  ]);
  w.close('ChildIdentifiers');
  w.open('ChildCharacteristics');
  w.leaf('Ethnicity', characteristics.ethnicity);
  if (characteristics.disabilities.length > 0) {
    w.open('Disabilities');
    for (const code of characteristics.disabilities) w.item('Disability', code);
    w.close('Disabilities');
  }
  w.close('ChildCharacteristics');
  for (const episode of child.cinDetails) writeEpisode(w, episode);
  w.close('Child');
}

/** The XML of one `<Child>`, indented for its place inside `<Children>`. */
export function cinChildXml(child: CinChild): string {
  const w = new XmlWriter();
  w.open('Message');
  w.open('Children');
  w.parts.length = 0;
  writeChild(w, child);
  return w.parts.join('');
}

/** The start of a census file, up to and including `<Children>`. */
export function cinCensusOpening(header: CinHeader): string {
  const w = new XmlWriter();
  w.parts.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  w.open('Message');
  writeHeader(w, header);
  w.open('Children');
  return w.parts.join('');
}

/** The end of a census file, after the last child. */
export const CIN_CENSUS_CLOSING = '  </Children>\n</Message>\n';

/** A whole census as XML (for small returns; write large ones piece by piece with the functions above). */
export function cinCensusXml(header: CinHeader, children: Iterable<CinChild>): string {
  const parts = [cinCensusOpening(header)];
  for (const child of children) parts.push(cinChildXml(child));
  parts.push(CIN_CENSUS_CLOSING);
  return parts.join('');
}
