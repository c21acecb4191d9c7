/**
 * Streaming reader of a CIN census file: bytes -> UTF-8 text -> XML events -> one {@link CinChild}
 * at a time. Memory stays at a chunk plus the child being read, whatever the size of the file.
 *
 * Anything that is not a well-formed UTF-8 CIN census XML document stops the read with a
 * {@link CinParseError} naming the file, the line, the element, the value and what was expected:
 * not XML, truncated, another encoding, an element the schema does not have (or in the wrong place,
 * or twice where once is allowed), a value longer than any census value can be, another collection.
 * What the census rules judge (missing, invalid or contradictory values, duplicate LAchildIDs) is
 * not a parse error: it reaches the model and the rules report it. Softer problems that the rules
 * would otherwise see only as "missing" (a date not written YYYY-MM-DD, stray text between elements)
 * are kept as warnings.
 */
import { createReadStream } from 'node:fs';
import { isIsoDate } from '../../../core/dates.ts';
import { HavenError } from '../../../core/errors.ts';
import type { CinChild, CinHeader } from './model.ts';
import {
  newAssessment,
  newChildProtectionPlan,
  newCinChild,
  newCinDetails,
  newCinHeader,
  newCinPlanDates,
  newCppReviews,
  newPreProceedings,
  newSection47,
} from './model.ts';
import { DEFAULT_XML_LIMITS, quoteForMessage, XmlSyntaxError, XmlTokenizer, type XmlHandler, type XmlLimits } from './xml-tokenizer.ts';

/** Why a file could not be read as a CIN census, and where. */
export class CinParseError extends HavenError {
  constructor(
    readonly file: string,
    /** 1-based line; 0 when the file could not be opened. */
    readonly line: number,
    readonly problem: string,
    readonly expected: string,
    readonly element?: string,
    readonly value?: string,
  ) {
    const where = element === undefined ? '' : ` in <${element}>`;
    super('CIN_PARSE', 422, `${file}:${line}: ${problem}${where}; expected ${expected}`);
  }
}

/** Something worth telling the sender that does not stop the read. */
export type CinParseWarning = { line: number; element: string; value: string; message: string };

export type CinParseOptions = {
  /** Name used in messages (defaults to the path). */
  fileName?: string;
  limits?: XmlLimits;
  /** Warnings kept in full; further ones are only counted (default 1,000). */
  maxWarnings?: number;
};

type Node = Record<string, unknown>;

/**
 * The dates a census value can take: those the reference validator can represent (pandas'
 * nanosecond timestamps). It reads a date outside them as missing, and so does Haven, so that a
 * year typed as 1066 or 2300 is reported the same way by both.
 */
const EARLIEST_DATE = '1677-09-22';
const LATEST_DATE = '2262-04-11';

type LeafSpec = { key: string; kind: 'text' | 'date'; repeated: boolean };

type GroupSpec = {
  element: string;
  /** Makes (or finds) the object this element's members are written to. */
  open: (parent: Node, line: number) => Node;
  members: Map<string, Member>;
};

type Member = { bit: number; repeated: boolean; leaf?: LeafSpec; group?: GroupSpec };

function text(key: string): LeafSpec {
  return { key, kind: 'text', repeated: false };
}
function date(key: string): LeafSpec {
  return { key, kind: 'date', repeated: false };
}

function group(
  element: string,
  open: (parent: Node, line: number) => Node,
  leaves: Record<string, LeafSpec>,
  groups: Record<string, { spec: GroupSpec; repeated: boolean }> = {},
): GroupSpec {
  const members = new Map<string, Member>();
  let bit = 0;
  for (const [name, leaf] of Object.entries(leaves)) members.set(name, { bit: 1 << bit++, repeated: leaf.repeated, leaf });
  for (const [name, { spec, repeated }] of Object.entries(groups)) members.set(name, { bit: 1 << bit++, repeated, group: spec });
  if (bit > 31) throw new Error(`Too many members in <${element}>`);
  return { element, open, members };
}

/** The same object as the parent: for wrapper elements whose members belong to the parent. */
const sameNode = (parent: Node): Node => parent;

function withLine<T extends { line?: number }>(node: T, line: number): T {
  node.line = line;
  return node;
}

// The 2025-26 schema, from the leaves up. Element names are the XML's; keys are model.ts's.
const REVIEWS = group('Reviews', (plan, line) => (plan.reviews = newCppReviews(line)) as Node, {
  CPPreviewDate: { key: 'cppReviewDates', kind: 'date', repeated: true },
});

const CHILD_PROTECTION_PLANS = group(
  'ChildProtectionPlans',
  (episode, line) => pushTo(episode, 'childProtectionPlans', newChildProtectionPlan(line)),
  {
    CPPstartDate: date('cppStartDate'),
    CPPendDate: date('cppEndDate'),
    InitialCategoryOfAbuse: text('initialCategoryOfAbuse'),
    LatestCategoryOfAbuse: text('latestCategoryOfAbuse'),
    NumberOfPreviousCPP: text('numberOfPreviousCpp'),
  },
  { Reviews: { spec: REVIEWS, repeated: false } },
);

const FACTORS = group('FactorsIdentifiedAtAssessment', sameNode, {
  AssessmentFactors: { key: 'assessmentFactors', kind: 'text', repeated: true },
});

const ASSESSMENTS = group(
  'Assessments',
  (episode, line) => pushTo(episode, 'assessments', newAssessment(line)),
  {
    AssessmentActualStartDate: date('assessmentActualStartDate'),
    AssessmentInternalReviewDate: date('assessmentInternalReviewDate'),
    AssessmentAuthorisationDate: date('assessmentAuthorisationDate'),
  },
  { FactorsIdentifiedAtAssessment: { spec: FACTORS, repeated: false } },
);

const CIN_PLAN_DATES = group('CINPlanDates', (episode, line) => pushTo(episode, 'cinPlanDates', newCinPlanDates(line)), {
  CINPlanStartDate: date('cinPlanStartDate'),
  CINPlanEndDate: date('cinPlanEndDate'),
});

const SECTION_47 = group('Section47', (episode, line) => pushTo(episode, 'section47', newSection47(line)), {
  S47ActualStartDate: date('s47ActualStartDate'),
  InitialCPCtarget: date('initialCpcTarget'),
  DateOfInitialCPC: date('dateOfInitialCpc'),
  ICPCnotRequired: text('icpcNotRequired'),
});

const PRE_PROCEEDINGS = group('PreProceedingsandFGDM', (episode, line) => pushTo(episode, 'preProceedings', newPreProceedings(line)), {
  PPStartDate: date('ppStartDate'),
  LBPSentDate: date('lbpSentDate'),
  FGDMMeetingOffer: text('fgdmMeetingOffer'),
  FGDMMeetingFac: text('fgdmMeetingFac'),
  InitialPPMeetingDate: date('initialPpMeetingDate'),
  ReviewMeetingsCount: text('reviewMeetingsCount'),
  StepDecisionDate: date('stepDecisionDate'),
  PPOutcome: text('ppOutcome'),
  CourtAppDate: date('courtAppDate'),
  LetterInitCPDate: date('letterInitCpDate'),
});

const CIN_DETAILS = group(
  'CINdetails',
  (child, line) => pushTo(child, 'cinDetails', newCinDetails(line)),
  {
    CINreferralDate: date('cinReferralDate'),
    ReferralSource: text('referralSource'),
    PrimaryNeedCode: text('primaryNeedCode'),
    CINclosureDate: date('cinClosureDate'),
    ReasonForClosure: text('reasonForClosure'),
    DateOfInitialCPC: date('dateOfInitialCpc'),
    ReferralNFA: text('referralNfa'),
  },
  {
    Assessments: { spec: ASSESSMENTS, repeated: true },
    CINPlanDates: { spec: CIN_PLAN_DATES, repeated: true },
    Section47: { spec: SECTION_47, repeated: true },
    ChildProtectionPlans: { spec: CHILD_PROTECTION_PLANS, repeated: true },
    PreProceedingsandFGDM: { spec: PRE_PROCEEDINGS, repeated: true },
  },
);

const CHILD_IDENTIFIERS = group('ChildIdentifiers', (child, line) => withLine(child.identifiers as Node, line), {
  LAchildID: text('laChildId'),
  UPN: text('upn'),
  FormerUPN: text('formerUpn'),
  UPNunknown: text('upnUnknown'),
  PersonBirthDate: date('personBirthDate'),
  ExpectedPersonBirthDate: date('expectedPersonBirthDate'),
  GenderCurrent: text('genderCurrent'),
  Sex: text('sex'),
  PersonDeathDate: date('personDeathDate'),
});

const DISABILITIES = group('Disabilities', sameNode, {
  Disability: { key: 'disabilities', kind: 'text', repeated: true },
});

const CHILD_CHARACTERISTICS = group(
  'ChildCharacteristics',
  (child, line) => withLine(child.characteristics as Node, line),
  { Ethnicity: text('ethnicity') },
  { Disabilities: { spec: DISABILITIES, repeated: false } },
);

const CHILD = group(
  'Child',
  (_children, line): Node => newCinChild(line) as unknown as Node,
  {},
  {
    ChildIdentifiers: { spec: CHILD_IDENTIFIERS, repeated: false },
    ChildCharacteristics: { spec: CHILD_CHARACTERISTICS, repeated: false },
    CINdetails: { spec: CIN_DETAILS, repeated: true },
  },
);

const CHILDREN = group('Children', sameNode, {}, { Child: { spec: CHILD, repeated: true } });

const COLLECTION_DETAILS = group('CollectionDetails', sameNode, {
  Collection: text('collection'),
  Year: text('year'),
  ReferenceDate: date('referenceDate'),
});

const SOURCE = group('Source', sameNode, {
  SourceLevel: text('sourceLevel'),
  LEA: text('lea'),
  SoftwareCode: text('softwareCode'),
  Release: text('release'),
  SerialNo: text('serialNo'),
  DateTime: text('dateTime'),
});

const HEADER = group('Header', (_message, line) => newCinHeader(line) as Node, {}, {
  CollectionDetails: { spec: COLLECTION_DETAILS, repeated: false },
  Source: { spec: SOURCE, repeated: false },
});

const MESSAGE = group('Message', (): Node => ({}), {}, {
  Header: { spec: HEADER, repeated: false },
  Children: { spec: CHILDREN, repeated: false },
});

function pushTo<T extends object>(parent: Node, key: string, item: T): Node {
  (parent[key] as T[]).push(item);
  return item as Node;
}

function memberList(spec: GroupSpec): string {
  return [...spec.members.keys()].join(', ');
}

/** One open element: a group (with the node its members go to) or a leaf (collecting its text). */
type Frame = {
  name: string;
  line: number;
  group: GroupSpec | undefined;
  node: Node;
  seen: number;
  leaf: LeafSpec | undefined;
  text: string;
};

export type CinParseHandlers = {
  header(header: CinHeader): void;
  child(child: CinChild): void;
};

/**
 * The push parser: feed it bytes with {@link CinCensusParser.write} and finish with
 * {@link CinCensusParser.end}; the header and then each child go to the handlers as soon as they
 * are complete. Throws {@link CinParseError}.
 */
export class CinCensusParser implements XmlHandler {
  readonly warnings: CinParseWarning[] = [];
  /** Warnings beyond those kept. */
  moreWarnings = 0;
  private readonly tokenizer: XmlTokenizer;
  // The byte-order mark is dealt with once, at the start (checkStart); later U+FEFF is text.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly frames: Frame[] = [];
  private depth = 0;
  private headerDone = false;
  private started = false;
  /** Bytes of an incomplete UTF-8 character carried to the next chunk. */
  private carry: Uint8Array = new Uint8Array(0);
  private readonly maxWarnings: number;

  constructor(
    private readonly file: string,
    private readonly handlers: CinParseHandlers,
    options: CinParseOptions = {},
  ) {
    this.tokenizer = new XmlTokenizer(this, options.limits ?? DEFAULT_XML_LIMITS);
    this.maxWarnings = options.maxWarnings ?? 1000;
  }

  write(bytes: Uint8Array): void {
    let data = bytes;
    if (this.carry.length > 0) {
      data = new Uint8Array(this.carry.length + bytes.length);
      data.set(this.carry);
      data.set(bytes, this.carry.length);
    }
    if (!this.started) {
      // The first four bytes say what the file is (a byte-order mark, a ZIP): wait for them.
      if (data.length < 4) {
        this.carry = data;
        return;
      }
      this.started = true;
      data = this.checkStart(data);
    }
    const complete = completeUtf8Length(data);
    this.carry = data.slice(complete);
    this.feed(data.subarray(0, complete));
  }

  end(): void {
    if (!this.started) {
      if (this.carry.length === 0) this.fail(1, 'the file is empty', 'a CIN census XML document');
      this.started = true;
      const data = this.checkStart(this.carry);
      const complete = completeUtf8Length(data);
      this.carry = data.slice(complete);
      this.feed(data.subarray(0, complete));
    }
    if (this.carry.length > 0) this.encodingError(this.carry, 0);
    this.guard(() => this.tokenizer.end());
    if (!this.headerDone) this.fail(this.tokenizer.lineAtEnd(), 'the file has no <Header>', 'a CIN census: <Message> with <Header> and <Children>');
  }

  /** Byte-order marks: UTF-8's is dropped, anything else refused. */
  private checkStart(data: Uint8Array): Uint8Array {
    const [a, b, c, d] = data;
    if (a === 0xef && b === 0xbb && c === 0xbf) return data.subarray(3);
    if ((a === 0xfe && b === 0xff) || (a === 0xff && b === 0xfe)) {
      this.fail(1, 'the file is UTF-16 (it starts with a UTF-16 byte-order mark)', 'a UTF-8 file');
    }
    if (a === 0x1f && b === 0x8b) this.fail(1, 'the file is gzip-compressed', 'an uncompressed UTF-8 XML file');
    if (a === 0x50 && b === 0x4b && c === 3 && d === 4) this.fail(1, 'the file is a ZIP archive (perhaps a spreadsheet)', 'a UTF-8 XML file');
    return data;
  }

  private feed(data: Uint8Array): void {
    if (data.length === 0) return;
    let chunk: string;
    try {
      chunk = this.decoder.decode(data);
    } catch {
      this.encodingError(data, firstInvalidUtf8(data));
    }
    this.guard(() => this.tokenizer.write(chunk));
  }

  /**
   * Invalid UTF-8 at `data[at]`. The valid text before it is read first, so that a file that is not
   * XML at all is called that rather than an encoding problem.
   */
  private encodingError(data: Uint8Array, at: number): never {
    const prefix = new TextDecoder('utf-8').decode(data.subarray(0, at));
    this.guard(() => this.tokenizer.write(prefix));
    const line = this.tokenizer.lineAtEnd();
    const byte = data[at] ?? 0;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const hint = byte >= 0x80 && byte <= 0xff ? ' (was it saved as Windows-1252 or Latin-1?)' : '';
    return this.fail(line, `byte ${hex} is not valid UTF-8${hint}`, 'a UTF-8 encoded file', this.tokenizer.openElements().at(-1));
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (error instanceof XmlSyntaxError) {
        throw new CinParseError(this.file, error.line, error.problem, error.expected ?? 'well-formed XML', error.element, error.value);
      }
      throw error;
    }
  }

  private fail(line: number, problem: string, expected: string, element?: string, value?: string): never {
    throw new CinParseError(this.file, line, problem, expected, element, value);
  }

  private warn(line: number, element: string, value: string, message: string): void {
    if (this.warnings.length < this.maxWarnings) this.warnings.push({ line, element, value, message });
    else this.moreWarnings += 1;
  }

  private frameAt(depth: number): Frame {
    let frame = this.frames[depth];
    if (frame === undefined) {
      frame = { name: '', line: 0, group: undefined, node: {}, seen: 0, leaf: undefined, text: '' };
      this.frames[depth] = frame;
    }
    return frame;
  }

  open(name: string, line: number): void {
    if (this.depth === 0) {
      if (name !== 'Message') {
        this.fail(line, `the root element is <${name}>: this is not a CIN census`, 'the root element <Message>', name);
      }
      const frame = this.frameAt(0);
      frame.name = name;
      frame.line = line;
      frame.group = MESSAGE;
      frame.node = MESSAGE.open({}, line);
      frame.seen = 0;
      frame.leaf = undefined;
      this.depth = 1;
      return;
    }
    const parent = this.frameAt(this.depth - 1);
    const spec = parent.group;
    if (spec === undefined) {
      this.fail(line, `an element <${name}> inside <${parent.name}>, which holds a value`, `text only in <${parent.name}>`, parent.name, name);
    }
    const member = spec.members.get(name);
    if (member === undefined) {
      const expected = spec.members.size === 0 ? 'no elements' : `one of ${memberList(spec)}`;
      this.fail(line, `an unknown element <${name}>`, expected, parent.name, name);
    }
    if (!member.repeated) {
      if ((parent.seen & member.bit) !== 0) this.fail(line, `a second <${name}>`, `at most one <${name}> in each <${parent.name}>`, parent.name, name);
      parent.seen |= member.bit;
    }
    if (name === 'Children' && !this.headerDone) this.fail(line, '<Children> before <Header>', 'the <Header> first', parent.name);
    const frame = this.frameAt(this.depth);
    frame.name = name;
    frame.line = line;
    frame.seen = 0;
    frame.text = '';
    if (member.group !== undefined) {
      frame.group = member.group;
      frame.leaf = undefined;
      frame.node = member.group.open(parent.node, line);
    } else {
      frame.group = undefined;
      frame.leaf = member.leaf;
      frame.node = parent.node;
    }
    this.depth += 1;
  }

  wantsSpace(): boolean {
    return this.depth > 0 && this.frameAt(this.depth - 1).leaf !== undefined;
  }

  text(value: string, line: number): void {
    const frame = this.frameAt(this.depth - 1);
    if (frame.leaf !== undefined) {
      frame.text = frame.text.length === 0 ? value : frame.text + value;
      return;
    }
    const stray = value.trim();
    if (stray.length > 0) {
      this.warn(line, frame.name, stray, `text ${quoteForMessage(stray)} inside <${frame.name}> is not in any element; it was ignored`);
    }
  }

  close(name: string): void {
    this.depth -= 1;
    const frame = this.frameAt(this.depth);
    const leaf = frame.leaf;
    if (leaf !== undefined) {
      this.setLeaf(frame, leaf, name);
      const collection = frame.text;
      if (name === 'Collection' && collection.trim().toUpperCase() !== 'CIN') {
        this.fail(frame.line, `the <Collection> is ${quoteForMessage(collection)}: this is not a CIN census`, 'CIN', 'Collection', collection);
      }
      return;
    }
    if (name === 'Header') {
      this.headerDone = true;
      this.handlers.header(frame.node as CinHeader);
    } else if (name === 'Child') {
      this.handlers.child(frame.node as unknown as CinChild);
    }
  }

  private setLeaf(frame: Frame, leaf: LeafSpec, name: string): void {
    const raw = frame.text;
    // A copy, not a slice of the chunk it came from: a kept value (a UPN in the duplicate index)
    // would otherwise keep the whole megabyte chunk alive.
    let value: string | undefined = raw.length === 0 ? undefined : raw.length < 13 ? raw : copyString(raw);
    if (leaf.kind === 'date' && value !== undefined) {
      const trimmed = value.trim();
      if (!isIsoDate(trimmed)) {
        this.warn(frame.line, name, raw, `<${name}> ${quoteForMessage(raw)} is not a date written YYYY-MM-DD; it was read as missing`);
        value = undefined;
      } else if (trimmed < EARLIEST_DATE || trimmed > LATEST_DATE) {
        this.warn(frame.line, name, raw, `<${name}> ${quoteForMessage(raw)} is not a plausible date (before ${EARLIEST_DATE} or after ${LATEST_DATE}); it was read as missing`);
        value = undefined;
      } else {
        value = trimmed;
      }
    }
    const node = frame.node;
    if (leaf.repeated) {
      const list = node[leaf.key] as (string | undefined)[] | undefined;
      if (list === undefined) node[leaf.key] = [value];
      else list.push(value);
    } else if (value !== undefined) {
      node[leaf.key] = value;
    }
  }
}

/** A flat copy of a string that may be a slice of a larger one. */
function copyString(value: string): string {
  return (' ' + value).slice(1);
}

/** Length of the longest prefix of `data` that does not end inside a UTF-8 character. */
function completeUtf8Length(data: Uint8Array): number {
  const length = data.length;
  // Look back at most 3 bytes for the start of the last character.
  for (let back = 1; back <= 3 && back <= length; back += 1) {
    const byte = data[length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte
    if (byte < 0x80) return length;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return back < needed ? length - back : length;
  }
  return length;
}

/** Offset of the first byte that breaks UTF-8 (the decoder only says that one does). */
function firstInvalidUtf8(data: Uint8Array): number {
  let i = 0;
  while (i < data.length) {
    const byte = data[i] ?? 0;
    if (byte < 0x80) {
      i += 1;
      continue;
    }
    let needed: number;
    let min: number;
    if (byte >= 0xc2 && byte <= 0xdf) [needed, min] = [1, 0x80];
    else if (byte >= 0xe0 && byte <= 0xef) [needed, min] = [2, 0x800];
    else if (byte >= 0xf0 && byte <= 0xf4) [needed, min] = [3, 0x10000];
    else return i;
    let code = byte & (0x3f >> needed);
    for (let k = 1; k <= needed; k += 1) {
      const next = data[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += needed + 1;
  }
  return Math.max(0, data.length - 1);
}

/** A census read as a stream: the header first, then the children one at a time. */
export type CinCensusStream = {
  file: string;
  header: CinHeader;
  /** Each child once complete; iterate once. Throws {@link CinParseError} where the file goes wrong. */
  children: AsyncIterable<CinChild>;
  /** Warnings so far (complete once `children` is exhausted). */
  warnings: CinParseWarning[];
  /** Warnings beyond those kept in `warnings`. */
  moreWarnings(): number;
};

/** Reading a whole file: big chunks are fastest. */
const CHUNK_BYTES = 1 << 20;
/**
 * Reading child by child beside other work (an import writing to the database thread): each chunk
 * is parsed in one go, so a small one keeps the thread free for the database's replies.
 */
const STREAM_CHUNK_BYTES = 1 << 16;

/** The file's chunks, with a read failure turned into a {@link CinParseError}. */
async function* fileChunks(path: string, file: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof CinParseError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CinParseError(file, 0, `the file cannot be read (${code})`, 'a readable file');
  } finally {
    stream.destroy();
  }
}

/**
 * Reads a CIN census file, handing the header and then each child to `handlers` as soon as each is
 * complete (synchronously, in file order): the fastest way through a large file.
 * @throws CinParseError where the file is not a readable CIN census.
 */
export async function readCinCensus(
  path: string,
  handlers: CinParseHandlers,
  options: CinParseOptions = {},
): Promise<{ warnings: CinParseWarning[]; moreWarnings: number }> {
  const parser = new CinCensusParser(options.fileName ?? path, handlers, options);
  for await (const chunk of fileChunks(path, options.fileName ?? path)) parser.write(chunk);
  parser.end();
  return { warnings: parser.warnings, moreWarnings: parser.moreWarnings };
}

/**
 * Opens a CIN census file and reads as far as the end of its header; the children then come one
 * at a time from an async iterator.
 * @throws CinParseError when the file cannot be read or is not a CIN census (also later, from
 *   `children`, for problems further into the file).
 */
export async function openCinCensus(path: string, options: CinParseOptions = {}): Promise<CinCensusStream> {
  const file = options.fileName ?? path;
  let header: CinHeader | undefined;
  let queue: CinChild[] = [];
  let next = 0;
  const parser = new CinCensusParser(file, { header: (h) => (header = h), child: (c) => queue.push(c) }, options);
  const chunks = fileChunks(path, file, STREAM_CHUNK_BYTES);
  let done = false;
  const pump = async (): Promise<void> => {
    const result = await chunks.next();
    if (result.done) {
      done = true;
      parser.end();
    } else {
      parser.write(result.value);
    }
  };

  try {
    while (header === undefined && !done) await pump();
  } catch (error) {
    await chunks.return(undefined);
    throw error;
  }
  if (header === undefined) throw new CinParseError(file, 1, 'the file has no <Header>', 'a CIN census');

  async function* children(): AsyncGenerator<CinChild> {
    try {
      for (;;) {
        while (next < queue.length) {
          const child = queue[next] as CinChild;
          next += 1;
          yield child;
        }
        queue = [];
        next = 0;
        if (done) return;
        await pump();
      }
    } finally {
      await chunks.return(undefined);
    }
  }

  return { file, header, children: children(), warnings: parser.warnings, moreWarnings: () => parser.moreWarnings };
}

/** A whole census held in memory: for tests and small files. */
export type CinCensus = { header: CinHeader; children: CinChild[]; warnings: CinParseWarning[] };

/**
 * Parses a census from text or bytes in one go.
 * @throws CinParseError
 */
export function parseCinCensus(input: string | Uint8Array, options: CinParseOptions = {}): CinCensus {
  let header: CinHeader | undefined;
  const children: CinChild[] = [];
  const parser = new CinCensusParser(options.fileName ?? '<input>', { header: (h) => (header = h), child: (c) => children.push(c) }, options);
  parser.write(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  parser.end();
  if (header === undefined) throw new CinParseError(options.fileName ?? '<input>', 1, 'the file has no <Header>', 'a CIN census');
  return { header, children, warnings: parser.warnings };
}
