/**
 * The rule set is the rule list: every rule of rules-2025-26.tsv (code, message, affected fields,
 * tables, type) has exactly one implementation, and every rule has a test case in rules/*.test.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CATALOGUE_2025_26 } from './catalogue.ts';
import { buildRuleSet, RULES_2025_26, rulesFor } from './index.ts';

const here = new URL('.', import.meta.url);

/** The TSV as published: code, last_changed_in, module/tables, type, message, affected_fields. */
function readRuleList(): { code: string; lastChangedIn: string; tables: string[]; type: string; message: string; fields: string[] }[] {
  const text = readFileSync(new URL('../rules-2025-26.tsv', here), 'utf8');
  const pythonList = (value: string): string[] => [...value.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => (m[1] ?? '').replace(/\\'/g, "'"));
  return text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [code = '', lastChangedIn = '', tables = '', type = '', message = '', fields = ''] = line.split('\t');
      return { code, lastChangedIn, tables: pythonList(tables), type: type === 'query' ? 'query' : 'error', message, fields: pythonList(fields) };
    });
}

test('the catalogue holds the 315 rules of the 2025-26 list exactly', () => {
  const list = readRuleList();
  assert.equal(list.length, 315);
  assert.deepEqual(
    CATALOGUE_2025_26.map((r) => ({ code: r.code, lastChangedIn: r.lastChangedIn, tables: [...r.tables], type: r.type, message: r.message, fields: [...r.fields] })),
    list,
  );
});

test('every listed rule has exactly one implementation, and every implementation is listed', () => {
  assert.equal(rulesFor('2025-26').length, 315);
  assert.equal(RULES_2025_26.length, 315);
  assert.throws(() => buildRuleSet(CATALOGUE_2025_26, RULES_2025_26.slice(1)), /not implemented \[101\]/);
  assert.throws(() => buildRuleSet(CATALOGUE_2025_26, [...RULES_2025_26, RULES_2025_26[0] as (typeof RULES_2025_26)[number]]), /implemented twice \[101\]/);
  assert.throws(() => rulesFor('2019-20'), /No SSDA903 rule set for 2019-20/);
});

test('every rule has a test case', () => {
  const tested = new Set<string>();
  for (const file of readdirSync(here).filter((name) => name.endsWith('.test.ts'))) {
    const source = readFileSync(new URL(file, here), 'utf8');
    for (const match of source.matchAll(/\bt\(\s*'([^']+)'|\.\.\.t\(\s*'([^']+)'|placements (411)/g)) tested.add(match[1] ?? match[2] ?? match[3] ?? '');
  }
  const untested = CATALOGUE_2025_26.map((rule) => rule.code).filter((code) => !tested.has(code));
  assert.deepEqual(untested, []);
});
