import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uuid7 } from './uuid7.ts';

test('ids are version 7 UUIDs that sort in the order they were made, within a millisecond and across', () => {
  const ids = [uuid7(1_700_000_000_000), uuid7(1_700_000_000_000), ...Array.from({ length: 5000 }, () => uuid7()), uuid7(Date.now() + 5)];
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16), 1_700_000_000_000, 'the first 48 bits are the time in milliseconds');
});
