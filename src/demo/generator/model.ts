/**
 * The simulation's working state: the run's settings, the partnership's organisation (teams,
 * agencies, the demonstration social worker), and one family at a time with its own random stream
 * and identifier space. Rows go straight into the shared batch; a family that turns out to matter
 * to none of the three reporting years is rolled back.
 */
import type { Batch } from './writer.ts';
import type { Heritage } from './names.ts';
import { Random, hashWords, sequentialUuid } from './random.ts';
import { Providers } from './providers.ts';
import { OPEN, type Day } from './days.ts';

/** One reporting year as day numbers (kpi-definitions.md, Conventions). */
export type YearSpan = { label: string; start: Day; end: Day };

/** Who works where in the partnership the data is generated for (null when it has no such team). */
export type Organisation = {
  teams: { mash: string | null; assessment: string | null; childProtection: string | null };
  agencies: { council: string | null; police: string | null; health: string | null; school: string | null; voluntary: string | null };
  agencyNames: { council: string; police: string; health: string; school: string; voluntary: string };
  /** The demonstration social worker, who is given a small caseload of open cases. */
  socialWorkerId: string | null;
};

export type Settings = {
  laCode: string;
  seed: number;
  scale: number;
  /** The three reporting years, oldest first. */
  years: YearSpan[];
  /** 1 April of the first year. */
  windowStart: Day;
  /** 31 March of the last year: nothing happens after it. */
  end: Day;
  /** Contacts are recorded from this day (the MASH system's first day in the story). */
  contactsFrom: Day;
};

/** The generation run: settings, organisation, the batch being filled, and the run's counters. */
export class Run {
  private childNumber = 0;
  private familyNumber = 0;
  private idNumber = 0;
  readonly seedWord: number;
  /** The chance that an episode open at the end is allocated to the demonstration social worker (about 20 cases). */
  readonly workerShare: number;
  readonly providers: Providers;

  constructor(
    readonly settings: Settings,
    readonly org: Organisation,
    /** The batch being filled; replaced by an empty one whenever a full one goes to the database. */
    public batch: Batch,
  ) {
    this.seedWord = hashWords(settings.seed, 0x4a11);
    this.providers = new Providers(settings.seed);
    this.workerShare = Math.min(1, 20 / (2500 * settings.scale));
  }

  /** A new identifier: the run's next (see sequentialUuid). */
  nextUuid(): string {
    this.idNumber += 1;
    return sequentialUuid(this.seedWord, this.idNumber);
  }

  /** The next child's sequence number (LA child ID, UPN and NHS number are built from it). */
  nextChildNumber(): number {
    this.childNumber += 1;
    return this.childNumber;
  }

  /** The next early help family reference. */
  nextFamilyReference(): string {
    this.familyNumber += 1;
    return `EH${String(this.familyNumber).padStart(6, '0')}`;
  }
}

export type Sex = 'M' | 'F';

/** A child in a family, as the story goes. */
export type Kid = {
  id: string;
  sex: Sex;
  /** Day of birth, or expected birth for a child still unborn at the end. */
  birth: Day;
  firstName: string;
  lastName: string;
  heritage: Heritage;
  ethnicity: string;
  language: string;
  disabilities: string[];
  /** The child's episode of need is open until this day (OPEN: still open at the end). */
  openUntil: Day;
  /** Referrals so far, child protection plans so far, and plans before Haven's records began. */
  referrals: number;
  cpPlans: number;
  plansBeforeRecords: number;
  /** Set when the child appears in any record, so unrecorded siblings are still written as children. */
  recorded: boolean;
  /** Still looked after at the end, or the day the last period of care ended. */
  careUntil: Day | null;
  periods: CarePeriod[];
  uasc: boolean;
  team: string | null;
  worker: string | null;
  leadAgency: string | null;
  formerName: { firstName: string; lastName: string; until: Day } | null;
  motherChildBirth: Day | null;
};

/** One period of care (from RNE S to a reason other than X1), for the outcome tables. */
export type CarePeriod = {
  start: Day;
  /** Day the period ended, or null while still looked after at the end. */
  end: Day | null;
  rec: string | null;
  episodes: { decom: Day; dec: Day | null; legalStatus: string; place: string }[];
};

export type Adult = {
  id: string;
  role: 'mother' | 'father' | 'stepfather' | 'grandmother' | 'grandfather' | 'aunt';
  sex: Sex;
  firstName: string;
  lastName: string;
  birth: Day;
  livesWith: boolean;
  parentalResponsibility: boolean;
  phone: string | null;
  email: string | null;
  address: string;
  postcode: string;
};

/** Kinds of family, each with its own random streams. */
export const FAMILY_KIND = { family: 1, contactOnly: 2, uasc: 3, legacyCare: 4, earlyHelp: 5 } as const;
export type FamilyKind = (typeof FAMILY_KIND)[keyof typeof FAMILY_KIND];

/** One household: its random stream, identifiers, people and the rows written about it. */
export class Family {
  readonly random: Random;
  readonly kids: Kid[] = [];
  readonly adults: Adult[] = [];
  heritage!: Heritage;
  fatherHeritage!: Heritage;
  childEthnicity!: string;
  surname = '';
  postcode = '';
  address = '';
  /** The family's "toxic trio" and other parental factors, identified again at each assessment. */
  factors: { domesticAbuse: boolean; mentalHealth: boolean; alcohol: boolean; drugs: boolean; learningDisability: boolean; neglect: boolean } = {
    domesticAbuse: false, mentalHealth: false, alcohol: false, drugs: false, learningDisability: false, neglect: false,
  };
  /** An early help episode runs until this day. */
  earlyHelpUntil: Day = -OPEN;
  /** A referral forced by an early help step-up, if any. */
  stepUpOn: Day | null = null;

  constructor(
    readonly run: Run,
    readonly kind: FamilyKind,
    readonly index: number,
  ) {
    this.random = new Random(hashWords(run.settings.seed, kind, index));
  }

  /** A new identifier (the run's next: families are generated in a fixed order, so it is stable). */
  uuid(): string {
    return this.run.nextUuid();
  }

  get settings(): Settings {
    return this.run.settings;
  }

  get end(): Day {
    return this.run.settings.end;
  }
}
