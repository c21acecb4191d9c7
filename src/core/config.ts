/**
 * Configuration, read once from the environment. Every setting has a safe default for the
 * embedded demonstration; none is a secret kept in the repository.
 */
import path from 'node:path';
import { z } from './zod.ts';

const schema = z.object({
  HAVEN_DATA: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  HAVEN_PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(32),
  HAVEN_LA_CODE: z.string().regex(/^\d{3}$/, 'a three-digit DfE local authority code').default('309'),
  HAVEN_HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HAVEN_PUBLIC_URL: z.string().url().optional(),
  HAVEN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HAVEN_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  HAVEN_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(10),
  HAVEN_LOCKOUT_ATTEMPTS: z.coerce.number().int().positive().default(5),
  HAVEN_LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  HAVEN_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  HAVEN_OIDC_ISSUER: z.string().url().optional(),
  HAVEN_OIDC_CLIENT_ID: z.string().optional(),
  HAVEN_OIDC_CLIENT_SECRET: z.string().optional(),
  HAVEN_OIDC_LABEL: z.string().default('Sign in with your council account'),
  NODE_ENV: z.string().default('production'),
});

export type Config = {
  dataDir: string;
  databaseUrl: string | undefined;
  pgliteSharedBuffersMb: number;
  laCode: string;
  host: string;
  port: number;
  publicUrl: string;
  secureCookies: boolean;
  trustProxy: boolean;
  logLevel: string;
  session: { idleMinutes: number; absoluteHours: number };
  lockout: { attempts: number; minutes: number };
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; label: string } | undefined;
  development: boolean;
};

/** Reads configuration from an environment (process.env by default); throws naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Configuration: ${String(first?.path[0])} is not valid: ${first?.message}`);
  }
  const e = parsed.data;
  const publicUrl = e.HAVEN_PUBLIC_URL ?? `http://${e.HAVEN_HOST}:${e.PORT}`;
  const oidc =
    e.HAVEN_OIDC_ISSUER && e.HAVEN_OIDC_CLIENT_ID
      ? { issuer: e.HAVEN_OIDC_ISSUER, clientId: e.HAVEN_OIDC_CLIENT_ID, clientSecret: e.HAVEN_OIDC_CLIENT_SECRET, label: e.HAVEN_OIDC_LABEL }
      : undefined;
  return {
    dataDir: path.resolve(e.HAVEN_DATA),
    databaseUrl: e.DATABASE_URL,
    pgliteSharedBuffersMb: e.HAVEN_PGLITE_SHARED_BUFFERS_MB,
    laCode: e.HAVEN_LA_CODE,
    host: e.HAVEN_HOST,
    port: e.PORT,
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
    trustProxy: e.HAVEN_TRUST_PROXY === 'true',
    logLevel: e.HAVEN_LOG_LEVEL,
    session: { idleMinutes: e.HAVEN_SESSION_IDLE_MINUTES, absoluteHours: e.HAVEN_SESSION_ABSOLUTE_HOURS },
    lockout: { attempts: e.HAVEN_LOCKOUT_ATTEMPTS, minutes: e.HAVEN_LOCKOUT_MINUTES },
    oidc,
    development: e.NODE_ENV === 'development',
    ...overrides,
  };
}
