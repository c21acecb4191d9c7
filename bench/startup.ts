/**
 * Start-up to serving on the embedded database: spawns `haven serve --demo` on a data directory,
 * polls /health, and prints the time from spawn to the first healthy answer. The first start
 * (initdb, migrations, demonstration data) is reported apart from later starts, which are what
 * "under 3 s once installed" measures.  Run: npx tsx bench/startup.ts [runs]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

const runs = Number(process.argv[2] ?? 5);
const bin = new URL('../bin/haven.js', import.meta.url).pathname;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-start-'));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function timeStart(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, HAVEN_DATA: dataDir, HAVEN_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [bin, 'serve', '--demo', '--port', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`haven serve exited with code ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error('Haven did not start within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const first = await timeStart();
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await timeStart());
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(`first start (initdb + migrations + demonstration data): ${(first / 1000).toFixed(2)} s`);
console.log(`later starts, ${runs} runs: median ${(median / 1000).toFixed(2)} s, best ${(times[0]! / 1000).toFixed(2)} s, worst ${(times.at(-1)! / 1000).toFixed(2)} s`);
console.log(`target: under 3 s once installed -> ${median < 3000 ? 'met' : 'NOT met'}`);
fs.rmSync(dataDir, { recursive: true, force: true });
