/**
 * Seeded randomness for the demonstration data: the same seed gives the same partnership on every
 * machine. Only integer arithmetic (Math.imul, shifts) and V8's software Math functions are used, so
 * no platform difference can change a draw.
 *
 * The generator is xoshiro128** (Blackman and Vigna, 2018): 128 bits of state, fast, and good
 * enough statistically for a simulation. Each family in the demonstration draws from its own stream,
 * seeded by hashing (seed, kind of family, family number), so families are independent of each
 * other and of the order in which they are generated.
 */

/** Mixes 32-bit words into one 32-bit hash (the MurmurHash3 finaliser over a running state). */
export function hashWords(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    let k = Math.imul(word | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string (its UTF-16 code units), for seeding from names. */
export function hashString(text: string): number {
  const words: number[] = [];
  for (let i = 0; i < text.length; i += 1) words.push(text.charCodeAt(i));
  return hashWords(...words);
}

/** A table of weighted choices, prepared once so that each draw is a short scan. */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = [];
    this.cumulative = [];
    let total = 0;
    for (const [item, weight] of entries) {
      if (!(weight >= 0)) throw new RangeError(`A weight must be zero or more: ${weight}`);
      if (weight === 0) continue;
      total += weight;
      this.items.push(item);
      this.cumulative.push(total);
    }
    if (total === 0) throw new RangeError('A weighted table needs at least one positive weight');
    this.total = total;
  }

  /** One item, with probability proportional to its weight. */
  pick(random: Random): T {
    const target = random.float() * this.total;
    const cumulative = this.cumulative;
    for (let i = 0; i < cumulative.length; i += 1) {
      if (target < (cumulative[i] as number)) return this.items[i] as T;
    }
    return this.items[this.items.length - 1] as T;
  }
}

/** xoshiro128**: a seeded stream of 32-bit numbers, and the draws the simulation needs. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Seeds the 128-bit state from one 32-bit number with SplitMix32, so no seed gives an all-zero state. */
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32-bit unsigned number. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A number in [0, 1) with 32 bits of precision. */
  float(): number {
    return this.next() / 4294967296;
  }

  /** A whole number from `low` to `high`, both included. */
  int(low: number, high: number): number {
    return low + Math.floor(this.float() * (high - low + 1));
  }

  /** A number in [low, high). */
  between(low: number, high: number): number {
    return low + this.float() * (high - low);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element, each equally likely. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw with the given median and spread (sigma of the logarithm). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A Poisson draw (Knuth's method; the simulation only asks for small means). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k += 1;
      p *= this.float();
    }
    return k;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(word: number): string {
  return (HEX[(word >>> 24) & 255] as string) + HEX[(word >>> 16) & 255] + HEX[(word >>> 8) & 255] + HEX[word & 255];
}

/** The first 48 bits of the first identifier: a UUIDv7 timestamp in January 2024. */
const SEQUENCE_BASE = 0x018c_c251_f400;

/**
 * The `n`-th identifier of a run, shaped as a version 7 UUID: 48 bits that grow with `n` (where a
 * UUIDv7 has its timestamp) and 74 bits hashed from (seed, n). Identifiers made in order sort in
 * order, so each batch appends to the right-hand end of every primary-key index instead of
 * touching pages all over it: the difference between minutes and tens of minutes at scale 20 on
 * the embedded engine. Distinct `n` give distinct identifiers.
 */
export function sequentialUuid(seedWord: number, n: number): string {
  const stamp = SEQUENCE_BASE + n;
  const high = Math.floor(stamp / 0x10000);
  const low = stamp % 0x10000;
  const a = hashWords(seedWord, n, 1);
  const b = hashWords(seedWord, n, 2);
  const c = hashWords(seedWord, n, 3);
  const variant = (8 + ((b >>> 28) & 3)).toString(16);
  return `${hex32(high)}-${hex32(low).slice(4)}-7${hex32(a).slice(5)}-${variant}${hex32(b).slice(5)}-${hex32(c)}${hex32(a ^ b).slice(0, 4)}`;
}
