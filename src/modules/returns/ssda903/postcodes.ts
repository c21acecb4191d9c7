/**
 * Placement location facts derived from postcodes: the local authority of the placement (PL_LA),
 * whether it is inside the responsible authority (PL_LOCATION) and the distance in miles from home
 * to placement (PL_DISTANCE). The SSDA903 XML carries these; the CSV return does not, so the
 * validators derive them from the ONS Postcode Directory as the DfE guidance says.
 *
 * The lookup file (path in HAVEN_POSTCODES_FILE) is sorted, fixed-width text, one postcode a line:
 *
 *     PPPPPPP EEEEEEE NNNNNNN LLLLLLLLL\n      (34 bytes a line)
 *
 * postcode without spaces, upper case, padded to 7; OS grid easting and northing in metres (blank
 * when the ONS has none); the local authority district's GSS code. Because lines are fixed width
 * and sorted, a postcode is found by binary search with a few small reads, so the whole UK file
 * (about 2.7 million postcodes) costs nothing to "load", and Haven can ship a small regional file in
 * the same format. `bench/ssda903-postcodes.ts` builds one from the open validators' postcode data.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { EpisodeRow } from './model.ts';

export const POSTCODE_LINE_LENGTH = 34;

/** Where a postcode is: OS grid coordinates in metres (null when unknown) and its LA district. */
export type PostcodePlace = { easting: number | null; northing: number | null; laua: string };

/** The postcodes a return uses, found in a lookup file. */
export type PostcodeLookup = ReadonlyMap<string, PostcodePlace>;

/** A postcode as the lookup keys it: upper case with spaces removed. */
export function postcodeKey(postcode: string): string {
  return postcode.toUpperCase().replaceAll(' ', '');
}

/** One line of a lookup file for `postcode` (already a key). */
export function postcodeLine(postcode: string, place: PostcodePlace): string {
  const number = (value: number | null): string => (value === null ? '' : String(Math.round(value))).padStart(7, ' ');
  return `${postcode.padEnd(7, ' ')} ${number(place.easting)} ${number(place.northing)} ${place.laua.padEnd(9, ' ')}\n`;
}

/**
 * Finds `postcodes` (keys, as {@link postcodeKey} makes them) in the lookup file at `path`.
 * Postcodes not in the file are left out of the result.
 * @throws Error when the file is not a lookup file of this format.
 */
export function loadPostcodeLookup(path: string, postcodes: Iterable<string>): PostcodeLookup {
  const found = new Map<string, PostcodePlace>();
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size % POSTCODE_LINE_LENGTH !== 0) {
      throw new Error(`${path} is not a Haven postcode lookup: its size is not a multiple of ${POSTCODE_LINE_LENGTH} bytes`);
    }
    const count = size / POSTCODE_LINE_LENGTH;
    const buffer = Buffer.alloc(POSTCODE_LINE_LENGTH);
    const keyAt = (index: number): string => {
      readSync(fd, buffer, 0, POSTCODE_LINE_LENGTH, index * POSTCODE_LINE_LENGTH);
      return buffer.toString('latin1', 0, 7).trimEnd();
    };
    for (const postcode of new Set(postcodes)) {
      if (postcode.length === 0 || postcode.length > 7) continue;
      let low = 0;
      let high = count - 1;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const key = keyAt(mid);
        if (key === postcode) {
          found.set(postcode, parseLine(buffer.toString('latin1')));
          break;
        }
        if (key < postcode) low = mid + 1;
        else high = mid - 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return found;
}

function parseLine(line: string): PostcodePlace {
  const number = (text: string): number | null => (text.trim() === '' ? null : Number(text));
  return { easting: number(line.slice(8, 15)), northing: number(line.slice(16, 23)), laua: line.slice(24, 33).trim() };
}

/** The derived placement items of an episode (null where they cannot be derived). */
export type Placement = {
  /** PL_LA: the placement's local authority, or 'SCO', 'WAL', 'NIR' for the other nations. */
  la: string | null;
  /** PL_LOCATION: 'IN' the responsible authority's area or 'OUT' of it. */
  location: 'IN' | 'OUT' | null;
  /** PL_DISTANCE: miles from home to placement, to one decimal place. */
  distance: number | null;
};

/**
 * PL_LA, PL_LOCATION and PL_DISTANCE of an episode as the DfE guidance (and the open validators)
 * derive them. The placement LA is the district of the placement postcode: Haven holds no mapping
 * of districts to upper-tier authorities yet, so in two-tier areas it is the district, not the
 * county (the open validators' driver makes the same approximation).
 */
export function derivePlacement(
  episode: EpisodeRow,
  lookup: PostcodeLookup,
  laGss: string | undefined,
  find: (postcode: string | null) => PostcodePlace | undefined = (postcode) => (postcode === null ? undefined : lookup.get(postcodeKey(postcode))),
): Placement {
  const home = find(episode.HOME_POST);
  const placed = find(episode.PL_POST);
  const district = placed && placed.laua !== '' ? placed.laua : null;
  let la: string | null = district;
  let location: Placement['location'] = district === null ? null : district === laGss ? 'IN' : 'OUT';
  if (district !== null) {
    const nation = NATIONS[district.charAt(0).toUpperCase()];
    if (nation) {
      la = nation;
      location = 'OUT';
    }
  }
  let distance: number | null = null;
  if (home && placed && home.easting !== null && home.northing !== null && placed.easting !== null && placed.northing !== null) {
    // The guidance's formula: straight-line metres to miles.
    const metres = Math.hypot(home.easting - placed.easting, home.northing - placed.northing);
    distance = roundHalfEven(metres / 1000 / 1.6093, 1);
  }
  return { la, location, distance };
}

/** Districts of the other UK nations (by the first letter of their GSS code) are placements in that nation. */
const NATIONS: Readonly<Record<string, string>> = { S: 'SCO', N: 'NIR', W: 'WAL' };

function roundHalfEven(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let rounded = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  if (Object.is(rounded, -0)) rounded = 0;
  return rounded / factor;
}
