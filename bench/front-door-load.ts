/**
 * Load on the front door's contact API, and durability through a crash.
 *
 *   npx tsx bench/front-door-load.ts [--rate 200] [--seconds 60] [--connections 20]
 *
 * 1. Makes a fresh embedded database (a temporary HAVEN_DATA) with a partnership, the police and an
 *    API client for them, then starts a real Haven server process on it (`node bin/haven.js serve`).
 * 2. Drives POST /api/v1/front-door/contacts with autocannon at --rate contacts a second for
 *    --seconds, each with its own Idempotency-Key, and prints throughput, latency (p50, p99, max),
 *    errors and non-2xx answers.
 * 3. Drives it again and kills the server with SIGKILL mid-load, restarts it, checks it serves,
 *    stops it, and counts: every contact the server acknowledged (2xx) must be in the database.
 *
 * Targets (the front-door issue): 200 contacts/s sustained, p99 < 100 ms, no errors, no
 * acknowledged contact lost. Exits 1 when a target is missed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from '../src/core/db/kysely.ts';
import { openDatabase } from '../src/core/db/index.ts';
import { migrateToLatest } from '../src/migrations/index.ts';
import { createApiClient } from '../src/modules/front-door/index.ts';

const { values: args } = parseArgs({
  options: { rate: { type: 'string', default: '200' }, seconds: { type: 'string', default: '60' }, connections: { type: 'string', default: '20' }, keep: { type: 'boolean', default: false } },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const LA = '309';
const root = path.resolve(new URL('..', import.meta.url).pathname);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startServer(dataDir: string, port: number): { child: ChildProcess; ready: Promise<number> } {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/haven.js', 'serve', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, HAVEN_DATA: dataDir, HAVEN_LA_CODE: LA, HAVEN_LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const ready = (async () => {
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`Haven exited with ${child.exitCode}:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) return Math.round(performance.now() - started);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Haven did not become healthy:\n${output}`);
  })();
  return { child, ready };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

const notification = (n: number): string => JSON.stringify({
  agencyReference: `LOAD-${n}`,
  referrer: { name: 'PC Load', email: 'load@police.test' },
  child: { firstName: `Child${n}`, lastName: 'Load', dateOfBirth: '2014-03-01' },
  concerns: 'Domestic abuse incident; the child was present (load test).',
  familyAware: 'yes',
  consent: { state: 'not_required', reason: 'Police notification' },
});

type Phase = { result: autocannon.Result; acknowledged: string[] };

/**
 * CPU seconds used so far by each thread of a process (Linux /proc), busiest first: what a request
 * costs the server whatever else the machine is doing, so capacity can be read on a busy machine.
 */
function threadCpu(pid: number): Map<string, number> {
  const ticks = 100; // USER_HZ
  const out = new Map<string, number>();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) / ticks);
    }
  } catch {
    // not Linux, or the process has gone
  }
  return out;
}

/** Runs autocannon against the contact API; `onStart` may kill the server part-way. */
async function drive(port: number, token: string, seconds: number, keyPrefix: string, onStart?: (instance: autocannon.Instance) => void): Promise<Phase> {
  const acknowledged: string[] = [];
  let n = 0;
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${port}/api/v1/front-door/contacts`,
    method: 'POST',
    connections: CONNECTIONS,
    overallRate: RATE,
    duration: seconds,
    timeout: 10,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{
      setupRequest: (request) => {
        n += 1;
        return { ...request, headers: { ...request.headers, 'idempotency-key': `${keyPrefix}-${n}` }, body: notification(n) };
      },
      onResponse: (status, body) => {
        if (status >= 200 && status < 300) acknowledged.push((JSON.parse(body) as { id: string }).id);
      },
    }],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)));
    onStart?.(instance);
  });
  return { result, acknowledged };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-load-'));
  console.log(`Front-door load: ${RATE} contacts/s for ${SECONDS} s over ${CONNECTIONS} connections; embedded database at ${dataDir}`);

  // A partnership with the police and an API client for them, made before the server starts.
  const setup = await openDatabase({ dataDir });
  await migrateToLatest(setup.db);
  await setup.db.insertInto('partnership').values({ la_code: LA, name: 'Load test partnership' }).execute();
  const police = await setup.db.insertInto('agency').values({ la_code: LA, name: 'Police', agency_type: 'police' }).returning('id').executeTakeFirstOrThrow();
  const { client, secret } = await createApiClient(setup.db, { laCode: LA, name: 'Police notifications', agencyId: police.id });
  await setup.close();

  const port = await freePort();
  let server = startServer(dataDir, port);
  console.log(`Haven serving (pid ${server.child.pid}) in ${await server.ready} ms`);
  const tokenResponse = await fetch(`http://127.0.0.1:${port}/api/v1/front-door/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

  // Warm up (JIT, caches), not counted.
  await drive(port, token, 3, 'warm');

  // Phase 1: sustained load.
  const cpuBefore = threadCpu(server.child.pid!);
  const steady = await drive(port, token, SECONDS, 'steady');
  const cpuAfter = threadCpu(server.child.pid!);
  const r = steady.result;
  const errors = r.errors + r.timeouts;
  console.log('\n== Sustained load');
  console.log(`requests: ${r.requests.total} in ${r.duration.toFixed(1)} s = ${(r.requests.total / r.duration).toFixed(1)}/s (target ${RATE}/s)`);
  console.log(`2xx: ${r['2xx']}, non-2xx: ${r.non2xx}, errors: ${r.errors}, timeouts: ${r.timeouts}`);
  console.log(`latency ms: p50 ${r.latency.p50}, p90 ${r.latency.p90}, p99 ${r.latency.p99}, max ${r.latency.max}`);
  const busiest = [...cpuAfter].map(([thread, seconds]) => [thread, seconds - (cpuBefore.get(thread) ?? 0)] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
  if (busiest.length) {
    console.log(`server CPU per contact, by thread (the busiest bounds throughput at 1000 / ms per second): ${busiest
      .map(([thread, seconds]) => `${thread.split(' ').slice(1).join(' ')} ${((seconds * 1000) / r.requests.total).toFixed(2)} ms`).join('; ')}`);
    console.log(`machine load average: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${os.cpus().length} cores`);
  }

  // Phase 2: kill -9 mid-load.
  const killAfterMs = 5000;
  let killedAt = 0;
  const crash = await drive(port, token, 15, 'crash', (instance) => {
    setTimeout(() => {
      killedAt = performance.now();
      server.child.kill('SIGKILL');
      // The run goes on against a dead server for a moment (connection errors), then stops.
      setTimeout(() => instance.stop(), 1000);
    }, killAfterMs);
  });
  await exited(server.child);
  console.log('\n== Crash: SIGKILL mid-load');
  console.log(`killed after ${killAfterMs} ms of load (${killedAt ? 'done' : 'not reached'}); acknowledged before the kill: ${crash.acknowledged.length}`);

  server = startServer(dataDir, port);
  const recovery = await server.ready;
  const after = await fetch(`http://127.0.0.1:${port}/api/v1/front-door/contacts`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'after-restart' }, body: notification(0),
  });
  console.log(`restarted and healthy in ${recovery} ms; a contact after the restart: ${after.status}`);
  server.child.kill('SIGTERM');
  await exited(server.child);

  // Count: every acknowledged contact must be there.
  const check = await openDatabase({ dataDir });
  const acknowledged = [...steady.acknowledged, ...crash.acknowledged];
  let found = 0;
  for (let i = 0; i < acknowledged.length; i += 5000) {
    const chunk = acknowledged.slice(i, i + 5000);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM contact WHERE la_code = ${LA} AND id = ANY(${chunk}::uuid[])`.execute(check.db);
    found += Number(rows[0]!.n);
  }
  const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM contact`.execute(check.db)).rows[0]!.n);
  const audited = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event WHERE action = 'contact.submit'`.execute(check.db)).rows[0]!.n);
  await check.close();
  const lost = acknowledged.length - found;
  console.log('\n== Durability');
  console.log(`acknowledged (2xx): ${acknowledged.length}; found after the crash and restart: ${found}; lost: ${lost}`);
  console.log(`contacts in the database: ${total} (acknowledged, plus warm-up, plus any committed whose answer the kill cut off); contact.submit audit events: ${audited}`);

  if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });

  const achieved = r.requests.total / r.duration;
  const misses = [
    ...(achieved < RATE * 0.98 ? [`throughput ${achieved.toFixed(1)}/s < ${RATE}/s`] : []),
    ...(r.latency.p99 >= 100 ? [`p99 ${r.latency.p99} ms >= 100 ms`] : []),
    ...(errors > 0 || r.non2xx > 0 ? [`${errors} errors and ${r.non2xx} non-2xx answers under load`] : []),
    ...(lost > 0 ? [`${lost} acknowledged contacts lost`] : []),
    ...(after.status !== 201 ? [`the restarted server answered ${after.status}`] : []),
  ];
  console.log(misses.length ? `\nMISSED: ${misses.join('; ')}` : `\nAll targets met: ${achieved.toFixed(1)}/s, p99 ${r.latency.p99} ms, 0 errors, 0 acknowledged contacts lost.`);
  process.exitCode = misses.length ? 1 : 0;
}

await main();
