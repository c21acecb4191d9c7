/**
 * A small streaming XML tokenizer for statutory returns: elements, text, CDATA, comments and
 * processing instructions, with the five predefined entities and character references. It keeps
 * no document in memory, only the unfinished tail of the last chunk, and it refuses what a census
 * file never needs and an attacker would use: a DOCTYPE (so no entity expansion), a value longer
 * than {@link XmlLimits.maxValueLength}, a tag longer than {@link XmlLimits.maxTagLength}.
 *
 * It checks well-formedness (one root, matching end tags, legal names, quoted attributes, known
 * entities, nothing but white space outside the root) and counts lines, so every event and every
 * error carries the 1-based line of the `<` that opened it. Attributes are parsed and then dropped:
 * the CIN census has none that matter.
 *
 * Why not a package: the census is big (100,000 children is a few hundred MB), its grammar is tiny,
 * and the errors must name the line and what was expected; scanning with indexOf over decoded
 * chunks is several times faster than a general-purpose SAX parser.
 */

/** What a consumer of the tokenizer receives, in document order. */
export interface XmlHandler {
  /** A start tag (or an empty-element tag, which is followed at once by its close). */
  open(name: string, line: number): void;
  /**
   * Character data inside an element, entities decoded; may come in several pieces. White space
   * between elements is passed only when {@link XmlHandler.wantsSpace} says so.
   */
  text(value: string, line: number): void;
  /** Whether white space in the current element matters (in an element that holds a value). */
  wantsSpace(): boolean;
  close(name: string, line: number): void;
}

export type XmlLimits = {
  /** Longest text run or attribute value, in characters, before the input is refused. */
  maxValueLength: number;
  /** Longest tag, comment or processing instruction, in characters. */
  maxTagLength: number;
};

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({ maxValueLength: 4096, maxTagLength: 8192 });

/** A well-formedness error, located. The reader adds the file name. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
    readonly element?: string,
    readonly value?: string,
    readonly expected?: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'XmlSyntaxError';
  }
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const NEWLINE = 10;

function isWhiteSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** ASCII characters that may start (1) or continue (2) an XML name; anything from U+00C0 may do both. */
const NAME_CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 58;
  const other = (code >= 48 && code <= 57) || code === 45 || code === 46;
  NAME_CLASS[code] = letter ? 1 : other ? 2 : 0;
}

function isNameStart(code: number): boolean {
  return code < 128 ? NAME_CLASS[code] === 1 : code >= 0xc0 && code !== 0xd7 && code !== 0xf7;
}

function isNameChar(code: number): boolean {
  return code < 128 ? NAME_CLASS[code] !== 0 : code === 0xb7 || (code >= 0xc0 && code !== 0xd7 && code !== 0xf7);
}

/** The first character XML 1.0 forbids anywhere in a document (C0 controls other than tab, LF and CR; U+FFFE/FFFF), or undefined. */
function forbiddenCharacter(value: string): string | undefined {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 32 ? code !== 9 && code !== 10 && code !== 13 : code === 0xfffe || code === 0xffff) return value[i];
  }
  return undefined;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A short, printable rendering of a value for an error message. */
export function quoteForMessage(value: string, max = 40): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}

function describeCharacter(value: string): string {
  const code = value.charCodeAt(0);
  if (code === 0) return 'a NUL character (is the file UTF-16 without a byte-order mark?)';
  return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Push chunks of decoded text with {@link XmlTokenizer.write}, then call {@link XmlTokenizer.end}.
 * Events go to the handler synchronously; any error (its own or the handler's) propagates from the
 * call that hit it, and the tokenizer must not be used after that.
 */
export class XmlTokenizer {
  private buf = '';
  private pos = 0;
  /** Line number of the character at `lineOffset` in `buf`. */
  private line = 1;
  private lineOffset = 0;
  /** Position of the first newline at or after `lineOffset` (-1: none in `buf`; -2: not looked for). */
  private nextNewline = -2;
  private readonly names: string[] = [];
  private readonly openLines: number[] = [];
  private sawRoot = false;
  private rootClosed = false;
  private atDocumentStart = true;

  constructor(
    private readonly handler: XmlHandler,
    private readonly limits: XmlLimits = DEFAULT_XML_LIMITS,
  ) {}

  /** The element names open at this point, outermost first (for error messages). */
  openElements(): readonly string[] {
    return this.names;
  }

  /** The line number reached at the end of all text written so far. */
  lineAtEnd(): number {
    return this.lineAt(this.buf.length);
  }

  write(chunk: string): void {
    if (this.pos > 0) {
      this.lineAt(this.pos); // count the lines of what is let go
      this.buf = this.buf.slice(this.pos);
      this.lineOffset -= this.pos;
      if (this.nextNewline >= 0) this.nextNewline -= this.pos;
      this.pos = 0;
    }
    if (this.nextNewline === -1) this.nextNewline = -2;
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (!this.sawRoot) {
      throw new XmlSyntaxError(this.lineAtEnd(), 'the file has no XML element', undefined, undefined, 'a CIN census XML document');
    }
    const open = this.names.length;
    if (open > 0) {
      const name = this.names[open - 1] ?? '';
      throw new XmlSyntaxError(
        this.lineAtEnd(),
        `the file ends inside <${name}> (opened at line ${this.openLines[open - 1] ?? 0}): it is truncated`,
        name,
        undefined,
        `</${name}>`,
      );
    }
  }

  /**
   * Line of position `p` in `buf`. Asked for at every tag, always further on (error paths aside),
   * so it keeps where the next newline is and only looks for another once `p` passes it.
   */
  private lineAt(p: number): number {
    const buf = this.buf;
    if (p < this.lineOffset) {
      // Only error paths look backwards; count back.
      for (let i = p; i < this.lineOffset; i += 1) if (buf.charCodeAt(i) === NEWLINE) this.line -= 1;
      this.lineOffset = p;
      this.nextNewline = -2;
      return this.line;
    }
    let next = this.nextNewline;
    if (next === -2 || next < this.lineOffset) next = buf.indexOf('\n', this.lineOffset);
    let line = this.line;
    while (next !== -1 && next < p) {
      line += 1;
      next = buf.indexOf('\n', next + 1);
    }
    this.line = line;
    this.lineOffset = p;
    this.nextNewline = next;
    return line;
  }

  private fail(at: number, problem: string, expected?: string, value?: string): never {
    const element = this.names[this.names.length - 1];
    throw new XmlSyntaxError(this.lineAt(at), problem, element, value, expected);
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const length = buf.length;
    let pos = this.pos;
    while (pos < length) {
      if (buf.charCodeAt(pos) !== LT) {
        let next = buf.indexOf('<', pos);
        if (next === -1) {
          // A text run that may go on in the next chunk. Outside the root it can be judged now;
          // inside, it is waited for, unless it is already too long (white space is let go).
          const waitable = !final && this.names.length > 0;
          if (waitable && length - pos <= this.limits.maxValueLength) break;
          if (waitable && this.isAllWhiteSpace(pos, length)) {
            this.lineAt(length);
            pos = length;
            break;
          }
          next = length;
        }
        this.textRun(pos, next);
        pos = next;
        continue;
      }
      const end = this.token(pos, final);
      if (end === -1) break;
      pos = end;
    }
    this.pos = pos;
  }

  private isAllWhiteSpace(start: number, end: number): boolean {
    for (let i = start; i < end; i += 1) if (!isWhiteSpace(this.buf.charCodeAt(i))) return false;
    return true;
  }

  /** Characters between markup, [start, end). */
  private textRun(start: number, end: number): void {
    const buf = this.buf;
    let first = start;
    while (first < end && isWhiteSpace(buf.charCodeAt(first))) first += 1;
    this.atDocumentStart = false;
    if (this.names.length === 0) {
      if (first === end) return;
      const what = buf.slice(first, Math.min(end, first + 20));
      if (this.rootClosed) this.fail(first, `text ${quoteForMessage(what)} after the end of the root element`, 'nothing after the root element', what);
      const bad = forbiddenCharacter(what);
      if (bad !== undefined) this.fail(first, `${describeCharacter(bad)} before the first element: this is not a text file`, 'a UTF-8 XML document starting with "<"');
      this.fail(first, `the file starts with ${quoteForMessage(what)}: this is not XML`, 'an XML document starting with "<"', what);
    }
    if (first === end) {
      if (this.handler.wantsSpace()) this.handler.text(buf.slice(start, end), this.lineAt(start));
      return;
    }
    if (end - start > this.limits.maxValueLength) {
      this.fail(start, `a value of ${end - start} characters`, `at most ${this.limits.maxValueLength} characters`, buf.slice(first, first + 20));
    }
    let value = buf.slice(start, end);
    if (value.indexOf('&') !== -1) value = this.decodeEntities(value, start);
    const bad = forbiddenCharacter(value);
    if (bad !== undefined) this.fail(start, `${describeCharacter(bad)} in the text`, 'text without control characters');
    this.handler.text(value, this.lineAt(start));
  }

  private decodeEntities(value: string, at: number): string {
    return value.replace(/&([^;&<\s]{0,12});?/g, (match, name: string) => {
      if (!match.endsWith(';')) this.fail(at, `"&" not starting an entity reference`, '"&amp;" for a literal ampersand', match);
      const predefined = PREDEFINED_ENTITIES[name];
      if (predefined !== undefined) return predefined;
      const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
      if (numeric) {
        const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
        const isLegal = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
        if (!isLegal) this.fail(at, `character reference ${match} to a character XML does not allow`, 'a legal XML character');
        return String.fromCodePoint(code);
      }
      return this.fail(at, `unknown entity ${match}`, 'one of &lt; &gt; &amp; &quot; &apos; or a character reference', match);
    });
  }

  /** Markup at `pos` (a `<`). Returns the position after it, or -1 to wait for more input. */
  private token(pos: number, final: boolean): number {
    const buf = this.buf;
    if (pos + 1 >= buf.length) {
      if (!final) return -1;
      this.fail(pos, 'the file ends in the middle of a tag: it is truncated', 'a complete tag');
    }
    const second = buf.charCodeAt(pos + 1);
    if (second === SLASH) return this.endTag(pos, final);
    if (second === QUESTION) return this.processingInstruction(pos, final);
    if (second === BANG) return this.declaration(pos, final);
    return this.startTag(pos, final);
  }

  /** The position just after `terminator` found from `from`, or -1 (waiting) / an error at the end. */
  private findTerminator(pos: number, from: number, terminator: string, final: boolean, what: string): number {
    const found = this.buf.indexOf(terminator, from);
    if (found !== -1) {
      if (found - pos > this.limits.maxTagLength) this.fail(pos, `${what} longer than ${this.limits.maxTagLength} characters`, `a ${what} of at most ${this.limits.maxTagLength} characters`);
      return found + terminator.length;
    }
    if (this.buf.length - pos > this.limits.maxTagLength) {
      this.fail(pos, `${what} longer than ${this.limits.maxTagLength} characters, or never closed`, `"${terminator}" to close it`);
    }
    if (final) this.fail(pos, `the file ends inside a ${what}: it is truncated`, `"${terminator}" to close it`);
    return -1;
  }

  private processingInstruction(pos: number, final: boolean): number {
    const end = this.findTerminator(pos, pos + 2, '?>', final, 'processing instruction');
    if (end === -1) return -1;
    const body = this.buf.slice(pos + 2, end - 2);
    const target = /^[^\s?]*/.exec(body)?.[0] ?? '';
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || !this.atDocumentStart) {
        this.fail(pos, 'an XML declaration that is not at the very start of the file', 'the XML declaration first, or none');
      }
      const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(body)?.[1];
      if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
        this.fail(pos, `the file declares encoding="${encoding}"`, 'a UTF-8 file (encoding="UTF-8")', encoding);
      }
    }
    this.atDocumentStart = false;
    return end;
  }

  private declaration(pos: number, final: boolean): number {
    const buf = this.buf;
    if (buf.length - pos < 9 && !final) {
      // Not enough to tell a comment from CDATA from a DOCTYPE yet (unless the prefix already rules them out).
      const prefix = buf.slice(pos);
      if ('<!--'.startsWith(prefix) || '<![CDATA['.startsWith(prefix) || '<!DOCTYPE'.startsWith(prefix)) return -1;
    }
    this.atDocumentStart = false;
    if (buf.startsWith('<!--', pos)) return this.findTerminator(pos, pos + 4, '-->', final, 'comment');
    if (buf.startsWith('<![CDATA[', pos)) {
      if (this.names.length === 0) this.fail(pos, 'a CDATA section outside the root element', 'markup inside the root element');
      const end = this.findCdataEnd(pos, final);
      if (end === -1) return -1;
      const value = buf.slice(pos + 9, end - 3);
      const bad = forbiddenCharacter(value);
      if (bad !== undefined) this.fail(pos, `${describeCharacter(bad)} in a CDATA section`, 'text without control characters');
      this.handler.text(value, this.lineAt(pos));
      return end;
    }
    if (buf.startsWith('<!DOCTYPE', pos)) this.fail(pos, 'a DOCTYPE declaration', 'no DOCTYPE: a CIN census needs none, and entity definitions are refused');
    return this.fail(pos, `markup ${quoteForMessage(buf.slice(pos, pos + 12))} that is neither a comment nor CDATA`, 'a comment <!-- --> or a CDATA section');
  }

  private findCdataEnd(pos: number, final: boolean): number {
    const found = this.buf.indexOf(']]>', pos + 9);
    if (found !== -1) {
      if (found - pos > this.limits.maxValueLength) this.fail(pos, `a CDATA section of ${found - pos} characters`, `at most ${this.limits.maxValueLength} characters`);
      return found + 3;
    }
    if (this.buf.length - pos > this.limits.maxValueLength) this.fail(pos, 'a CDATA section too long or never closed', `"]]>" within ${this.limits.maxValueLength} characters`);
    if (final) this.fail(pos, 'the file ends inside a CDATA section: it is truncated', '"]]>" to close it');
    return -1;
  }

  /** Reads an XML name at `at`; returns its end, or -1 when the buffer ends first. */
  private nameEnd(at: number): number {
    const buf = this.buf;
    const length = buf.length;
    let i = at;
    while (i < length && isNameChar(buf.charCodeAt(i))) i += 1;
    return i === length ? -1 : i;
  }

  private badName(at: number, what: string): never {
    const code = this.buf.charCodeAt(at);
    const shown = Number.isNaN(code) ? 'the end of the file' : code < 32 ? describeCharacter(this.buf[at] ?? '') : quoteForMessage(this.buf.slice(at, at + 1));
    return this.fail(at, `${shown} where ${what} should start`, 'an XML name (a letter or "_" first)');
  }

  private endTag(pos: number, final: boolean): number {
    const buf = this.buf;
    const nameStart = pos + 2;
    const depth = this.names.length;
    const open = depth > 0 ? (this.names[depth - 1] ?? '') : '';
    // The usual case, read without making a string: "</" + the open element's name + ">".
    const nameEnd = nameStart + open.length;
    if (depth > 0 && buf.charCodeAt(nameEnd) === GT && buf.startsWith(open, nameStart)) {
      return this.closeElement(pos, open, nameEnd + 1);
    }
    if (nameStart < buf.length && !isNameStart(buf.charCodeAt(nameStart))) this.badName(nameStart, 'an end-tag name');
    const end = this.nameEnd(nameStart);
    if (end === -1 || nameStart >= buf.length) return this.waitForTag(pos, final);
    let i = end;
    while (i < buf.length && isWhiteSpace(buf.charCodeAt(i))) i += 1;
    if (i >= buf.length) return this.waitForTag(pos, final);
    const name = buf.slice(nameStart, end);
    if (buf.charCodeAt(i) !== GT) this.fail(i, `${quoteForMessage(buf.slice(i, i + 1))} in the end tag </${name}>`, '">" to close the end tag');
    if (depth === 0) this.fail(pos, `an end tag </${name}> with no element open`, 'a start tag first');
    if (open !== name) {
      this.fail(pos, `</${name}> closes <${open}> (opened at line ${this.openLines[depth - 1] ?? 0})`, `</${open}>`, name);
    }
    return this.closeElement(pos, name, i + 1);
  }

  private closeElement(pos: number, name: string, after: number): number {
    const line = this.lineAt(pos);
    this.names.pop();
    this.openLines.pop();
    if (this.names.length === 0) this.rootClosed = true;
    this.handler.close(name, line);
    return after;
  }

  private waitForTag(pos: number, final: boolean): number {
    if (this.buf.length - pos > this.limits.maxTagLength) this.fail(pos, `a tag longer than ${this.limits.maxTagLength} characters`, `a tag of at most ${this.limits.maxTagLength} characters`);
    if (final) this.fail(pos, 'the file ends in the middle of a tag: it is truncated', 'a complete tag');
    return -1;
  }

  private startTag(pos: number, final: boolean): number {
    const buf = this.buf;
    const length = buf.length;
    const nameStart = pos + 1;
    if (!isNameStart(buf.charCodeAt(nameStart))) this.badName(nameStart, 'an element name');
    const nameEnd = this.nameEnd(nameStart);
    if (nameEnd === -1) return this.waitForTag(pos, final);
    const name = buf.slice(nameStart, nameEnd);
    let i = nameEnd;
    let selfClosing = false;
    const seen: string[] = [];
    for (;;) {
      const before = i;
      while (i < length && isWhiteSpace(buf.charCodeAt(i))) i += 1;
      if (i >= length) return this.waitForTag(pos, final);
      const code = buf.charCodeAt(i);
      if (code === GT) {
        i += 1;
        break;
      }
      if (code === SLASH) {
        if (i + 1 >= length) return this.waitForTag(pos, final);
        if (buf.charCodeAt(i + 1) !== GT) this.fail(i, `"/" not followed by ">" in <${name}>`, '"/>" to close an empty element');
        selfClosing = true;
        i += 2;
        break;
      }
      // An attribute: name, "=", quoted value. It must be separated from what came before.
      if (i === before) this.fail(i, `${quoteForMessage(buf.slice(i, i + 1))} right after <${name}`, 'white space, then an attribute, ">" or "/>"');
      if (!isNameStart(code)) this.badName(i, `an attribute name in <${name}>`);
      const attrEnd = this.nameEnd(i);
      if (attrEnd === -1) return this.waitForTag(pos, final);
      const attr = buf.slice(i, attrEnd);
      if (seen.includes(attr)) this.fail(i, `the attribute ${attr} twice in <${name}>`, 'each attribute once');
      seen.push(attr);
      i = attrEnd;
      while (i < length && isWhiteSpace(buf.charCodeAt(i))) i += 1;
      if (i >= length) return this.waitForTag(pos, final);
      if (buf.charCodeAt(i) !== 61) this.fail(i, `attribute ${attr} of <${name}> without "="`, `${attr}="value"`);
      i += 1;
      while (i < length && isWhiteSpace(buf.charCodeAt(i))) i += 1;
      if (i >= length) return this.waitForTag(pos, final);
      const quote = buf[i];
      if (quote !== '"' && quote !== "'") this.fail(i, `attribute ${attr} of <${name}> with an unquoted value`, `${attr}="value"`);
      const close = buf.indexOf(quote, i + 1);
      if (close === -1) {
        if (length - i > this.limits.maxValueLength) {
          this.fail(i, `the value of attribute ${attr} in <${name}> is longer than ${this.limits.maxValueLength} characters`, `at most ${this.limits.maxValueLength} characters`);
        }
        return this.waitForTag(pos, final);
      }
      if (close - i > this.limits.maxValueLength) {
        this.fail(i, `the value of attribute ${attr} in <${name}> is ${close - i - 1} characters long`, `at most ${this.limits.maxValueLength} characters`);
      }
      const value = buf.slice(i + 1, close);
      if (value.indexOf('<') !== -1) this.fail(i, `"<" in the value of attribute ${attr} of <${name}>`, '"&lt;" for a literal "<"');
      if (value.indexOf('&') !== -1) this.decodeEntities(value, i);
      i = close + 1;
    }
    if (i - pos > this.limits.maxTagLength) this.fail(pos, `a tag longer than ${this.limits.maxTagLength} characters`, `a tag of at most ${this.limits.maxTagLength} characters`);
    if (this.names.length === 0) {
      if (this.rootClosed) this.fail(pos, `a second root element <${name}>`, 'one root element');
      this.sawRoot = true;
    }
    this.atDocumentStart = false;
    const line = this.lineAt(pos);
    this.names.push(name);
    this.openLines.push(line);
    this.handler.open(name, line);
    if (selfClosing) {
      this.names.pop();
      this.openLines.pop();
      if (this.names.length === 0) this.rootClosed = true;
      this.handler.close(name, line);
    }
    return i;
  }
}
