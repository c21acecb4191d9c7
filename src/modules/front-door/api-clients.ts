/**
 * Agency systems as API clients: a client id and a secret per system, each bound to one agency.
 * The secret is shown once when the client is made and kept only as a scrypt hash; a client
 * exchanges it at the token endpoint (OAuth 2.0 client credentials) for a bearer token that lasts
 * HAVEN_API_TOKEN_MINUTES (60), kept only as its SHA-256. Checking a token costs no database read
 * while it is in this process's cache, re-checked every minute so a revoked client stops within one.
 */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { recordAudit, type AuditEntry } from '../../core/audit.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifySecret(stored: string, secret: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(secret, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export type ApiClient = { id: string; laCode: string; clientId: string; name: string; agencyId: string; agencyType: string };

/** Creates an API client for an agency; returns the secret, which is never shown again. */
export async function createApiClient(db: Kysely<Database>, input: { laCode: string; name: string; agencyId: string }, audit: Omit<AuditEntry, 'laCode' | 'action' | 'outcome'> = {}): Promise<{ client: ApiClient; secret: string }> {
  const name = input.name.trim();
  if (!name) throw new ValidationError([{ field: 'name', message: 'Enter the name of the system' }]);
  const agency = /^[0-9a-f-]{36}$/i.test(input.agencyId)
    ? await db.selectFrom('agency').select(['id', 'agency_type']).where('la_code', '=', input.laCode).where('id', '=', input.agencyId).executeTakeFirst()
    : undefined;
  if (!agency) throw new ValidationError([{ field: 'agencyId', message: 'Select the agency the system belongs to' }]);
  const clientId = `haven-${input.laCode}-${randomBytes(9).toString('base64url')}`;
  const secret = randomBytes(32).toString('base64url');
  const secretHash = await hashSecret(secret);
  const row = await db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('api_client').values({ la_code: input.laCode, client_id: clientId, name, agency_id: agency.id, secret_hash: secretHash, created_by: audit.actor?.id ?? null })
      .returning(['id']).executeTakeFirstOrThrow();
    await recordAudit(trx, { ...audit, laCode: input.laCode, action: 'api_client.create', recordType: 'api_client', recordId: created.id, outcome: 'succeeded', detail: { agencyId: agency.id, clientId } });
    return created;
  });
  return { client: { id: row.id, laCode: input.laCode, clientId, name, agencyId: agency.id, agencyType: agency.agency_type }, secret };
}

/** Revokes a client: its tokens stop working here at once, and in other processes within a minute. */
export async function revokeApiClient(db: Kysely<Database>, laCode: string, id: string, audit: Omit<AuditEntry, 'laCode' | 'action' | 'outcome'> = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const client = await trx.selectFrom('api_client').select(['id', 'revoked_at']).where('la_code', '=', laCode).where('id', '=', id).executeTakeFirst();
    if (!client) throw new NotFoundError();
    if (client.revoked_at) throw new ConflictError('This API client has been revoked already');
    await trx.updateTable('api_client').set({ revoked_at: new Date() }).where('la_code', '=', laCode).where('id', '=', id).execute();
    await trx.deleteFrom('api_token').where('la_code', '=', laCode).where('client_id', '=', id).execute();
    await recordAudit(trx, { ...audit, laCode, action: 'api_client.revoke', recordType: 'api_client', recordId: id, outcome: 'succeeded' });
  });
  tokenCache.forEach((entry, key) => {
    if (entry.client.id === id) tokenCache.delete(key);
  });
}

export async function listApiClients(db: Kysely<Database>, laCode: string) {
  return db.selectFrom('api_client as k').innerJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'k.la_code').onRef('a.id', '=', 'k.agency_id'))
    .select(['k.id', 'k.client_id', 'k.name', 'k.created_at', 'k.revoked_at', 'a.name as agency_name'])
    .where('k.la_code', '=', laCode).orderBy('k.created_at').execute();
}

export const tokenMinutes = (): number => {
  const value = Number(process.env.HAVEN_API_TOKEN_MINUTES ?? 60);
  return Number.isFinite(value) && value > 0 && value <= 24 * 60 ? value : 60;
};

/**
 * The client credentials grant: checks the client id and secret and issues a bearer token.
 * Returns null for an unknown client, a wrong secret or a revoked client (the caller answers 401
 * without saying which).
 */
export async function issueToken(db: Kysely<Database>, clientId: string, secret: string, audit: { ip?: string; requestId?: string } = {}): Promise<{ token: string; expiresIn: number; client: ApiClient } | null> {
  const row = await db.selectFrom('api_client as k').innerJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'k.la_code').onRef('a.id', '=', 'k.agency_id'))
    .select(['k.id', 'k.la_code', 'k.client_id', 'k.name', 'k.agency_id', 'k.secret_hash', 'k.revoked_at', 'a.agency_type'])
    .where('k.client_id', '=', clientId).executeTakeFirst();
  // An unknown client costs the same scrypt as a known one: timing does not tell which ids exist.
  const ok = await verifySecret(row?.secret_hash ?? DUMMY_HASH, secret);
  if (!row || !ok || row.revoked_at) {
    if (row) await recordAudit(db, { laCode: row.la_code, actor: { id: row.id, role: 'api_client' }, action: 'api.token', outcome: 'denied', ip: audit.ip, requestId: audit.requestId, detail: { reason: row.revoked_at ? 'revoked' : 'wrong-secret' } });
    return null;
  }
  const token = randomBytes(32).toString('base64url');
  const expiresIn = Math.round(tokenMinutes() * 60);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('api_token').where('la_code', '=', row.la_code).where('client_id', '=', row.id).where('expires_at', '<', new Date()).execute();
    await trx.insertInto('api_token').values({ token_hash: sha256(token), la_code: row.la_code, client_id: row.id, expires_at: new Date(Date.now() + expiresIn * 1000) }).execute();
    await recordAudit(trx, { laCode: row.la_code, actor: { id: row.id, role: 'api_client' }, action: 'api.token', outcome: 'succeeded', ip: audit.ip, requestId: audit.requestId });
  });
  return { token, expiresIn, client: { id: row.id, laCode: row.la_code, clientId: row.client_id, name: row.name, agencyId: row.agency_id, agencyType: row.agency_type } };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

type CacheEntry = { client: ApiClient; expiresAt: number; checkedAt: number };
const tokenCache = new Map<string, CacheEntry>();
const RECHECK_MS = 60_000;

/** The client a bearer token belongs to, or null when it is unknown, expired or revoked. */
export async function clientForToken(db: Kysely<Database>, token: string): Promise<ApiClient | null> {
  const hash = sha256(token);
  const now = Date.now();
  const cached = tokenCache.get(hash);
  if (cached && cached.expiresAt > now && now - cached.checkedAt < RECHECK_MS) return cached.client;
  const row = await db.selectFrom('api_token as t')
    .innerJoin('api_client as k', (j) => j.onRef('k.la_code', '=', 't.la_code').onRef('k.id', '=', 't.client_id'))
    .innerJoin('agency as a', (j) => j.onRef('a.la_code', '=', 'k.la_code').onRef('a.id', '=', 'k.agency_id'))
    .select(['t.expires_at', 'k.id', 'k.la_code', 'k.client_id', 'k.name', 'k.agency_id', 'k.revoked_at', 'a.agency_type'])
    .where('t.token_hash', '=', hash).executeTakeFirst();
  if (!row || row.revoked_at || new Date(row.expires_at).getTime() <= now) {
    tokenCache.delete(hash);
    return null;
  }
  const client = { id: row.id, laCode: row.la_code, clientId: row.client_id, name: row.name, agencyId: row.agency_id, agencyType: row.agency_type };
  if (tokenCache.size > 10_000) tokenCache.clear();
  tokenCache.set(hash, { client, expiresAt: new Date(row.expires_at).getTime(), checkedAt: now });
  return client;
}
