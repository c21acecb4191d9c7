/**
 * Opening a child's record for an action: load it within the user's partnership, decide with the
 * access policy (honouring a break-glass grant given earlier in the session), and audit the
 * decision. Every page about a child goes through here.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from '../../core/db/kysely.ts';
import type { Child, Database } from '../../core/db/schema.ts';
import { recordAudit } from '../../core/audit.ts';
import { decide, type Action, type Decision } from '../../core/policy/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import { childRecordRef, findChild } from './repository.ts';

export type ChildAccess = { child: Child; decision: Decision };

/** Loads the child in the URL (`:id`) and decides `action` on it; audits the outcome as `auditAs`. */
export async function authorizeChild(db: Kysely<Database>, request: FastifyRequest, action: Action, auditAs: string = action): Promise<ChildAccess> {
  const user = request.user!;
  const { id } = request.params as { id: string };
  const child = await findChild(db, user.laCode, id);
  if (!child) throw new NotFoundError();
  const reason = (request.session?.pending.breakGlass as Record<string, string> | undefined)?.[child.id];
  const decision = decide(user, action, await childRecordRef(db, child), { breakGlassReason: reason });
  await recordAudit(db, {
    laCode: child.la_code, actor: user, action: auditAs, recordType: 'child', recordId: child.id, ip: request.ip, requestId: request.id,
    outcome: decision.allowed ? 'allowed' : 'denied',
    breakGlass: decision.breakGlass, purpose: decision.breakGlass ? reason : undefined,
    detail: decision.allowed ? undefined : { reason: decision.reason },
  });
  return { child, decision };
}
