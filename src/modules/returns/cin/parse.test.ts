import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CinChild } from './model.ts';
import { CinCensusParser, CinParseError, openCinCensus, parseCinCensus, readCinCensus } from './parse.ts';
import { buildChild, buildCinPlan, buildHeader, buildProtectionPlan, buildSection47, episodeOf } from './test-factories.ts';
import { cinCensusXml } from './write.ts';

/** A small census with one of everything the schema has. */
function sampleCensus(children = 3): string {
  const list: CinChild[] = [];
  for (let i = 1; i <= children; i += 1) {
    const child = buildChild(`C${i}`);
    const episode = episodeOf(child);
    episode.section47.push(buildSection47());
    episode.childProtectionPlans.push(buildProtectionPlan({ reviews: { cppReviewDates: ['2025-09-01', '2025-11-03'] } }));
    episode.cinPlanDates.push(buildCinPlan({ cinPlanStartDate: '2025-12-01', cinPlanEndDate: undefined }));
    child.characteristics.disabilities = ['MOB', 'AUT'];
    list.push(child);
  }
  return cinCensusXml(buildHeader(), list);
}

/** The error a parse of `text` throws (failing the test if it does not). */
function parseError(text: string | Uint8Array, fileName = 'census.xml'): CinParseError {
  try {
    parseCinCensus(text, { fileName });
  } catch (error) {
    assert.ok(error instanceof CinParseError, `expected a CinParseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the parse to fail');
}

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

function withoutLines(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'line' ? undefined : v)));
}

describe('CIN census parser: reading', () => {
  it('reads the header and every child, with the line of each element', () => {
    const text = sampleCensus(2);
    const census = parseCinCensus(text);
    assert.equal(census.header.referenceDate, '2026-03-31');
    assert.equal(census.header.year, '2026');
    assert.equal(census.children.length, 2);
    const [first] = census.children;
    assert.ok(first);
    assert.equal(first.identifiers.laChildId, 'C1');
    assert.deepEqual(first.characteristics.disabilities, ['MOB', 'AUT']);
    const episode = episodeOf(first);
    assert.equal(episode.cinReferralDate, '2025-05-01');
    assert.deepEqual(episode.childProtectionPlans[0]?.reviews?.cppReviewDates, ['2025-09-01', '2025-11-03']);
    assert.equal(episode.section47[0]?.dateOfInitialCpc, '2025-06-02');
    assert.equal(first.line, lineOf(text, '<Child>'));
    assert.equal(episode.line, lineOf(text, '<CINdetails>'));
    assert.equal(census.warnings.length, 0);
  });

  it('gives back what the writer wrote', () => {
    const children = [buildChild('A'), buildChild('B')];
    episodeOf(children[1] as CinChild).childProtectionPlans.push(buildProtectionPlan());
    const census = parseCinCensus(cinCensusXml(buildHeader(), children));
    assert.deepEqual(withoutLines(census.children), withoutLines(children));
  });

  it('reads both <GenderCurrent> (before 2024-25) and <Sex>', () => {
    const text = sampleCensus(1).replace('<Sex>F</Sex>', '<GenderCurrent>2</GenderCurrent>');
    const child = parseCinCensus(text).children[0];
    assert.equal(child?.identifiers.genderCurrent, '2');
    assert.equal(child?.identifiers.sex, undefined);
  });

  it('keeps values as written, decodes entities and CDATA, and reads an empty element as absent', () => {
    const text = sampleCensus(1)
      .replace('<LAchildID>C1</LAchildID>', '<LAchildID>C&amp;1</LAchildID>')
      .replace('<Ethnicity>WBRI</Ethnicity>', '<Ethnicity><![CDATA[WBRI ]]></Ethnicity>')
      .replace(/<UPN>\w+<\/UPN>/, '<UPN/>');
    const child = parseCinCensus(text).children[0];
    assert.equal(child?.identifiers.laChildId, 'C&1');
    assert.equal(child?.characteristics.ethnicity, 'WBRI ');
    assert.equal(child?.identifiers.upn, undefined);
  });

  it('reads a date not written YYYY-MM-DD, or out of any plausible range, as missing, and warns', () => {
    const text = sampleCensus(1).replace('<CINreferralDate>2025-05-01', '<CINreferralDate>01/05/2025').replace('<PersonBirthDate>2015-05-01', '<PersonBirthDate>1066-05-01');
    const census = parseCinCensus(text);
    assert.equal(episodeOf(census.children[0] as CinChild).cinReferralDate, undefined);
    assert.equal(census.children[0]?.identifiers.personBirthDate, undefined);
    assert.deepEqual(
      census.warnings.map((w) => [w.element, w.value, w.line]),
      [
        ['PersonBirthDate', '1066-05-01', lineOf(text, '<PersonBirthDate>')],
        ['CINreferralDate', '01/05/2025', lineOf(text, '<CINreferralDate>')],
      ],
    );
  });

  it('accepts a date with white space around it', () => {
    const text = sampleCensus(1).replace('<CINreferralDate>2025-05-01', '<CINreferralDate> 2025-05-01 ');
    assert.equal(episodeOf(parseCinCensus(text).children[0] as CinChild).cinReferralDate, '2025-05-01');
  });

  it('warns about stray text between elements and reads on', () => {
    const text = sampleCensus(1).replace('<UPN>', 'PersonBirthDate\n<UPN>');
    const census = parseCinCensus(text);
    assert.equal(census.children.length, 1);
    assert.equal(census.warnings[0]?.element, 'ChildIdentifiers');
    assert.match(census.warnings[0]?.message ?? '', /"PersonBirthDate"/);
  });

  it('accepts an XML declaration, a UTF-8 byte-order mark, comments and attributes on <Message>', () => {
    const text = sampleCensus(1).replace('<Message>', '<!-- made by Haven --><Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    assert.equal(parseCinCensus(bytes).children.length, 1);
  });

  it('reads the same whatever the chunks the bytes arrive in (a byte-order mark too)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(sampleCensus(3).replace('C2', 'Cé2'))]);
    const whole = parseCinCensus(bytes);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const children: CinChild[] = [];
      const parser = new CinCensusParser('census.xml', { header: () => {}, child: (c) => children.push(c) });
      for (let i = 0; i < bytes.length; i += size) parser.write(bytes.subarray(i, i + size));
      parser.end();
      assert.deepEqual(children, whole.children, `chunks of ${size} bytes`);
    }
  });
});

describe('CIN census parser: refusing what is not a CIN census', () => {
  const text = sampleCensus(3);

  const cases: { name: string; input: string | Uint8Array; line: number; problem: RegExp; element?: string; expected?: RegExp }[] = [
    { name: 'an empty file', input: '', line: 1, problem: /empty/ },
    { name: 'white space only', input: '\n\n  \n', line: 4, problem: /no XML element/ },
    { name: 'a CSV file', input: 'LAchildID,UPN\nC1,A123\n', line: 1, problem: /not XML/, expected: /XML document/ },
    { name: 'a PNG image', input: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), line: 1, problem: /UTF-8/ },
    { name: 'a ZIP archive (a spreadsheet)', input: new Uint8Array([0x50, 0x4b, 3, 4, 20, 0]), line: 1, problem: /ZIP/ },
    { name: 'UTF-16', input: new Uint8Array([0xff, 0xfe, 0x3c, 0, 0x4d, 0]), line: 1, problem: /UTF-16/ },
    { name: 'another root element', input: '<html><body/></html>', line: 1, problem: /root element is <html>/, expected: /<Message>/ },
    { name: 'another collection', input: text.replace('<Collection>CIN', '<Collection>SSDA903'), line: lineOf(text, '<Collection>'), problem: /not a CIN census/, element: 'Collection' },
    {
      name: 'an unknown element',
      input: text.replace('<Ethnicity>', '<Religion>None</Religion><Ethnicity>'),
      line: lineOf(text, '<Ethnicity>'),
      problem: /unknown element <Religion>/,
      element: 'ChildCharacteristics',
      expected: /Ethnicity, Disabilities/,
    },
    {
      name: 'an element inside a value',
      input: text.replace(/<UPN>(\w+)<\/UPN>/, '<UPN><b>$1</b></UPN>'),
      line: lineOf(text, '<UPN>'),
      problem: /<b> inside <UPN>, which holds a value/,
    },
    { name: 'a value given twice', input: text.replace('<UPN>', '<UPN>X</UPN><UPN>'), line: lineOf(text, '<UPN>'), problem: /second <UPN>/, element: 'ChildIdentifiers' },
    {
      name: 'children before the header',
      input: '<Message><Children></Children><Header/></Message>',
      line: 1,
      problem: /<Children> before <Header>/,
    },
    { name: 'no header', input: '<Message></Message>', line: 1, problem: /no <Header>/ },
    { name: 'a file cut short', input: text.slice(0, text.indexOf('<Section47>') + 30), line: lineOf(text, '<Section47>') + 1, problem: /truncated/ },
    { name: 'a file cut inside a tag', input: text.slice(0, text.indexOf('<Section47>') + 4), line: lineOf(text, '<Section47>'), problem: /truncated/ },
    {
      name: 'a mismatched end tag',
      input: text.replace('</UPN>', '</UPNX>'),
      line: lineOf(text, '</UPN>'),
      problem: /<\/UPNX> closes <UPN>/,
    },
    { name: 'an unknown entity', input: text.replace('>C1<', '>C&nbsp;1<'), line: lineOf(text, '>C1<'), problem: /unknown entity &nbsp;/ },
    { name: 'a bare ampersand', input: text.replace('>C1<', '>C & 1<'), line: lineOf(text, '>C1<'), problem: /"&" not starting an entity/ },
    { name: 'a DOCTYPE', input: `<!DOCTYPE x [<!ENTITY a "b">]>${text}`, line: 1, problem: /DOCTYPE/ },
    { name: 'another encoding declared', input: `<?xml version="1.0" encoding="ISO-8859-1"?>${text}`, line: 1, problem: /encoding="ISO-8859-1"/, expected: /UTF-8/ },
    {
      name: 'a Latin-1 byte',
      input: new Uint8Array([...new TextEncoder().encode(text.slice(0, text.indexOf('C2') + 1)), 0xe9, ...new TextEncoder().encode(text.slice(text.indexOf('C2') + 1))]),
      line: lineOf(text, 'C2'),
      problem: /byte 0xE9 is not valid UTF-8/,
      element: 'LAchildID',
    },
    { name: 'a control character', input: text.replace('>C1<', '>C\u00011<'), line: lineOf(text, '>C1<'), problem: /control character U\+0001/ },
    { name: 'a second root element', input: `${text}<Message/>`, line: text.split('\n').length, problem: /second root/ },
    { name: 'text after the root element', input: `${text}trailing`, line: text.split('\n').length, problem: /after the end of the root/ },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}, saying where and what was expected`, () => {
      const error = parseError(c.input);
      assert.equal(error.file, 'census.xml');
      assert.equal(error.line, c.line, error.message);
      assert.match(error.problem, c.problem);
      if (c.element !== undefined) assert.equal(error.element, c.element);
      if (c.expected !== undefined) assert.match(error.expected, c.expected);
      assert.ok(error.message.startsWith(`census.xml:${c.line}: `), error.message);
      assert.equal(error.code, 'CIN_PARSE');
    });
  }

  it('refuses a 1 MB attribute value at once, naming the element', () => {
    const started = performance.now();
    const error = parseError(text.replace('<Message>', `<Message note="${'x'.repeat(1 << 20)}">`));
    assert.match(error.problem, /attribute note in <Message> is \d+ characters long/);
    assert.equal(error.line, lineOf(text, '<Message>'));
    assert.ok(performance.now() - started < 2000);
  });

  it('refuses a 1 MB value, naming the element', () => {
    const error = parseError(text.replace('<LAchildID>C1</LAchildID>', `<LAchildID>${'9'.repeat(1 << 20)}</LAchildID>`));
    assert.equal(error.element, 'LAchildID');
    assert.match(error.problem, /value of 1048576 characters/);
    assert.equal(error.line, lineOf(text, '<LAchildID>C1'));
  });

  it('refuses a huge value while streaming without holding it (chunks of 64 KiB)', () => {
    const parser = new CinCensusParser('census.xml', { header: () => {}, child: () => {} });
    parser.write(new TextEncoder().encode(text.slice(0, text.indexOf('<LAchildID>C1') + 11)));
    const chunk = new TextEncoder().encode('9'.repeat(1 << 16));
    assert.throws(() => {
      for (let i = 0; i < 64; i += 1) parser.write(chunk);
    }, /value of \d+ characters/);
  });
});

describe('CIN census parser: mangled input never crashes or hangs', () => {
  const original = new TextEncoder().encode(sampleCensus(4));
  const lines = new TextDecoder().decode(original).split('\n').length;
  // A fixed linear congruential generator, so each run mangles the same way.
  let seed = 20260331;
  const random = (below: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % below;
  };
  const mutations: [string, (bytes: Uint8Array) => Uint8Array][] = [
    ['truncated', (b) => b.slice(0, random(b.length))],
    ['a byte changed', (b) => ((b = b.slice()), (b[random(b.length)] = random(256)), b)],
    ['a run deleted', (b) => ((i) => new Uint8Array([...b.slice(0, i), ...b.slice(i + 1 + random(40))]))(random(b.length))],
    ['a run repeated', (b) => ((i) => new Uint8Array([...b.slice(0, i + 20), ...b.slice(i)]))(random(b.length))],
    ['markup inserted', (b) => ((i) => new Uint8Array([...b.slice(0, i), ...new TextEncoder().encode(['<', '</x>', '<x>', '&', ']]>', '<!--', '<?', '"'][random(8)] ?? ''), ...b.slice(i)]))(random(b.length))],
  ];

  for (const [name, mutate] of mutations) {
    it(`${name}: 200 variants either parse or fail with a located CinParseError`, () => {
      for (let n = 0; n < 200; n += 1) {
        const bytes = mutate(original);
        try {
          parseCinCensus(bytes, { fileName: 'mangled.xml' });
        } catch (error) {
          assert.ok(error instanceof CinParseError, `${name} #${n}: ${String(error)}`);
          assert.ok(error.line >= 1 && error.line <= lines + 1, `${name} #${n}: line ${error.line}`);
          assert.ok(error.message.startsWith(`mangled.xml:${error.line}: `));
        }
      }
    });
  }
});

describe('CIN census parser: files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haven-cin-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a file: the header first, then the children one at a time', async () => {
    const path = join(dir, 'census.xml');
    writeFileSync(path, sampleCensus(5));
    const census = await openCinCensus(path);
    assert.equal(census.header.referenceDate, '2026-03-31');
    const ids: (string | undefined)[] = [];
    for await (const child of census.children) ids.push(child.identifiers.laChildId);
    assert.deepEqual(ids, ['C1', 'C2', 'C3', 'C4', 'C5']);
  });

  it('hands children to a callback with readCinCensus', async () => {
    const path = join(dir, 'callback.xml');
    writeFileSync(path, sampleCensus(2));
    let count = 0;
    await readCinCensus(path, { header: () => {}, child: () => void (count += 1) });
    assert.equal(count, 2);
  });

  it('fails from the iterator where a file goes wrong after its header', async () => {
    const path = join(dir, 'truncated.xml');
    const text = sampleCensus(3);
    writeFileSync(path, text.slice(0, text.lastIndexOf('<Child>') + 10));
    const census = await openCinCensus(path);
    await assert.rejects(async () => {
      for await (const child of census.children) void child;
    }, /truncated\.xml:\d+: the file ends inside/);
  });

  it('says when a file cannot be read', async () => {
    await assert.rejects(openCinCensus(join(dir, 'missing.xml')), (error: unknown) => error instanceof CinParseError && /ENOENT/.test(error.message));
  });
});
