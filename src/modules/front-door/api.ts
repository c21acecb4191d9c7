/**
 * The contact API for agency systems (police notifications, in bulk too). Described in the OpenAPI
 * document at /api/docs.
 *
 * Authentication: OAuth 2.0 client credentials. An agency system posts its client id and secret to
 * POST /api/v1/front-door/token (HTTP Basic, or client_id and client_secret in the form) and sends
 * the bearer token it gets in `Authorization: Bearer …`. Cookies are ignored on these routes, so
 * they need no CSRF token (`config.csrf: false`); each still declares its policy action, decided
 * for the client as a practitioner of its own agency: a client creates contacts for its own agency
 * only, and reads the outcome of those alone.
 *
 * Idempotency: every POST of contacts carries an `Idempotency-Key` header. A retry with the same
 * key and the same body gets the first answer again (and creates nothing); the same key with a
 * different body is refused with 409.
 *
 * Durability and throughput: the embedded database has one connection, so contacts from the API go
 * through a commit queue that writes whatever has arrived in one transaction (contacts, idempotency
 * keys, audit events) and answers each request only after that transaction has committed. Nothing
 * is acknowledged before it is durable.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from '../../core/db/kysely.ts';
import type { AppContext } from '../../server.ts';
import type { Database } from '../../core/db/schema.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit.ts';
import { decide } from '../../core/policy/index.ts';
import { isIsoDate, compareDates } from '../../core/dates.ts';
import { CIN_CODES } from '../../core/codes/index.ts';
import type { SignedInUser } from '../identity/index.ts';
import { clientForToken, issueToken, sha256, type ApiClient } from './api-clients.ts';
import { insertApiBatch, findContact, type ContactInsert } from './repository.ts';
import { contactDateOf, contactInsert, contactRecordRef } from './service.ts';
import { CONSENT_STATES, DECISION_LABELS, contactReference } from './vocabulary.ts';

const TAGS = ['Front door'];
const AUTH = 'Send `Authorization: Bearer <token>` with a token from POST /api/v1/front-door/token (OAuth 2.0 client credentials). Cookies are not accepted.';

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, requestId: { type: 'string' } } } },
} as const;

const contactSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['child', 'concerns', 'consent'],
  properties: {
    agencyId: { type: 'string', format: 'uuid', description: 'The referring agency: optional, and when given it must be the client’s own agency.' },
    agencyReference: { type: 'string', maxLength: 100, description: 'The agency’s own reference, e.g. a police occurrence number.' },
    source: { type: 'string', enum: CIN_CODES.referralSource.map(([code]) => code), description: 'CIN census referral source; defaults from the agency type (police: 6).' },
    referrer: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', maxLength: 200 },
        role: { type: 'string', maxLength: 200 },
        email: { type: 'string', format: 'email', maxLength: 320, description: 'Where the outcome is sent.' },
        phone: { type: 'string', maxLength: 40 },
      },
    },
    child: {
      type: 'object',
      additionalProperties: false,
      required: ['firstName', 'lastName'],
      properties: {
        firstName: { type: 'string', minLength: 1, maxLength: 100 },
        lastName: { type: 'string', minLength: 1, maxLength: 100 },
        dateOfBirth: { type: 'string', format: 'date' },
        nhsNumber: { type: 'string', maxLength: 12 },
        address: { type: 'string', maxLength: 1000 },
        postcode: { type: 'string', maxLength: 10 },
        school: { type: 'string', maxLength: 200 },
      },
    },
    concerns: { type: 'string', minLength: 1, maxLength: 20000 },
    familyAware: { type: 'string', enum: ['yes', 'no', 'not_known'] },
    familyAwareDetail: { type: 'string', maxLength: 2000 },
    consent: {
      type: 'object',
      additionalProperties: false,
      required: ['state'],
      properties: { state: { type: 'string', enum: CONSENT_STATES.map(([s]) => s) }, reason: { type: 'string', maxLength: 2000 } },
    },
  },
} as const;

type ApiContact = {
  agencyId?: string; agencyReference?: string; source?: string;
  referrer?: { name?: string; role?: string; email?: string; phone?: string };
  child: { firstName: string; lastName: string; dateOfBirth?: string; nhsNumber?: string; address?: string; postcode?: string; school?: string };
  concerns: string; familyAware?: 'yes' | 'no' | 'not_known'; familyAwareDetail?: string;
  consent: { state: 'given' | 'refused' | 'not_sought' | 'not_required'; reason?: string };
};

const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', description: 'A unique key per contact (or batch) the system sends; a retry sends the same key.' } },
  required: ['idempotency-key'],
} as const;

/** JSON with its keys in order, so that the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type Answer = { statusCode: number; body: unknown; replayed: boolean };
type Pending = {
  laCode: string;
  client: ApiClient;
  key: string;
  requestHash: string;
  contacts: ContactInsert[];
  respond: (refs: { id: string; reference: string; receivedAt: Date }[]) => { statusCode: number; body: unknown };
  audit: { ip: string; requestId: string };
  resolve: (answer: Answer | 'conflict') => void;
  reject: (error: unknown) => void;
};

const MAX_BATCH_CONTACTS = 2000;

/**
 * Writes API contacts in batches: whatever requests are waiting go into one transaction, and each
 * is answered only after it commits (group commit). A batch that fails is retried one request at a
 * time, so one bad request never fails another.
 */
export class ContactCommitQueue {
  private pending: Pending[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  submit(item: Omit<Pending, 'resolve' | 'reject'>): Promise<Answer | 'conflict'> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ...item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // A request that arrived as the last batch finished is not left waiting for the next one.
      if (this.pending.length) this.kick();
    });
  }

  /** Resolves when everything submitted so far has been written (or failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      let count = 0;
      let take = 0;
      while (take < this.pending.length && (take === 0 || count + this.pending[take]!.contacts.length <= MAX_BATCH_CONTACTS)) {
        count += this.pending[take]!.contacts.length;
        take++;
      }
      const batch = this.pending.splice(0, take);
      try {
        await this.commit(batch);
      } catch {
        // One at a time, so that the request at fault fails alone (a second attempt also settles a
        // race with another server on the same idempotency key: the key is then found and replayed).
        for (const item of batch) {
          try {
            await this.commit([item]);
          } catch {
            try {
              await this.commit([item]);
            } catch (error) {
              item.reject(error);
            }
          }
        }
      }
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const keyOf = (p: Pending) => `${p.laCode}|${p.client.id}|${p.key}`;
    // A key twice in one batch (concurrent retries): the first is written, the others follow it.
    const leaders = new Map<string, Pending>();
    const followers: [Pending, Pending][] = [];
    for (const p of batch) {
      const leader = leaders.get(keyOf(p));
      if (leader) followers.push([p, leader]);
      else leaders.set(keyOf(p), p);
    }
    const answers = new Map<Pending, Answer | 'conflict'>();
    for (const laCode of new Set([...leaders.values()].map((p) => p.laCode))) {
      const group = [...leaders.values()].filter((p) => p.laCode === laCode);
      const outcomes = await insertApiBatch(this.db, laCode, 'api_client',
        group.map((p) => ({ ip: p.audit.ip, requestId: p.audit.requestId, clientId: p.client.clientId })),
        group.map((p) => ({ clientId: p.client.id, key: p.key, requestHash: p.requestHash, contacts: p.contacts })));
      const byKey = new Map(outcomes.map((o) => [`${o.clientId}|${o.key}`, o]));
      for (const p of group) {
        const outcome = byKey.get(`${p.client.id}|${p.key}`);
        if (!outcome) throw new Error('A request of the batch has no outcome');
        if (!outcome.created && outcome.requestHash !== p.requestHash) {
          answers.set(p, 'conflict');
          continue;
        }
        const receivedAt = new Date(outcome.response.receivedAt);
        const refs = outcome.response.refs.map((r) => ({ id: r.id, reference: contactReference(Number(r.referenceNo)), receivedAt }));
        answers.set(p, { ...p.respond(refs), replayed: !outcome.created });
      }
    }
    // Committed (one statement is one transaction): now, and only now, answer.
    for (const [p, answer] of answers) p.resolve(answer);
    for (const [p, leader] of followers) {
      const answer = answers.get(leader);
      p.resolve(answer && answer !== 'conflict' && leader.requestHash === p.requestHash ? { ...answer, replayed: true } : 'conflict');
    }
  }
}

/** The API client of a request that presented a valid bearer token. */
const clients = new WeakMap<FastifyRequest, ApiClient>();

/** The client acting as a practitioner of its own agency, for the policy and the audit trail. */
function actorOf(client: ApiClient): SignedInUser {
  return { id: client.id, laCode: client.laCode, role: 'partner_practitioner', teamId: null, agencyId: client.agencyId, email: `${client.clientId}@api.haven`, displayName: client.name };
}

function toInsert(c: ApiContact, client: ApiClient, receivedAt: Date): ContactInsert {
  return contactInsert({
    receivedAt, source: c.source ?? null, sourceDetail: 'api', referrerAgencyId: client.agencyId, agencyReference: c.agencyReference ?? null,
    referrer: { name: c.referrer?.name ?? null, role: c.referrer?.role ?? null, email: c.referrer?.email ?? null, phone: c.referrer?.phone ?? null },
    child: {
      firstName: c.child.firstName.trim(), lastName: c.child.lastName.trim(), dateOfBirth: c.child.dateOfBirth ?? null,
      details: Object.fromEntries(Object.entries({ nhsNumber: c.child.nhsNumber, address: c.child.address, postcode: c.child.postcode, school: c.child.school }).filter(([, v]) => v)) as Record<string, string>,
    },
    concerns: c.concerns, familyAware: c.familyAware ?? 'not_known', familyAwareDetail: c.familyAwareDetail ?? null,
    consent: { state: c.consent.state, reason: c.consent.reason ?? null },
  }, 'api', { referrerAgencyType: client.agencyType, referrerUserId: null, apiClientId: client.id });
}

export async function frontDoorApi(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;
  const queue = new ContactCommitQueue(db);
  app.addHook('onClose', async () => queue.idle());

  // Bearer tokens only: a session cookie is set aside, so no browser can be made to call these
  // routes. Authentication comes first: a caller without a valid token learns nothing more.
  app.addHook('onRequest', async (request, reply) => {
    request.session = null;
    request.user = null;
    if (request.routeOptions.config.policy === 'public') return;
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(request.headers.authorization ?? '');
    const client = match ? await clientForToken(db, match[1]!) : null;
    if (!client) {
      reply.header('www-authenticate', 'Bearer realm="haven"');
      throw new UnauthenticatedError('Send a valid bearer token from POST /api/v1/front-door/token');
    }
    clients.set(request, client);
    request.user = actorOf(client);
  });

  app.post('/api/v1/front-door/token', {
    config: { policy: 'public', csrf: false, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: TAGS,
      summary: 'Exchange an API client’s id and secret for a bearer token (OAuth 2.0 client credentials)',
      security: [{ clientCredentials: [] }, {}],
      description: 'Authenticate with HTTP Basic (client id and secret), or send client_id and client_secret in the body. The body is form-encoded or JSON with grant_type=client_credentials.',
      body: {
        type: 'object',
        properties: { grant_type: { type: 'string', enum: ['client_credentials'] }, client_id: { type: 'string', maxLength: 200 }, client_secret: { type: 'string', maxLength: 200 } },
        required: ['grant_type'],
      },
      response: {
        200: { type: 'object', properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' } }, required: ['access_token', 'token_type', 'expires_in'] },
        401: errorSchema,
      },
    },
  }, async (request, reply) => {
    const body = request.body as { client_id?: string; client_secret?: string };
    let clientId = body.client_id;
    let secret = body.client_secret;
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    const issued = clientId && secret ? await issueToken(db, clientId, secret, { ip: request.ip, requestId: request.id }) : null;
    if (!issued) {
      reply.header('www-authenticate', 'Basic realm="haven"');
      throw new UnauthenticatedError('The client id or secret is not right, or the client has been revoked');
    }
    return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn };
  });

  /** Checks the client may create these contacts, then queues them and answers once committed. */
  async function receive(request: FastifyRequest, reply: FastifyReply, items: ApiContact[], respond: Pending['respond']) {
    const client = clients.get(request)!;
    const user = request.user!;
    const today = contactDateOf(new Date());
    for (const item of items) {
      // A client creates contacts for its own agency only.
      const decision = decide(user, 'contact.submit', { laCode: client.laCode, agencyId: item.agencyId ?? client.agencyId });
      if (!decision.allowed) {
        await recordAudit(db, { laCode: client.laCode, actor: { id: client.id, role: 'api_client' }, action: 'contact.submit', outcome: 'denied', ip: request.ip, requestId: request.id, detail: { reason: decision.reason, agencyId: item.agencyId } });
        throw new ForbiddenError('An API client can create contacts only for its own agency');
      }
      const dob = item.child.dateOfBirth;
      if (dob && (!isIsoDate(dob) || compareDates(dob, today) > 0)) {
        return reply.status(400).send({ error: { code: 'VALIDATION', message: 'child.dateOfBirth must be a real date, today or in the past', requestId: request.id } });
      }
      if ((item.consent.state === 'not_sought' || item.consent.state === 'not_required') && !item.consent.reason?.trim()) {
        return reply.status(400).send({ error: { code: 'VALIDATION', message: `consent.reason is required when consent.state is ${item.consent.state}`, requestId: request.id } });
      }
    }
    const key = String(request.headers['idempotency-key']);
    const receivedAt = new Date();
    const answer = await queue.submit({
      laCode: client.laCode, client, key, requestHash: sha256(`${request.routeOptions.url}\n${canonical(request.body)}`),
      contacts: items.map((item) => toInsert(item, client, receivedAt)), respond, audit: { ip: request.ip, requestId: request.id },
    });
    if (answer === 'conflict') {
      return reply.status(409).send({ error: { code: 'CONFLICT', message: 'This Idempotency-Key was used with a different request body', requestId: request.id } });
    }
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(answer.statusCode).send(answer.body);
  }

  const created = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, status: { type: 'string' }, receivedAt: { type: 'string', format: 'date-time' } }, required: ['id', 'reference', 'status', 'receivedAt'] } as const;

  app.post('/api/v1/front-door/contacts', {
    config: { policy: 'contact.submit', csrf: false },
    schema: {
      tags: TAGS,
      summary: 'Send a contact about a child to the multi-agency safeguarding hub',
      security: [{ bearer: [] }],
      description: `${AUTH} A retry with the same Idempotency-Key and body returns the first answer (header Idempotent-Replayed: true); the same key with another body is refused with 409.`,
      headers: idempotencyHeader,
      body: contactSchema,
      response: { 201: created, 400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) =>
    receive(request, reply, [request.body as ApiContact], ([ref]) => ({
      statusCode: 201, body: { id: ref!.id, reference: ref!.reference, status: 'received', receivedAt: ref!.receivedAt.toISOString() },
    })));

  app.post('/api/v1/front-door/contacts/bulk', {
    config: { policy: 'contact.submit', csrf: false },
    bodyLimit: 4 * 1_048_576,
    schema: {
      tags: TAGS,
      summary: 'Send up to 500 contacts at once (e.g. a batch of police notifications)',
      security: [{ bearer: [] }],
      description: `${AUTH} All or nothing: every contact is created, or none. One Idempotency-Key covers the batch.`,
      headers: idempotencyHeader,
      body: { type: 'object', additionalProperties: false, required: ['contacts'], properties: { contacts: { type: 'array', minItems: 1, maxItems: 500, items: contactSchema } } },
      response: {
        201: { type: 'object', properties: { count: { type: 'integer' }, contacts: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, reference: { type: 'string' } } } } }, required: ['count', 'contacts'] },
        400: errorSchema, 401: errorSchema, 403: errorSchema, 409: errorSchema,
      },
    },
  }, async (request, reply) => {
    const items = (request.body as { contacts: ApiContact[] }).contacts;
    return receive(request, reply, items, (refs) => ({ statusCode: 201, body: { count: refs.length, contacts: refs.map((r) => ({ id: r.id, reference: r.reference })) } }));
  });

  app.get('/api/v1/front-door/contacts/:id', {
    config: { policy: 'contact.outcome.view' },
    schema: {
      tags: TAGS,
      summary: 'The status and outcome of a contact the client’s agency made',
      security: [{ bearer: [] }],
      description: AUTH,
      params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] },
      response: {
        200: {
          type: 'object',
          properties: {
            id: { type: 'string' }, reference: { type: 'string' }, receivedAt: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: ['received', 'screening', 'decided'] },
            outcome: { type: ['string', 'null'] }, outcomeLabel: { type: ['string', 'null'] }, decidedOn: { type: ['string', 'null'] }, feedback: { type: ['string', 'null'] },
          },
          required: ['id', 'reference', 'receivedAt', 'status'],
        },
        401: errorSchema, 403: errorSchema, 404: errorSchema,
      },
    },
  }, async (request) => {
    const client = clients.get(request)!;
    const contact = await findContact(db, client.laCode, (request.params as { id: string }).id);
    const decision = contact ? decide(request.user!, 'contact.outcome.view', contactRecordRef(contact)) : null;
    await recordAudit(db, {
      laCode: client.laCode, actor: { id: client.id, role: 'api_client' }, action: 'contact.outcome.view', recordType: 'contact', recordId: contact?.id,
      outcome: decision?.allowed ? 'allowed' : 'denied', ip: request.ip, requestId: request.id,
    });
    // Another agency's contact is answered as if it did not exist.
    if (!contact || !decision?.allowed) throw new NotFoundError('No contact with that id was made by your agency');
    return {
      id: contact.id, reference: contactReference(contact.reference_no), receivedAt: contact.received_at.toISOString(),
      status: contact.decision ? 'decided' : contact.rag ? 'screening' : 'received',
      outcome: contact.decision, outcomeLabel: contact.decision ? DECISION_LABELS[contact.decision] : null, decidedOn: contact.decision_date, feedback: contact.decision_feedback,
    };
  });
}
