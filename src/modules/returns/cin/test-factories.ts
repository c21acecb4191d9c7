/**
 * Factories for CIN census tests: a header for 2025-26 and a child whose record breaks no
 * child-level rule, to be changed by each test into exactly what it needs.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Assessment, ChildProtectionPlan, CinChild, CinDetails, CinHeader, CinPlanDates, Section47 } from './model.ts';
import {
  newAssessment,
  newChildProtectionPlan,
  newCinChild,
  newCinDetails,
  newCinHeader,
  newCinPlanDates,
  newSection47,
  withDefaults,
} from './model.ts';
import { upnCheckLetter } from './rules/child-identifiers.ts';
import type { CinRule } from './rules/types.ts';
import { validateCinChildren } from './validate.ts';

/** The 2025-26 census: 2025-04-01 to 2026-03-31. */
export function buildHeader(values: Partial<CinHeader> = {}): CinHeader {
  return withDefaults(newCinHeader(), { collection: 'CIN', year: '2026', referenceDate: '2026-03-31', lea: '201', ...values });
}

export function buildAssessment(values: Partial<Assessment> = {}): Assessment {
  return withDefaults(newAssessment(), {
    assessmentActualStartDate: '2025-05-02',
    assessmentAuthorisationDate: '2025-06-10',
    assessmentFactors: ['3A'],
    ...values,
  });
}

/** An S47 enquiry that led to an ICPC on Monday 2 June 2025. */
export function buildSection47(values: Partial<Section47> = {}): Section47 {
  return withDefaults(newSection47(), {
    s47ActualStartDate: '2025-05-20',
    initialCpcTarget: '2025-06-03',
    dateOfInitialCpc: '2025-06-02',
    icpcNotRequired: '0',
    ...values,
  });
}

/** A plan from the ICPC of {@link buildSection47}, reviewed once, ended in the year. */
export function buildProtectionPlan(values: Partial<ChildProtectionPlan> = {}): ChildProtectionPlan {
  return withDefaults(newChildProtectionPlan(), {
    cppStartDate: '2025-06-02',
    cppEndDate: '2025-12-01',
    initialCategoryOfAbuse: 'NEG',
    latestCategoryOfAbuse: 'NEG',
    numberOfPreviousCpp: '0',
    reviews: { cppReviewDates: ['2025-09-01'] },
    ...values,
  });
}

export function buildCinPlan(values: Partial<CinPlanDates> = {}): CinPlanDates {
  return withDefaults(newCinPlanDates(), { cinPlanStartDate: '2025-06-15', cinPlanEndDate: '2025-11-30', ...values });
}

/** An open episode referred on 1 May 2025 that went on to an assessment. */
export function buildEpisode(values: Partial<CinDetails> = {}): CinDetails {
  return withDefaults(newCinDetails(), {
    cinReferralDate: '2025-05-01',
    referralSource: '1A',
    primaryNeedCode: 'N1',
    referralNfa: '0',
    assessments: [buildAssessment()],
    ...values,
  });
}

/** A valid UPN made from an LA child ID, so that each child built has its own. */
function upnFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i += 1) hash = (hash * 31 + id.charCodeAt(i)) % 100_000_000;
  const digits = `201${String(hash).padStart(8, '0')}0`;
  return `${upnCheckLetter(`X${digits}`) ?? ''}${digits}`;
}

/** A ten-year-old with a valid UPN and one open episode: breaks no child-level rule. */
export function buildChild(id = 'C1'): CinChild {
  const child = newCinChild();
  Object.assign(child.identifiers, { laChildId: id, upn: upnFor(id), personBirthDate: '2015-05-01', sex: 'F' });
  Object.assign(child.characteristics, { ethnicity: 'WBRI', disabilities: ['NONE'] });
  child.cinDetails.push(buildEpisode());
  return child;
}

/** The first episode of a child (its only one, as built). */
export function episodeOf(child: CinChild): CinDetails {
  const episode = child.cinDetails[0];
  assert.ok(episode, 'the child has an episode');
  return episode;
}

/** The codes of the rules a return of these children breaks. */
export function brokenRules(children: CinChild[], header: CinHeader = buildHeader()): Set<string> {
  return new Set(validateCinChildren(header, children).issues.map((issue) => issue.rule));
}

/** One row of a rule table: how to make the base child break the rule (or, with `passes`, not). */
export type RuleCase = {
  rule: string;
  name: string;
  /** Changes the base child (from {@link buildChild}); may return other children to validate with it. */
  change: (child: CinChild) => CinChild[] | void;
  /** True when the changed child must still pass the rule (an edge the rule allows). */
  passes?: boolean;
};

/**
 * Runs a rule table: the base child passes every rule in `rules`; each case breaks (or passes)
 * its rule; every rule has a case that breaks it.
 */
export function runRuleTable(rules: readonly CinRule[], cases: readonly RuleCase[]): void {
  it('the base child breaks none of these rules (return-level ones aside: one child is no return)', () => {
    const broken = brokenRules([buildChild()]);
    for (const rule of rules) {
      if (rule.scope !== 'return') assert.equal(broken.has(rule.code), false, `${rule.code} should not fire on the base child`);
    }
  });
  it('every rule has a case that breaks it', () => {
    const covered = new Set(cases.filter((c) => !c.passes).map((c) => c.rule));
    for (const rule of rules) assert.ok(covered.has(rule.code), `no breaking case for ${rule.code}`);
  });
  for (const c of cases) {
    it(`${c.rule} ${c.passes ? 'allows' : 'finds'}: ${c.name}`, () => {
      // Build the child, let the case change it, then validate it (with any others it made).
      const child = buildChild();
      const others = c.change(child) ?? [];
      const broken = brokenRules([child, ...others]);
      assert.equal(broken.has(c.rule), !c.passes, `${c.rule} ${c.passes ? 'fired' : 'did not fire'}; broken: ${[...broken].join(', ')}`);
    });
  }
}
