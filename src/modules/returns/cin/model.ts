/**
 * The Children in Need census (DfE, annual XML) as typed data: one header, then one record per
 * child with its episodes of need (`CINdetails`) and what happened in each.
 *
 * Conventions, the same for a record read from a census file and one built from Haven's own data:
 * - A date is a real 'YYYY-MM-DD' string or `undefined`; a value that was present but not a real
 *   date is `undefined` here (and the parser says so in a warning), because every census rule
 *   treats "missing or invalid" alike.
 * - Any other value is the element's text exactly as written (entities decoded, nothing trimmed),
 *   or `undefined` when the element is absent or empty. Codes are not checked here: that is what the
 *   validation rules are for, and they must see what the file said.
 * - Yes/no flags (`ReferralNFA`, `ICPCnotRequired`) stay as written: the schema's codes are 0 and
 *   1, files also say true and false, and the rules read them as the reference validator does.
 *   {@link yesNo} interprets one for Haven's own use.
 * - `line` is the 1-based line of the element's start tag in the file it was read from (absent
 *   for records built in memory), for messages that point at the source.
 *
 * Element names follow the 2025-26 schema; the names in comments are the XML elements.
 */

/** `<Header>`: what the return is and who made it. */
export type CinHeader = {
  line?: number;
  /** `<Collection>`: "CIN". */
  collection?: string;
  /** `<Year>`: the year the census ends, "2026" for 2025-26. */
  year?: string;
  /** `<ReferenceDate>`: the census day, 31 March of `year`. */
  referenceDate?: string;
  /** `<SourceLevel>` */
  sourceLevel?: string;
  /** `<LEA>`: the DfE local authority number of the source LA. */
  lea?: string;
  softwareCode?: string;
  release?: string;
  serialNo?: string;
  /** `<DateTime>`: when the file was made (a timestamp, kept as written). */
  dateTime?: string;
};

/** One `<Child>`. */
export type CinChild = {
  line?: number;
  identifiers: ChildIdentifiers;
  characteristics: ChildCharacteristics;
  /** `<CINdetails>`: the child's episodes of need, in file order. */
  cinDetails: CinDetails[];
};

/** `<ChildIdentifiers>` */
export type ChildIdentifiers = {
  line?: number;
  /** `<LAchildID>` */
  laChildId?: string;
  /** `<UPN>`: unique pupil number. */
  upn?: string;
  /** `<FormerUPN>` */
  formerUpn?: string;
  /** `<UPNunknown>`: why there is no UPN (UN1-UN7). */
  upnUnknown?: string;
  /** `<PersonBirthDate>` */
  personBirthDate?: string;
  /** `<ExpectedPersonBirthDate>`: for an unborn child. */
  expectedPersonBirthDate?: string;
  /** `<GenderCurrent>`: the element before 2024-25 (codes 0, 1, 2, 9); not read by the 2025-26 rules. */
  genderCurrent?: string;
  /** `<Sex>`: from 2024-25 (M, F or U). */
  sex?: string;
  /** `<PersonDeathDate>` */
  personDeathDate?: string;
};

/** `<ChildCharacteristics>` */
export type ChildCharacteristics = {
  line?: number;
  /** `<Ethnicity>` */
  ethnicity?: string;
  /**
   * `<Disabilities>/<Disability>`, in file order; an empty `<Disability/>` is `undefined`. Empty
   * when there is no `<Disabilities>` group.
   */
  disabilities: (string | undefined)[];
};

/** `<CINdetails>`: one episode of need, from referral to closure. */
export type CinDetails = {
  line?: number;
  /** `<CINreferralDate>` */
  cinReferralDate?: string;
  /** `<ReferralSource>` */
  referralSource?: string;
  /** `<PrimaryNeedCode>` */
  primaryNeedCode?: string;
  /** `<CINclosureDate>` */
  cinClosureDate?: string;
  /** `<ReasonForClosure>` */
  reasonForClosure?: string;
  /** `<DateOfInitialCPC>` at episode level (for an ICPC not preceded by an S47 in this episode). */
  dateOfInitialCpc?: string;
  /** `<ReferralNFA>`: referral with no further action (a yes/no flag as written). */
  referralNfa?: string;
  assessments: Assessment[];
  cinPlanDates: CinPlanDates[];
  section47: Section47[];
  childProtectionPlans: ChildProtectionPlan[];
  /** `<PreProceedingsandFGDM>`: carried, not validated by any 2025-26 rule. */
  preProceedings: PreProceedings[];
};

/** `<Assessments>`: a child and family assessment. */
export type Assessment = {
  line?: number;
  /** `<AssessmentActualStartDate>` */
  assessmentActualStartDate?: string;
  /** `<AssessmentInternalReviewDate>` */
  assessmentInternalReviewDate?: string;
  /** `<AssessmentAuthorisationDate>`: the assessment is complete when this is present. */
  assessmentAuthorisationDate?: string;
  /**
   * `<FactorsIdentifiedAtAssessment>/<AssessmentFactors>`, in file order (an empty element is
   * `undefined`); `undefined` when the group is absent or has no factors at all.
   */
  assessmentFactors?: (string | undefined)[];
};

/** `<CINPlanDates>` */
export type CinPlanDates = {
  line?: number;
  /** `<CINPlanStartDate>` */
  cinPlanStartDate?: string;
  /** `<CINPlanEndDate>` */
  cinPlanEndDate?: string;
};

/** `<Section47>`: a section 47 enquiry. */
export type Section47 = {
  line?: number;
  /** `<S47ActualStartDate>` */
  s47ActualStartDate?: string;
  /** `<InitialCPCtarget>`: the date the ICPC was due. */
  initialCpcTarget?: string;
  /** `<DateOfInitialCPC>` */
  dateOfInitialCpc?: string;
  /** `<ICPCnotRequired>` (a yes/no flag as written). */
  icpcNotRequired?: string;
};

/** `<ChildProtectionPlans>`: one child protection plan. */
export type ChildProtectionPlan = {
  line?: number;
  /** `<CPPstartDate>` */
  cppStartDate?: string;
  /** `<CPPendDate>` */
  cppEndDate?: string;
  /** `<InitialCategoryOfAbuse>` */
  initialCategoryOfAbuse?: string;
  /** `<LatestCategoryOfAbuse>` */
  latestCategoryOfAbuse?: string;
  /** `<NumberOfPreviousCPP>`, as written. */
  numberOfPreviousCpp?: string;
  /** `<Reviews>`: at most one group per plan. */
  reviews?: CppReviews;
};

/** `<Reviews>`: the plan's review conferences. */
export type CppReviews = {
  line?: number;
  /** `<CPPreviewDate>`, in file order; `undefined` for an empty or invalid date. */
  cppReviewDates: (string | undefined)[];
};

/** `<PreProceedingsandFGDM>`: pre-proceedings and family group decision making (kept as written). */
export type PreProceedings = {
  line?: number;
  ppStartDate?: string;
  lbpSentDate?: string;
  fgdmMeetingOffer?: string;
  fgdmMeetingFac?: string;
  initialPpMeetingDate?: string;
  reviewMeetingsCount?: string;
  stepDecisionDate?: string;
  ppOutcome?: string;
  courtAppDate?: string;
  letterInitCpDate?: string;
};

/**
 * A yes/no flag read the way XML Schema reads a boolean: "1" or "true" is yes, "0" or "false" is
 * no (surrounding white space ignored), anything else `undefined`.
 */
export function yesNo(value: string | undefined): boolean | undefined {
  switch (value?.trim()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      return undefined;
  }
}

// Makers of empty records. Every record of a kind is made with all its properties, in one order,
// so that the many thousands the parser makes share one shape: code that reads them (the rules)
// then stays fast. Build records with these rather than with object literals.

export function newCinHeader(line?: number): CinHeader {
  return {
    line,
    collection: undefined,
    year: undefined,
    referenceDate: undefined,
    sourceLevel: undefined,
    lea: undefined,
    softwareCode: undefined,
    release: undefined,
    serialNo: undefined,
    dateTime: undefined,
  };
}

export function newCinChild(line?: number): CinChild {
  return { line, identifiers: newChildIdentifiers(), characteristics: newChildCharacteristics(), cinDetails: [] };
}

export function newChildIdentifiers(line?: number): ChildIdentifiers {
  return {
    line,
    laChildId: undefined,
    upn: undefined,
    formerUpn: undefined,
    upnUnknown: undefined,
    personBirthDate: undefined,
    expectedPersonBirthDate: undefined,
    genderCurrent: undefined,
    sex: undefined,
    personDeathDate: undefined,
  };
}

export function newChildCharacteristics(line?: number): ChildCharacteristics {
  return { line, ethnicity: undefined, disabilities: [] };
}

export function newCinDetails(line?: number): CinDetails {
  return {
    line,
    cinReferralDate: undefined,
    referralSource: undefined,
    primaryNeedCode: undefined,
    cinClosureDate: undefined,
    reasonForClosure: undefined,
    dateOfInitialCpc: undefined,
    referralNfa: undefined,
    assessments: [],
    cinPlanDates: [],
    section47: [],
    childProtectionPlans: [],
    preProceedings: [],
  };
}

export function newAssessment(line?: number): Assessment {
  return {
    line,
    assessmentActualStartDate: undefined,
    assessmentInternalReviewDate: undefined,
    assessmentAuthorisationDate: undefined,
    assessmentFactors: undefined,
  };
}

export function newCinPlanDates(line?: number): CinPlanDates {
  return { line, cinPlanStartDate: undefined, cinPlanEndDate: undefined };
}

export function newSection47(line?: number): Section47 {
  return { line, s47ActualStartDate: undefined, initialCpcTarget: undefined, dateOfInitialCpc: undefined, icpcNotRequired: undefined };
}

export function newChildProtectionPlan(line?: number): ChildProtectionPlan {
  return {
    line,
    cppStartDate: undefined,
    cppEndDate: undefined,
    initialCategoryOfAbuse: undefined,
    latestCategoryOfAbuse: undefined,
    numberOfPreviousCpp: undefined,
    reviews: undefined,
  };
}

export function newCppReviews(line?: number): CppReviews {
  return { line, cppReviewDates: [] };
}

export function newPreProceedings(line?: number): PreProceedings {
  return {
    line,
    ppStartDate: undefined,
    lbpSentDate: undefined,
    fgdmMeetingOffer: undefined,
    fgdmMeetingFac: undefined,
    initialPpMeetingDate: undefined,
    reviewMeetingsCount: undefined,
    stepDecisionDate: undefined,
    ppOutcome: undefined,
    courtAppDate: undefined,
    letterInitCpDate: undefined,
  };
}

/**
 * A record built from a partial one: the given properties over an empty record of the kind, so
 * that it has the common shape (see above).
 */
export function withDefaults<T extends object>(empty: T, values: Partial<T>): T {
  return Object.assign(empty, values);
}
