/**
 * Time-ordered ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then random bits, so
 * ids made one after another sort one after another. A bulk load that makes its rows' ids here
 * appends to the right-hand edge of every index on an id (the primary key, and the parent id of
 * each child row) instead of touching a random page per row: on the embedded engine, whose buffer
 * pool is small, that is the difference between an index that stays in memory and one read back
 * from disk page by page. Within one millisecond ids count up from a random start (the method of
 * RFC 9562 section 6.2, a 12-bit counter in rand_a), so they also sort in the order they were made.
 */
import { randomFillSync } from 'node:crypto';

/** Random bytes drawn 4 KB at a time (one system call per 256 ids, not per id). */
const pool = new Uint8Array(4096);
let used = pool.length;
const bytes = new Uint8Array(16);
let lastMs = -1;
let counter = 0;

export function uuid7(now = Date.now()): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  bytes.set(pool.subarray(used, used + 16));
  used += 16;
  if (now > lastMs) {
    lastMs = now;
    counter = (((bytes[6] ?? 0) & 0x07) << 8) | (bytes[7] ?? 0); // start low enough to count up
  } else {
    counter += 1;
    if (counter > 0xfff) {
      // 4,096 ids in one millisecond: borrow the next millisecond.
      lastMs += 1;
      counter = 0;
    }
  }
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | (counter >>> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
