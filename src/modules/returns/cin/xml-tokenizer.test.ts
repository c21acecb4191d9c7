import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XmlSyntaxError, XmlTokenizer } from './xml-tokenizer.ts';

/** Every event as text ("<a:1", "t:x:2", ">a:3"), feeding the input in chunks of `size`. */
function events(input: string, size = input.length || 1, wantsSpace = false): string[] {
  const out: string[] = [];
  const tokenizer = new XmlTokenizer({
    open: (name, line) => out.push(`<${name}:${line}`),
    text: (value, line) => out.push(`t:${value}:${line}`),
    close: (name, line) => out.push(`>${name}:${line}`),
    wantsSpace: () => wantsSpace,
  });
  for (let i = 0; i < input.length; i += size) tokenizer.write(input.slice(i, i + size));
  tokenizer.end();
  return out;
}

function syntaxError(input: string): XmlSyntaxError {
  try {
    events(input);
  } catch (error) {
    assert.ok(error instanceof XmlSyntaxError, String(error));
    return error;
  }
  assert.fail('expected a syntax error');
}

describe('XML tokenizer', () => {
  it('reports elements and text with their lines', () => {
    assert.deepEqual(events('<a>\n  <b>x</b>\n  <c/>\n</a>'), ['<a:1', '<b:2', 't:x:2', '>b:2', '<c:3', '>c:3', '>a:4']);
  });

  it('gives the same events whatever the chunk size', () => {
    const input = '<?xml version="1.0"?>\n<a x="1" y=\'2\'>\n<!-- note -->\n<b>one &amp; two</b>\n<c><![CDATA[<raw>]]></c>\n<d/>\n</a>\n';
    const whole = events(input);
    for (const size of [1, 2, 3, 5, 8, 13]) assert.deepEqual(events(input, size), whole, `chunks of ${size}`);
    assert.deepEqual(whole, ['<a:2', '<b:4', 't:one & two:4', '>b:4', '<c:5', 't:<raw>:5', '>c:5', '<d:6', '>d:6', '>a:7']);
  });

  it('decodes the predefined entities and character references', () => {
    assert.deepEqual(events('<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</a>'), ['<a:1', 't:<>&"\'AB:1', '>a:1']);
  });

  it('passes white space between elements only when asked', () => {
    assert.deepEqual(events('<a> <b/> </a>'), ['<a:1', '<b:1', '>b:1', '>a:1']);
    assert.deepEqual(events('<a> </a>', 100, true), ['<a:1', 't: :1', '>a:1']);
  });

  const errors: [string, string, number, RegExp][] = [
    ['an unclosed root', '<a>\n<b></b>\n', 3, /ends inside <a> \(opened at line 1\)/],
    ['a mismatched end tag', '<a>\n</b>', 2, /<\/b> closes <a>/],
    ['an end tag with nothing open', '</a>', 1, /no element open/],
    ['text before the root', 'hello', 1, /not XML/],
    ['an unquoted attribute', '<a x=1/>', 1, /unquoted value/],
    ['a repeated attribute', '<a x="1" x="2"/>', 1, /attribute x twice/],
    ['an attribute with no space before it', '<a x="1"y="2"/>', 1, /right after <a/],
    ['"<" in an attribute value', '<a x="<"/>', 1, /"<" in the value/],
    ['a bad element name', '<1a/>', 1, /where an element name should start/],
    ['a NUL (UTF-16 without a byte-order mark)', '<\u0000a/>', 1, /NUL character/],
    ['an XML declaration later on', '\n<?xml version="1.0"?><a/>', 2, /not at the very start/],
    ['a DOCTYPE', '<!DOCTYPE a><a/>', 1, /DOCTYPE/],
    ['an unclosed comment', '<a><!-- x', 1, /inside a comment/],
    ['an unclosed CDATA section', '<a><![CDATA[ x', 1, /inside a CDATA/],
    ['a character reference to a NUL', '<a>&#0;</a>', 1, /does not allow/],
  ];
  for (const [name, input, line, problem] of errors) {
    it(`refuses ${name}, with its line`, () => {
      const error = syntaxError(input);
      assert.equal(error.line, line);
      assert.match(error.problem, problem);
      assert.ok(error.expected !== undefined && error.expected.length > 0);
    });
  }

  it('refuses a tag longer than the limit without waiting for its end', () => {
    const tokenizer = new XmlTokenizer({ open: () => {}, text: () => {}, close: () => {}, wantsSpace: () => false }, { maxValueLength: 100, maxTagLength: 200 });
    tokenizer.write('<a>');
    assert.throws(() => tokenizer.write(`<b ${'x'.repeat(300)}`), /tag longer than 200 characters/);
  });

  it('lets a long run of white space go as it comes', () => {
    const tokenizer = new XmlTokenizer({ open: () => {}, text: () => {}, close: () => {}, wantsSpace: () => false }, { maxValueLength: 100, maxTagLength: 200 });
    tokenizer.write('<a>');
    for (let i = 0; i < 100; i += 1) tokenizer.write(' '.repeat(1000));
    tokenizer.write('</a>');
    tokenizer.end();
  });
});
