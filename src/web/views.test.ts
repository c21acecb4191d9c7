/** The header's navigation marks exactly one item as the page you are on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeHref } from './views.ts';

test('the deepest matching section is current, and only that one', () => {
  assert.equal(activeHref('/front-door/huddle'), '/front-door/huddle', 'the huddle, not also the front door');
  assert.equal(activeHref('/front-door/contacts/:id'), '/front-door', 'a contact belongs to the front door');
  assert.equal(activeHref('/front-door/research/:id'), '/front-door/research');
  assert.equal(activeHref('/children/:id/chronology'), '/children');
  assert.equal(activeHref('/'), '/');
  assert.equal(activeHref('/sign-in'), undefined);
  assert.equal(activeHref('/childrens-services'), undefined, 'a shared prefix is not a section');
});
