/** The roles people hold in Haven, with the words the partnership uses for them. */
export const ROLES = [
  'mash_practitioner',
  'mash_manager',
  'social_worker',
  'team_manager',
  'partner_practitioner',
  'lado',
  'cdop_coordinator',
  'partnership_manager',
  'performance_analyst',
  'independent_chair',
  'auditor',
  'administrator',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  mash_practitioner: 'MASH practitioner',
  mash_manager: 'MASH manager',
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  partner_practitioner: 'Partner agency practitioner',
  lado: 'LADO',
  cdop_coordinator: 'CDOP coordinator',
  partnership_manager: 'Partnership manager',
  performance_analyst: 'Performance analyst',
  independent_chair: 'Independent chair / scrutineer',
  auditor: 'Auditor',
  administrator: 'Administrator',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
