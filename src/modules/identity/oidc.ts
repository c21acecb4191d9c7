/**
 * Single sign-on by OpenID Connect (councils use Entra ID): authorisation code flow with PKCE,
 * state and nonce, via openid-client. A person signs in through the identity provider and is
 * matched to their Haven account by issuer and subject, or on first use by verified email.
 */
import * as client from 'openid-client';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Config } from '../../core/config.ts';
import type { Database } from '../../core/db/schema.ts';
import { recordAudit } from '../../core/audit.ts';
import { findUserByEmail, findUserByOidc } from './repository.ts';
import { toSignedInUser, type SignedInUser } from './service.ts';

type OidcSettings = NonNullable<Config['oidc']>;

export type OidcFlow = { state: string; nonce: string; codeVerifier: string; next: string };

const isLoopback = (url: URL): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: string,
  ) {}

  private discover(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    // Plain http is allowed only for a provider on this machine (development and the tests).
    const options = issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined;
    this.configuration ??= client.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, options).catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  /** The provider's URL to send the browser to, and the secrets to keep in the session until it returns. */
  async start(next: string): Promise<{ url: string; flow: OidcFlow }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier, next };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /**
   * Completes the flow from the callback URL: exchanges the code, checks state, nonce and the ID
   * token, then finds the account. Returns null (and audits why) when no active account matches.
   */
  async finish(db: Kysely<Database>, laCode: string, callbackUrl: URL, flow: OidcFlow, origin: { ip: string; requestId: string }): Promise<SignedInUser | null> {
    const configuration = await this.discover();
    const issuer = configuration.serverMetadata().issuer;
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      // A callback that does not hold (wrong state, a spent code, the provider's own refusal) is an attempt too.
      const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown';
      await recordAudit(db, {
        laCode,
        actor: null,
        action: 'session.sign-in',
        outcome: 'failed',
        ip: origin.ip,
        requestId: origin.requestId,
        detail: { method: 'oidc', issuer, reason: 'invalid-callback', error: code },
      });
      throw error;
    }
    const claims = tokens.claims();
    if (!claims) return null;
    let account = await findUserByOidc(db, issuer, claims.sub);
    let identity: Record<string, unknown> = claims;
    if (!account && claims.email === undefined && tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
      // In the code flow a provider may give the email scope's claims from UserInfo only, not in the
      // ID token (OpenID Connect Core 5.4). openid-client checks UserInfo's subject is the ID token's.
      // Should UserInfo fail, matching goes on with what the ID token holds.
      identity = { ...claims, ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub).catch(() => ({}))) };
    }
    const email = typeof identity.email === 'string' ? identity.email : typeof identity.preferred_username === 'string' ? identity.preferred_username : undefined;
    if (!account && email && identity.email_verified !== false) {
      const byEmail = await findUserByEmail(db, email);
      // Link on first sign-in only; an account already linked to another subject is not taken over,
      // and a disabled account is refused without being linked.
      if (byEmail?.disabled_at) account = byEmail;
      else if (byEmail && !byEmail.oidc_subject) {
        account = await db
          .updateTable('app_user')
          .set({ oidc_issuer: issuer, oidc_subject: claims.sub })
          .where('la_code', '=', byEmail.la_code)
          .where('id', '=', byEmail.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
    }
    const ok = account && !account.disabled_at;
    await recordAudit(db, {
      laCode: account?.la_code ?? laCode,
      actor: account ? { id: account.id, role: account.role } : null,
      action: 'session.sign-in',
      outcome: ok ? 'succeeded' : 'failed',
      ip: origin.ip,
      requestId: origin.requestId,
      detail: { method: 'oidc', issuer, ...(ok ? {} : { reason: account ? 'disabled' : 'no-matching-account' }) },
    });
    if (!account || !ok) return null;
    await db.updateTable('app_user').set({ last_sign_in_at: new Date(), failed_attempts: 0 }).where('la_code', '=', account.la_code).where('id', '=', account.id).execute();
    return toSignedInUser(account);
  }
}
