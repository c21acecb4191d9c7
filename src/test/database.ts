/**
 * Test databases, fresh and migrated, on either engine. Integration tests run once per engine in
 * HAVEN_TEST_ENGINES ("pglite" by default; CI sets "pglite,postgres").
 *
 * PGlite: the first test process to need one migrates a template data directory (initdb is the slow
 * part), and every test then gets its own copy. PostgreSQL: each test gets a database created from a
 * migrated template database on the server named by HAVEN_TEST_DATABASE_URL (default: the local
 * server's `test` database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Engine } from '../core/db/index.ts';
import { migrateToLatest } from '../migrations/index.ts';

export function testEngines(): Engine[] {
  const list = (process.env.HAVEN_TEST_ENGINES ?? 'pglite').split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of list) if (e !== 'pglite' && e !== 'postgres') throw new Error(`HAVEN_TEST_ENGINES: unknown engine ${e}`);
  return list as Engine[];
}

const serverUrl = (): string => process.env.HAVEN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fingerprint of the migrations, so a template is rebuilt whenever they change. */
function migrationsFingerprint(): string {
  const dir = new URL('../migrations/', import.meta.url);
  const hash = createHash('sha256');
  const walk = (p: string): void => {
    for (const entry of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  walk(dir.pathname);
  return hash.digest('hex').slice(0, 12);
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      if (i > 1200) throw new Error(`Timed out waiting for ${lockDir}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function pgliteTemplate(): Promise<string> {
  const root = path.join(os.tmpdir(), 'haven-test');
  fs.mkdirSync(root, { recursive: true });
  const template = path.join(root, `template-${migrationsFingerprint()}`);
  if (fs.existsSync(path.join(template, 'READY'))) return template;
  return withLock(`${template}.lock`, async () => {
    if (fs.existsSync(path.join(template, 'READY'))) return template;
    fs.rmSync(template, { recursive: true, force: true });
    const handle = await openDatabase({ dataDir: template });
    await migrateToLatest(handle.db);
    await handle.close();
    fs.writeFileSync(path.join(template, 'READY'), new Date().toISOString());
    return template;
  });
}

async function postgresTemplate(admin: pg.Client): Promise<string> {
  const name = `haven_template_${migrationsFingerprint()}`;
  await admin.query(`SELECT pg_advisory_lock(hashtext('haven-test-template'))`);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(serverUrl());
      url.pathname = `/${name}`;
      const handle = await openDatabase({ databaseUrl: url.href, dataDir: '' });
      try {
        await migrateToLatest(handle.db);
      } catch (error) {
        await handle.close();
        await admin.query(`DROP DATABASE ${name}`);
        throw error;
      }
      await handle.close();
    }
  } finally {
    await admin.query(`SELECT pg_advisory_unlock(hashtext('haven-test-template'))`);
  }
  return name;
}

export type TestDatabase = DatabaseHandle & {
  dataDir: string;
  databaseUrl: string | undefined;
  /** Closes this process's connection but keeps the data, so another process (the CLI) can open it. */
  release: () => Promise<void>;
};

/** A fresh, migrated, empty database on the given engine; `close` removes it. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const template = await pgliteTemplate();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-test-db-'));
    fs.cpSync(template, dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, 'READY'));
    const handle = await openDatabase({ dataDir });
    let released: Promise<void> | undefined;
    const release = (): Promise<void> => (released ??= handle.close());
    return {
      ...handle,
      dataDir,
      databaseUrl: undefined,
      release,
      close: async () => {
        await release();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  const template = await postgresTemplate(admin);
  const name = `haven_t_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.href, dataDir: '' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-test-pg-'));
  let released: Promise<void> | undefined;
  const release = (): Promise<void> => (released ??= handle.close());
  return {
    ...handle,
    dataDir,
    databaseUrl: url.href,
    release,
    close: async () => {
      await release();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
