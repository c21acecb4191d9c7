import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CIN_RULES_2025_26, CIN_RULES_BY_CODE } from './index.ts';

/**
 * The DfE rule list for 2025-26 (a copy of shared/reference/cin-validation-rules-2025-26.tsv):
 * code, last_changed_in, module/tables, type, message, affected_fields.
 */
function ruleList(): { code: string; lastChangedIn: string; module: string; type: string; message: string; fields: string[] }[] {
  const [, ...rows] = readFileSync(new URL('./rules-2025-26.tsv', import.meta.url), 'utf8').trim().split('\n');
  return rows.map((row) => {
    const [code = '', lastChangedIn = '', module = '', type = '', message = '', fields = ''] = row.split('\t');
    return { code, lastChangedIn, module, type, message, fields: [...fields.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '') };
  });
}

describe('CIN rules: the 2025-26 rule list', () => {
  const list = ruleList();

  it('has all 109 rules, each once', () => {
    assert.equal(list.length, 109);
    assert.equal(CIN_RULES_2025_26.length, 109);
    assert.equal(CIN_RULES_BY_CODE.size, 109);
  });

  for (const entry of list) {
    it(`${entry.code}: message, fields, type, module and year as listed`, () => {
      const rule = CIN_RULES_BY_CODE.get(entry.code);
      assert.ok(rule, `rule ${entry.code} is not implemented`);
      assert.equal(rule.message, entry.message);
      assert.deepEqual(rule.fields, entry.fields);
      assert.equal(rule.type, entry.type === 'RuleType.QUERY' ? 'query' : 'error');
      assert.equal(rule.module, entry.module);
      assert.equal(rule.lastChangedIn, entry.lastChangedIn);
    });
  }
});
