/**
 * The children behind a figure (Annex A-style list): the engine's drill-down (the same facts and
 * conditions as the figure), narrowed to the selected months and team, with each child's
 * identifying details only where the access policy lets the person open that child's record.
 * A restricted record the person may not open stays in the list, so the rows still add up to the
 * figure, but shows nothing that identifies the child.
 */
import type { Kysely } from '../../core/db/kysely.ts';
import type { Database } from '../../core/db/schema.ts';
import { ageOn, reportingYear } from '../../core/dates.ts';
import { decide, type Actor } from '../../core/policy/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import { FLOW_SERIES, drillDown, kpiDefinition, type KpiDefinition } from '../kpi/index.ts';
import type { DashboardFilters } from './service.ts';
import { selectedMonths } from './service.ts';
import type { DataTable } from './tables.ts';

/** Column headings for the evidence the engine gives, in the statutory returns' words. */
const EVIDENCE_HEADERS: Record<string, string> = {
  contactDate: 'Contact date', source: 'Source', referralDate: 'Referral date', referralNfa: 'Referral NFA', referralSource: 'Referral source',
  previousReferralDate: 'Previous referral date', closureDate: 'Closure date', startDate: 'Assessment start date', authorisationDate: 'Assessment authorised',
  workingDays: 'Working days', s47StartDate: 'S47 start date', icpcDate: 'ICPC date', cppStartDate: 'CP plan start date', cppEndDate: 'CP plan end date',
  initialCategory: 'Initial category of abuse', previousPlans: 'Previous CP plans', decom: 'Episode start (DECOM)', dec: 'Episode end (DEC)', rne: 'RNE', rec: 'REC',
  legalStatus: 'Legal status', dateOfBirth: 'Date of birth (OC3)', age: 'Age in the year', inTouch: 'In touch', activity: 'Activity', accommodation: 'Accommodation',
};

export type FigureRecords = {
  definition: KpiDefinition;
  table: DataTable;
  /** Rows kept out of sight because the person may not open the child's record. */
  restricted: number;
  /** Whether the month filter applied (a figure dated by month) or the list is the whole year's. */
  byMonth: boolean;
  childIds: string[];
};

type ChildDetails = {
  id: string; la_child_id: string; first_name: string | null; last_name: string | null; date_of_birth: string | null; sex: string | null;
  team_id: string | null; team_name: string | null; allocated_worker_id: string | null; lead_agency_id: string | null; restriction: string | null;
};

/**
 * The records behind `metricId` for the filters, as a table a person may see.
 * @throws NotFoundError when there is no such metric or it has no records (the population).
 */
export async function figureRecords(db: Kysely<Database>, user: Actor, filters: DashboardFilters, metricId: string, code?: string): Promise<FigureRecords> {
  const definition = kpiDefinition(metricId);
  if (!definition || definition.kind === 'population') throw new NotFoundError(`There is no list of children behind ${metricId}`);
  let rows = await drillDown(db, user.laCode, filters.year, metricId, code);

  // The month filter narrows a figure counted by the month of a date (a flow); others are the year's.
  const flow = FLOW_SERIES.find((s) => s.metric === metricId);
  const source = 'source' in definition ? definition.source : undefined;
  const dateKey = flow && source ? Object.entries(source.evidence).find(([, column]) => column === flow.dateColumn)?.[0] : undefined;
  const months = new Set(selectedMonths(filters));
  if (dateKey && months.size < 12) rows = rows.filter((r) => months.has(String(r.evidence[dateKey] ?? '').slice(0, 7)));

  const ids = [...new Set(rows.map((r) => r.childId).filter((id): id is string => id !== null))];
  const children = new Map<string, ChildDetails>();
  const rules = new Map<string, { allow: string[]; exclude: string[] }>();
  for (let i = 0; i < ids.length; i += 5_000) {
    const chunk = ids.slice(i, i + 5_000);
    const found = await db
      .selectFrom('child as c')
      .leftJoin('team as t', (j) => j.onRef('t.id', '=', 'c.team_id').onRef('t.la_code', '=', 'c.la_code'))
      .select(['c.id', 'c.la_child_id', 'c.first_name', 'c.last_name', 'c.date_of_birth', 'c.sex', 'c.team_id', 't.name as team_name', 'c.allocated_worker_id', 'c.lead_agency_id', 'c.restriction'])
      .where('c.la_code', '=', user.laCode)
      .where('c.id', 'in', chunk)
      .execute();
    for (const c of found) children.set(c.id, c);
    const restrictedIds = found.filter((c) => c.restriction !== null).map((c) => c.id);
    if (restrictedIds.length) {
      const found = await db.selectFrom('record_access_rule').select(['record_id', 'user_id', 'rule'])
        .where('la_code', '=', user.laCode).where('record_type', '=', 'child').where('record_id', 'in', restrictedIds).execute();
      for (const r of found) {
        const entry = rules.get(r.record_id) ?? { allow: [], exclude: [] };
        (r.rule === 'allow' ? entry.allow : entry.exclude).push(r.user_id);
        rules.set(r.record_id, entry);
      }
    }
  }
  if (filters.teamId) rows = rows.filter((r) => r.childId !== null && children.get(r.childId)?.team_id === filters.teamId);

  const referenceDate = reportingYear(filters.year).end;
  const evidenceKeys = source ? Object.keys(source.evidence) : [];
  let restricted = 0;
  const shownIds: string[] = [];
  const tableRows = rows.map((r) => {
    const child = r.childId ? children.get(r.childId) : undefined;
    const rule = child ? rules.get(child.id) : undefined;
    const visible = !child || decide(user, 'child.view', {
      laCode: user.laCode, ownerUserId: child.allocated_worker_id, teamId: child.team_id, agencyId: child.lead_agency_id,
      restriction: child.restriction, allowedUserIds: rule?.allow ?? [], excludedUserIds: rule?.exclude ?? [],
    }).allowed;
    const row: DataTable['rows'][number] = { code: r.code ?? null, counted: r.counted ?? null };
    if (!visible) {
      restricted += 1;
      Object.assign(row, { childId: null, laChildId: 'Restricted', name: 'Restricted record', sex: null, dateOfBirth: null, age: null, team: null });
      for (const key of evidenceKeys) row[`e:${key}`] = null;
      return row;
    }
    if (child) shownIds.push(child.id);
    Object.assign(row, {
      childId: child?.id ?? null,
      laChildId: child?.la_child_id ?? r.laChildId ?? 'No child recorded',
      name: child ? [child.first_name, child.last_name].filter(Boolean).join(' ') || 'Not recorded' : null,
      sex: child?.sex ?? null,
      dateOfBirth: child?.date_of_birth ?? null,
      age: child?.date_of_birth && child.date_of_birth <= referenceDate ? ageOn(child.date_of_birth, referenceDate) : null,
      team: child?.team_name ?? null,
    });
    for (const key of evidenceKeys) row[`e:${key}`] = r.evidence[key] ?? null;
    return row;
  });

  const columns: DataTable['columns'] = [
    { key: 'laChildId', header: 'Child ID' }, { key: 'name', header: 'Name' }, { key: 'sex', header: 'Gender' }, { key: 'dateOfBirth', header: 'Date of birth' },
    { key: 'age', header: `Age at ${referenceDate}`, numeric: true }, { key: 'team', header: 'Team' },
    ...(definition.kind === 'by' ? [{ key: 'code', header: 'Code' }] : []),
    ...(definition.kind === 'pct' ? [{ key: 'counted', header: 'Counted in the percentage' }] : []),
    ...evidenceKeys.map((k) => ({ key: `e:${k}`, header: EVIDENCE_HEADERS[k] ?? k, numeric: k === 'workingDays' || k === 'age' || k === 'previousPlans' })),
  ];
  return {
    definition,
    table: { name: `${metricId.replace(/[^a-z0-9]+/gi, '-')}-${filters.year}`, caption: definition.title, columns, rows: tableRows },
    restricted,
    byMonth: Boolean(dateKey),
    childIds: shownIds,
  };
}
