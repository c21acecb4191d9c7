/**
 * An app under test: a fresh database on one engine, the test partnership, and a Fastify instance
 * driven through `inject`. `agent(role)` gives a signed-in client that keeps its cookie and sends
 * the CSRF token with its forms, as a browser would.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../core/config.ts';
import type { Engine } from '../core/db/index.ts';
import type { Role } from '../core/policy/index.ts';
import { buildApp } from '../server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { buildPartnership, emailFor, TEST_PASSWORD, type TestWorld } from './factories.ts';

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  db: TestDatabase['db'];
  config: Config;
  world: TestWorld;
  agent: (role?: Role) => Promise<Agent>;
  close: () => Promise<void>;
};

export async function startTestApp(engine: Engine, configOverrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const world = await buildPartnership(database.db);
  const config = { ...loadConfig({ HAVEN_DATA: database.dataDir }), ...configOverrides };
  const app = await buildApp({ db: database.db, config, engine }, { logger: false });
  await app.ready();
  return {
    app,
    database,
    db: database.db,
    config,
    world,
    agent: async (role?: Role) => {
      const agent = new Agent(app);
      if (role) await agent.signIn(emailFor(role), TEST_PASSWORD);
      return agent;
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

const csrfPattern = /name="_csrf" value="([^"]+)"/;

/** A cookie-keeping client, like a browser tab. */
export class Agent {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      ...options,
      headers: { accept: 'text/html', ...(this.cookie ? { cookie: this.cookie } : {}), ...options.headers },
    });
    const setCookie = response.cookies.find((c) => c.name.endsWith('haven_session'));
    if (setCookie) this.cookie = setCookie.value ? `${setCookie.name}=${setCookie.value}` : undefined;
    const token = csrfPattern.exec(response.body)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url });
  }

  /** Posts a form with the CSRF token the last page gave (unless the form supplies its own). */
  post(url: string, form: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const fields = { ...(this.csrf ? { _csrf: this.csrf } : {}), ...form };
    return this.request({
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Signs in through the form and, like a browser, follows the redirect (which renews the CSRF token). */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    if (response.statusCode === 303 && response.headers.location) await this.get(String(response.headers.location));
    return response;
  }
}
