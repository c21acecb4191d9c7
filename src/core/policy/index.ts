/**
 * The access policy: the one place that decides "may user U do action A on record R".
 *
 * A decision is role x action x scope. Each role is granted each action at a scope: `own` (records
 * allocated to the user), `team`, `agency` (records the user's agency leads or that were shared with
 * it), or `partnership` (every record of the user's partnership). No grant means no access. A user
 * never reaches another partnership's records. Restricted records (a member of staff's own child or
 * relative, a high-profile case, an adoption) open only to their named exceptions; anyone else whose
 * role may break glass can open one by giving a reason, which is audited and flagged to managers.
 * People excluded from a record (the member of staff it concerns) never open it, not even by break-glass.
 *
 * Routes declare their action (src/web/policy-hook.ts); services call `decide` with the record.
 */
import type { Role } from './roles.ts';

export { ROLES, ROLE_LABELS, isRole, type Role } from './roles.ts';

export type Scope = 'own' | 'team' | 'agency' | 'partnership';

/** Every action Haven authorises. A route names one of these, or is public. */
export const ACTIONS = [
  'home.view',
  'child.search',
  'child.view',
  'child.create',
  'child.edit',
  'caseload.view',
  // Allocating (or reallocating) a child's case to a social worker: a manager's decision.
  'child.allocate',
  'child.merge',
  'record.viewers',
  'breakglass.review',
  'audit.view',
  'audit.verify',
  'user.manage',
  'kpi.view',
  // The dashboard: its figures and chart tables (aggregates), and the lists of children behind a figure.
  'dashboard.view',
  'dashboard.drilldown',
  'returns.export',
  // The CIN census rules over Haven's own records (/data-quality): analysts, managers, administrators.
  'data_quality.view',
  // The front door (MASH): contacts, screening, decisions, strategy discussions, consultations.
  'contact.submit',
  'contact.view',
  'contact.screen',
  'contact.decide',
  'contact.outcome.view',
  'research.answer',
  'strategy.record',
  'strategy.view',
  'consultation.log',
  'consultation.search',
  'huddle.view',
  'api_client.manage',
] as const;

export type Action = (typeof ACTIONS)[number];

const P = 'partnership' as const;
const T = 'team' as const;
const A = 'agency' as const;
const O = 'own' as const;

/**
 * The grants. Least privilege: administrators manage accounts but read no case; auditors read the
 * audit trail but no case; partner practitioners see only the children their agency leads or was
 * shared; the chair and the partnership manager see figures, not children.
 */
const GRANTS: Record<Role, Partial<Record<Action, Scope>>> = {
  mash_practitioner: {
    'home.view': P, 'child.search': P, 'child.view': P, 'child.create': P, 'child.edit': T, 'caseload.view': O,
    // Hub staff of every agency answer research for their own agency; screening and deciding are a manager's.
    'contact.submit': P, 'contact.view': P, 'research.answer': A, 'strategy.view': P, 'consultation.log': P, 'consultation.search': P, 'huddle.view': P,
  },
  mash_manager: {
    'home.view': P, 'child.search': P, 'child.view': P, 'child.create': P, 'child.edit': P, 'child.merge': P,
    'caseload.view': T, 'child.allocate': T, 'record.viewers': P, 'breakglass.review': P, 'kpi.view': P, 'dashboard.view': P, 'dashboard.drilldown': P,
    'contact.submit': P, 'contact.view': P, 'contact.screen': P, 'contact.decide': P, 'research.answer': P,
    'strategy.record': P, 'strategy.view': P, 'consultation.log': P, 'consultation.search': P, 'huddle.view': P,
  },
  social_worker: { 'home.view': P, 'child.search': P, 'child.view': P, 'child.create': P, 'child.edit': O, 'caseload.view': O, 'strategy.record': P, 'strategy.view': P },
  team_manager: {
    'home.view': P, 'child.search': P, 'child.view': P, 'child.create': P, 'child.edit': T, 'child.merge': P,
    'caseload.view': T, 'child.allocate': T, 'record.viewers': T, 'breakglass.review': T, 'kpi.view': P, 'dashboard.view': P, 'dashboard.drilldown': P,
    'strategy.record': P, 'strategy.view': P, 'huddle.view': P, 'data_quality.view': P,
  },
  // A partner agency submits contacts and sees the outcome of its own agency's contacts, and the
  // strategy discussions it attended, and nothing else (domain.md §2).
  partner_practitioner: { 'home.view': P, 'child.view': A, 'contact.submit': A, 'contact.outcome.view': A, 'strategy.view': A },
  lado: { 'home.view': P, 'child.search': P, 'child.view': P },
  cdop_coordinator: { 'home.view': P, 'child.search': P, 'child.view': P },
  // The chair, the partnership manager and the auditor see the dashboard's figures but never the
  // children behind them; the analyst, who already reads children's records, may list them.
  partnership_manager: { 'home.view': P, 'kpi.view': P, 'dashboard.view': P },
  performance_analyst: { 'home.view': P, 'child.view': P, 'kpi.view': P, 'returns.export': P, 'dashboard.view': P, 'dashboard.drilldown': P, 'data_quality.view': P },
  independent_chair: { 'home.view': P, 'kpi.view': P, 'dashboard.view': P },
  auditor: { 'home.view': P, 'dashboard.view': P, 'record.viewers': P, 'breakglass.review': P, 'audit.view': P, 'audit.verify': P },
  administrator: { 'home.view': P, 'user.manage': P, 'audit.verify': P, 'api_client.manage': P, 'data_quality.view': P },
};

/** Roles whose work can demand opening a restricted record in an emergency. */
const BREAK_GLASS_ROLES: ReadonlySet<Role> = new Set<Role>([
  'mash_practitioner', 'mash_manager', 'social_worker', 'team_manager', 'lado', 'cdop_coordinator',
]);

/** A break-glass reason must say something: at least this many characters. */
export const BREAK_GLASS_MIN_REASON = 10;

export type Actor = { id: string; laCode: string; role: Role; teamId: string | null; agencyId: string };

export type RecordRef = {
  laCode: string;
  ownerUserId?: string | null;
  teamId?: string | null;
  agencyId?: string | null;
  sharedWithAgencyIds?: readonly string[];
  restriction?: string | null;
  allowedUserIds?: readonly string[];
  excludedUserIds?: readonly string[];
};

export type DecisionReason =
  | 'granted'
  | 'no-grant'
  | 'other-partnership'
  | 'out-of-scope'
  | 'restricted'
  | 'excluded'
  | 'break-glass';

export type Decision = {
  allowed: boolean;
  reason: DecisionReason;
  /** True when access was allowed only because the user broke glass: audit it and alert managers. */
  breakGlass: boolean;
  /** True when the record is restricted and the user could open it by giving a reason. */
  canBreakGlass: boolean;
};

/** The scope at which a role holds an action, if any. */
export function grantedScope(role: Role, action: Action): Scope | undefined {
  return GRANTS[role][action];
}

function inScope(actor: Actor, scope: Scope, record: RecordRef): boolean {
  switch (scope) {
    case 'partnership':
      return true;
    case 'agency':
      return (
        (record.agencyId != null && record.agencyId === actor.agencyId) ||
        (record.sharedWithAgencyIds ?? []).includes(actor.agencyId)
      );
    case 'team':
      return (record.teamId != null && record.teamId === actor.teamId) || record.ownerUserId === actor.id;
    case 'own':
      return record.ownerUserId === actor.id;
  }
}

const deny = (reason: DecisionReason, canBreakGlass = false): Decision => ({ allowed: false, reason, breakGlass: false, canBreakGlass });

/**
 * Decides whether the actor may take the action, on a record when one is given. Without a record
 * the question is "may this role do this at all" (used to guard routes and show links).
 */
export function decide(
  actor: Actor,
  action: Action,
  record?: RecordRef,
  options: { breakGlassReason?: string | undefined } = {},
): Decision {
  const scope = grantedScope(actor.role, action);
  if (!scope) return deny('no-grant');
  if (!record) return { allowed: true, reason: 'granted', breakGlass: false, canBreakGlass: false };
  if (record.laCode !== actor.laCode) return deny('other-partnership');
  if (!inScope(actor, scope, record)) return deny('out-of-scope');
  if (!record.restriction) return { allowed: true, reason: 'granted', breakGlass: false, canBreakGlass: false };

  if ((record.excludedUserIds ?? []).includes(actor.id)) return deny('excluded');
  if ((record.allowedUserIds ?? []).includes(actor.id)) return { allowed: true, reason: 'granted', breakGlass: false, canBreakGlass: false };
  const mayBreakGlass = BREAK_GLASS_ROLES.has(actor.role);
  const reason = options.breakGlassReason?.trim() ?? '';
  if (mayBreakGlass && reason.length >= BREAK_GLASS_MIN_REASON) {
    return { allowed: true, reason: 'break-glass', breakGlass: true, canBreakGlass: true };
  }
  return deny('restricted', mayBreakGlass);
}

/** Shorthand: may the role take the action at all (at any scope)? */
export function can(actor: Pick<Actor, 'role'>, action: Action): boolean {
  return grantedScope(actor.role, action) !== undefined;
}
