#!/usr/bin/env node
// The `haven` command: registers tsx so Node runs Haven's TypeScript as it is, then hands over.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Imports: V8 lets garbage grow the heap to several hundred MB before collecting it, which with the
// database thread took an import past 500 MB. They run with a bounded heap (a limit can only be set
// when Node starts, hence the second process) and a small young generation (4 MB semi-spaces, not
// 16: about 50 MB less at its peak for some 5% more time collecting). A census import streams, so
// 256 MB is plenty; an SSDA903 return is held whole to be validated (about 12 bytes of heap per
// byte of CSV), so its bound grows with the return: 15 times its size, 192 MB at least.
// HAVEN_IMPORT_HEAP_MB sets it.
// Should a return need more, the import stops before committing anything (it is one transaction)
// and runs again with twice the heap, saying so.
/** The heap an import needs, in MB, or null for other commands. */
function importHeapMb() {
  if (process.argv[2] !== 'import') return null;
  if (process.env.HAVEN_IMPORT_HEAP_MB) return Number(process.env.HAVEN_IMPORT_HEAP_MB);
  if (process.argv[3] === 'cin-census') return 256;
  if (process.argv[3] !== 'ssda903') return null;
  const source = process.argv.slice(4).find((a) => !a.startsWith('-'));
  if (source === undefined) return null;
  let bytes = 0;
  try {
    const info = fs.statSync(source);
    if (info.isFile()) bytes = info.size;
    else for (const name of fs.readdirSync(source)) bytes += fs.statSync(path.join(source, name)).size;
    // A return above 20 MB is imported in parts by child (ssda903/partition.ts), each held whole.
    bytes = Math.min(bytes, 20e6);
  } catch {
    return null; // the import itself says what is wrong with the source
  }
  return Math.max(192, Math.ceil((15 * bytes) / 1e6));
}
const heapMb = importHeapMb();
if (heapMb !== null && ![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('max-old-space-size'))) {
  for (let heap = heapMb, attempt = 1; ; heap *= 2, attempt += 1) {
    const child = spawnSync(process.execPath, [`--max-old-space-size=${heap}`, '--max-semi-space-size=4', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
    // V8 aborts when the heap limit is reached.
    const outOfHeap = child.signal === 'SIGABRT' || child.status === 134;
    if (outOfHeap && attempt < 3) {
      process.stderr.write(`haven: the import ran out of its ${heap} MB heap and stopped; running it again with ${heap * 2} MB (an import is all or nothing, and the same file twice changes nothing)\n`);
      continue;
    }
    if (child.signal) process.kill(process.pid, child.signal);
    process.exit(child.status ?? 1);
  }
}

// `haven serve` on the embedded database spends most of its start booting PostgreSQL. Start that
// thread now, before the TypeScript loader and the web application load, so the two overlap; the
// database module takes this thread when it opens the same directory. (A first start, with no
// data directory yet, takes the ordinary path: it creates the directory first.)
if (process.argv[2] === 'serve' && !process.env.DATABASE_URL) {
  const dataDir = path.resolve(process.env.HAVEN_DATA || './data');
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const { startPgliteWorker } = await import('../src/core/db/pglite-start.mjs');
    startPgliteWorker(dataDir, Number(process.env.HAVEN_PGLITE_SHARED_BUFFERS_MB || 32));
  }
}

// `haven validate` runs as one prebuilt JavaScript file: under the TypeScript loader, starting Node,
// the loader and its modules took three times as long as checking a council's SSDA903 return. The
// file is built with esbuild (the loader's own compiler) from src/cli/validate-main.ts into
// node_modules/.cache/haven the first time, and again whenever one of its sources is newer than
// it; should that fail, the command runs through the loader as every other command does.
if (process.argv[2] === 'validate') {
  const entry = await validateEntry();
  if (entry) {
    const { main } = await import(entry);
    await main(process.argv);
    process.exit(process.exitCode ?? 0);
  }
}

/** The prebuilt validate command, built or rebuilt if need be; null when it cannot be built. */
async function validateEntry() {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const dir = path.join(root, 'node_modules', '.cache', 'haven');
  const out = path.join(dir, 'validate.mjs');
  const inputsFile = path.join(dir, 'validate.inputs.json');
  try {
    const built = fs.statSync(out).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
    if (inputs.every((file) => fs.statSync(path.join(root, file)).mtimeMs <= built)) return out;
  } catch {
    // Not built yet, or a source is gone: build.
  }
  try {
    const esbuild = await import('esbuild');
    fs.mkdirSync(dir, { recursive: true });
    const temp = `${out}.${process.pid}.tmp`;
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['src/cli/validate-main.ts'],
      outfile: temp,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
    });
    fs.writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
    fs.renameSync(temp, out);
    return out;
  } catch {
    return null;
  }
}

const { register } = await import('tsx/esm/api');
register();
// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
