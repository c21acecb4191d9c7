/**
 * Test helpers for the front door: a real SMTP server that keeps what it receives, the hub's other
 * agencies (health) and their staff, and an API client with a token.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Role } from '../../core/policy/index.ts';
import type { TestApp } from '../../test/app.ts';
import { createApiClient } from './api-clients.ts';

export type ReceivedMail = { from: string; to: string[]; raw: string; text: string };

/** The message as a person reads it: quoted-printable soft breaks and escapes undone. */
function readable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** An SMTP server on a free local port; `mails` fills as messages arrive. */
export async function startMailServer(): Promise<{ url: string; mails: ReceivedMail[]; close: () => Promise<void>; waitFor: (count: number) => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          text: readable(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    waitFor: async (count: number) => {
      for (let i = 0; i < 100 && mails.length < count; i++) await new Promise((r) => setTimeout(r, 50));
    },
  };
}

/** Adds an agency to the test partnership. */
export async function addAgency(t: TestApp, name: string, agencyType: 'health' | 'police' | 'school' | 'housing'): Promise<string> {
  return (await t.db.insertInto('agency').values({ la_code: t.world.laCode, name, agency_type: agencyType }).returning('id').executeTakeFirstOrThrow()).id;
}

let userCounter = 0;

/** A further signed-in-able account (the test password) with a role at an agency; returns its email. */
export async function addUser(t: TestApp, role: Role, agencyId: string, name = `Extra ${role}`): Promise<{ id: string; email: string }> {
  userCounter += 1;
  const email = `${role}-${userCounter}-${process.pid}@extra.test`;
  const row = await t.db.insertInto('app_user').values({
    la_code: t.world.laCode, email, display_name: name, role, agency_id: agencyId, team_id: null,
    password_hash: t.world.users.social_worker.password_hash, oidc_issuer: null, oidc_subject: null,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, email };
}

/** An API client for an agency, and a bearer token for it from the token endpoint (HTTP Basic). */
export async function apiClientWithToken(t: TestApp, agencyId: string, name = 'Police notifications'): Promise<{ clientId: string; secret: string; token: string; id: string }> {
  const { client, secret } = await createApiClient(t.db, { laCode: t.world.laCode, name, agencyId });
  const response = await t.app.inject({
    method: 'POST', url: '/api/v1/front-door/token',
    headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'grant_type=client_credentials',
  });
  if (response.statusCode !== 200) throw new Error(`token endpoint answered ${response.statusCode}: ${response.body}`);
  return { clientId: client.clientId, secret, token: (response.json() as { access_token: string }).access_token, id: client.id };
}

/** A GOV.UK date input's three fields for an ISO date. */
export const dateFields = (name: string, iso: string): Record<string, string> => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/** A portal contact form as a school would fill it in. */
export function portalContactForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    referrerName: 'Sam Teacher', referrerRole: 'Designated safeguarding lead', referrerPhone: '01632 960001',
    childFirstName: 'Riley', childLastName: 'Portal', ...dateFields('childDateOfBirth', '2016-05-04'), child_school: 'Hill Primary',
    concerns: 'Riley came to school with bruising to the face and said that his stepfather hit him.',
    familyAware: 'no', consentState: 'not_required', consentReason: 'Reasonable cause to suspect significant harm; telling the family may put Riley at risk.',
    ...overrides,
  };
}

/**
 * Records for the access matrix: an undecided portal contact from the school, a research request
 * to the police about it, a decided contact with a strategy discussion the school attended, and an
 * API client to revoke.
 */
export async function buildFrontDoorFixtures(t: TestApp): Promise<{ contact: string; research: string; strategy: string; client: string }> {
  const { insertContacts } = await import('./repository.ts');
  const { buildChild } = await import('../../test/factories.ts');
  const laCode = t.world.laCode;
  const base = {
    door: 'portal' as const, receivedAt: new Date(), contactDate: '2026-01-05', source: '2A', sourceDetail: 'portal', referrerAgencyId: t.world.agencies.school,
    referrerUserId: t.world.users.partner_practitioner.id, apiClientId: null, agencyReference: null,
    referrer: { name: 'Matrix teacher', role: null, email: null, phone: null }, child: { firstName: 'Matrix', lastName: 'Contact', dateOfBirth: null, details: {} },
    concerns: 'Matrix concerns', familyAware: 'no' as const, familyAwareDetail: null, consent: { state: 'not_required' as const, reason: 'Matrix' },
    decisionDueOn: '2026-01-06', decisionRuleVersion: 'test',
  };
  const [open, decided] = await insertContacts(t.db, laCode, [base, base]);
  const research = await t.db.insertInto('mash_research_request').values({
    la_code: laCode, contact_id: open!.id, agency_id: t.world.agencies.police, question: 'Matrix question', requested_by: t.world.users.mash_manager.id, due_at: new Date(),
  }).returning('id').executeTakeFirstOrThrow();
  const child = await buildChild(t.db, t.world, { firstName: 'Matrix', lastName: 'Strategy' });
  const episode = await t.db.insertInto('cin_episode').values({ la_code: laCode, child_id: child.id, referral_date: '2026-01-05', contact_id: decided!.id }).returning('id').executeTakeFirstOrThrow();
  await t.db.updateTable('contact').set({ child_id: child.id, outcome: 'strategy_discussion' }).where('id', '=', decided!.id).execute();
  await t.db.updateTable('mash_contact').set({ decision: 'strategy_discussion', decided_at: new Date(), decision_date: '2026-01-05', decision_reasons: 'Matrix', episode_id: episode.id })
    .where('contact_id', '=', decided!.id).execute();
  const strategy = await t.db.insertInto('strategy_discussion').values({
    la_code: laCode, episode_id: episode.id, child_id: child.id, contact_id: decided!.id, held_on: '2026-01-05', decision: 'no_s47', safety_plan: 'Matrix plan',
    attendees: JSON.stringify([{ name: 'Matrix teacher', agencyId: t.world.agencies.school, agencyName: 'School', agencyType: 'school', role: null, email: null }]), actions: JSON.stringify([]),
  }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('mash_strategy_discussion').values({ la_code: laCode, strategy_discussion_id: strategy.id, contact_id: decided!.id, inform_parents: 'now', recorded_by: t.world.users.mash_manager.id }).execute();
  const { client } = await createApiClient(t.db, { laCode, name: 'Matrix system', agencyId: t.world.agencies.police });
  return { contact: open!.id, research: research.id, strategy: strategy.id, client: client.id };
}
