/**
 * Identity: accounts, sign-in with lockout, and server-side sessions with idle and absolute
 * timeouts. No request or reply objects here; routes.ts adapts HTTP to these functions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Config } from '../../core/config.ts';
import type { AppUser, Database } from '../../core/db/schema.ts';
import { recordAudit } from '../../core/audit.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { isRole, type Actor, type Role } from '../../core/policy/index.ts';
import { findAgencyByName, findTeamByName, findUserByEmail, findUserById } from './repository.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export type SignedInUser = Actor & { email: string; displayName: string };

export function toSignedInUser(user: AppUser): SignedInUser {
  if (!isRole(user.role)) throw new Error(`User has an unknown role ${user.role}`);
  return {
    id: user.id,
    laCode: user.la_code,
    role: user.role,
    teamId: user.team_id,
    agencyId: user.agency_id,
    email: user.email,
    displayName: user.display_name,
  };
}

export type NewUser = {
  laCode: string;
  email: string;
  displayName: string;
  role: string;
  agency: string;
  team?: string | undefined;
  password?: string | undefined;
  oidcIssuer?: string | undefined;
  oidcSubject?: string | undefined;
};

/** Creates an account; agency and team are named. Throws ValidationError naming the bad field. */
export async function addUser(db: Kysely<Database>, input: NewUser, by?: SignedInUser): Promise<AppUser> {
  const issues = [];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) issues.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.org' });
  if (!input.displayName.trim()) issues.push({ field: 'name', message: 'Enter the person’s name' });
  if (!isRole(input.role)) issues.push({ field: 'role', message: `Select a role: ${input.role} is not one of Haven's roles` });
  const problem = input.password === undefined ? undefined : passwordProblem(input.password);
  if (problem) issues.push({ field: 'password', message: problem });
  const agency = await findAgencyByName(db, input.laCode, input.agency);
  if (!agency) issues.push({ field: 'agency', message: `There is no agency called ${input.agency} in partnership ${input.laCode}` });
  const team = input.team ? await findTeamByName(db, input.laCode, input.team) : undefined;
  if (input.team && !team) issues.push({ field: 'team', message: `There is no team called ${input.team}` });
  if (issues.length > 0 || !agency) throw new ValidationError(issues);
  if (await findUserByEmail(db, input.email)) throw new ConflictError(`An account with email ${input.email} already exists`);

  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('app_user')
      .values({
        la_code: input.laCode,
        email: input.email.trim(),
        display_name: input.displayName.trim(),
        role: input.role,
        agency_id: agency.id,
        team_id: team?.id ?? null,
        password_hash: passwordHash,
        oidc_issuer: input.oidcIssuer ?? null,
        oidc_subject: input.oidcSubject ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { laCode: input.laCode, actor: by, action: 'user.add', recordType: 'user', recordId: user.id, outcome: 'succeeded', detail: { role: input.role } });
    return user;
  });
}

export async function disableUser(db: Kysely<Database>, email: string, by?: SignedInUser): Promise<AppUser> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new NotFoundError(`There is no account with email ${email}`);
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('app_user').set({ disabled_at: new Date() }).where('la_code', '=', user.la_code).where('id', '=', user.id).returningAll().executeTakeFirstOrThrow();
    // Disabling ends every session at once.
    await trx.deleteFrom('user_session').where('la_code', '=', user.la_code).where('user_id', '=', user.id).execute();
    await recordAudit(trx, { laCode: user.la_code, actor: by, action: 'user.disable', recordType: 'user', recordId: user.id, outcome: 'succeeded' });
    return updated;
  });
}

/** Sets a new password, clears any lockout and ends the person's sessions. */
export async function resetPassword(db: Kysely<Database>, email: string, password: string, by?: SignedInUser): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError([{ field: 'password', message: problem }]);
  const user = await findUserByEmail(db, email);
  if (!user) throw new NotFoundError(`There is no account with email ${email}`);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: hash, failed_attempts: 0, locked_until: null }).where('la_code', '=', user.la_code).where('id', '=', user.id).execute();
    await trx.deleteFrom('user_session').where('la_code', '=', user.la_code).where('user_id', '=', user.id).execute();
    await recordAudit(trx, { laCode: user.la_code, actor: by, action: 'user.reset-password', recordType: 'user', recordId: user.id, outcome: 'succeeded' });
  });
}

export type SignInResult = { ok: true; user: SignedInUser } | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

type Origin = { ip?: string | undefined; requestId?: string | undefined };

/**
 * Checks an email and password. After `lockout.attempts` failures in a row the account locks for
 * `lockout.minutes`, during which even the right password is refused. Every attempt is audited.
 */
export async function signInWithPassword(
  db: Kysely<Database>,
  config: Pick<Config, 'laCode' | 'lockout'>,
  email: string,
  password: string,
  origin: Origin,
): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  const audit = (outcome: 'succeeded' | 'failed', reason?: string) =>
    recordAudit(db, {
      laCode: user?.la_code ?? config.laCode,
      actor: user ? { id: user.id, role: user.role } : null,
      action: 'session.sign-in',
      outcome,
      ip: origin.ip,
      requestId: origin.requestId,
      detail: reason ? { method: 'password', reason } : { method: 'password' },
    });
  if (!user) {
    await audit('failed', 'unknown-account');
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabled_at) {
    await audit('failed', 'disabled');
    return { ok: false, reason: 'disabled' };
  }
  if (user.locked_until && user.locked_until > new Date()) {
    await audit('failed', 'locked');
    return { ok: false, reason: 'locked' };
  }
  if (!passwordOk) {
    const attempts = user.failed_attempts + 1;
    const locks = attempts >= config.lockout.attempts;
    await db
      .updateTable('app_user')
      .set({ failed_attempts: locks ? 0 : attempts, locked_until: locks ? new Date(Date.now() + config.lockout.minutes * 60_000) : user.locked_until })
      .where('la_code', '=', user.la_code)
      .where('id', '=', user.id)
      .execute();
    await audit('failed', locks ? 'wrong-password-now-locked' : 'wrong-password');
    return { ok: false, reason: locks ? 'locked' : 'invalid' };
  }
  await db.updateTable('app_user').set({ failed_attempts: 0, locked_until: null, last_sign_in_at: new Date() }).where('la_code', '=', user.la_code).where('id', '=', user.id).execute();
  await audit('succeeded');
  return { ok: true, user: toSignedInUser(user) };
}

// ---------------------------------------------------------------------------------------------
// Sessions

export type Session = {
  tokenHash: string;
  laCode: string;
  csrfToken: string;
  user: SignedInUser | null;
  pending: Record<string, unknown>;
};

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Starts a session (signed in or not) and returns the cookie token, which is stored only hashed. */
export async function startSession(
  db: Kysely<Database>,
  config: Pick<Config, 'laCode' | 'session'>,
  user: SignedInUser | null,
  origin: Origin,
  pending: Record<string, unknown> = {},
): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const laCode = user?.laCode ?? config.laCode;
  // A visitor who has not signed in gets an hour to do so; a signed-in session the absolute limit.
  const lifetimeMs = user ? config.session.absoluteHours * 3_600_000 : 3_600_000;
  await db
    .insertInto('user_session')
    .values({
      la_code: laCode,
      token_hash: hashToken(token),
      user_id: user?.id ?? null,
      csrf_token: csrfToken,
      pending: JSON.stringify(pending),
      ip: origin.ip ?? null,
      last_seen_at: new Date(),
      absolute_expires_at: new Date(Date.now() + lifetimeMs),
    })
    .execute();
  return { token, session: { tokenHash: hashToken(token), laCode, csrfToken, user, pending } };
}

/**
 * Finds the live session for a cookie token. A session idle longer than the idle timeout, or older
 * than its absolute limit, is deleted and treated as absent. Activity is recorded at most once a
 * minute so that reading pages does not mean writing the database on every request.
 */
export async function resumeSession(db: Kysely<Database>, config: Pick<Config, 'session'>, token: string): Promise<Session | null> {
  const tokenHash = hashToken(token);
  const row = await db.selectFrom('user_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  const idleLimitMs = row.user_id ? config.session.idleMinutes * 60_000 : 3_600_000;
  if (row.absolute_expires_at.getTime() <= now || row.last_seen_at.getTime() + idleLimitMs <= now) {
    await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  let user: SignedInUser | null = null;
  if (row.user_id) {
    const account = await findUserById(db, row.la_code, row.user_id);
    if (!account || account.disabled_at) {
      await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
      return null;
    }
    user = toSignedInUser(account);
  }
  if (now - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('user_session').set({ last_seen_at: new Date(now) }).where('token_hash', '=', tokenHash).execute();
  }
  return { tokenHash, laCode: row.la_code, csrfToken: row.csrf_token, user, pending: (row.pending as Record<string, unknown> | null) ?? {} };
}

export async function savePending(db: Kysely<Database>, session: Session): Promise<void> {
  await db.updateTable('user_session').set({ pending: JSON.stringify(session.pending) }).where('token_hash', '=', session.tokenHash).execute();
}

export async function endSession(db: Kysely<Database>, session: Session): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', session.tokenHash).execute();
}

/** Removes sessions past their limits (run at start and then hourly). */
export async function purgeExpiredSessions(db: Kysely<Database>, config: Pick<Config, 'session'>): Promise<number> {
  const idleCutoff = new Date(Date.now() - config.session.idleMinutes * 60_000);
  const result = await db
    .deleteFrom('user_session')
    .where((eb) => eb.or([eb('absolute_expires_at', '<=', new Date()), eb.and([eb('user_id', 'is not', null), eb('last_seen_at', '<=', idleCutoff)])]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export type RoleName = Role;
