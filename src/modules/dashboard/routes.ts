/**
 * The dashboard's pages (HTTP only: parse, authorise, call, render): the figures, trends and
 * timeliness of the year; the children behind a figure; and every table as CSV or Excel.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { can } from '../../core/policy/index.ts';
import { londonDateOf } from '../../core/calendar/index.ts';
import { reportingYear } from '../../core/dates.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { dashboardFigures, defaultDashboardYear } from './cache.ts';
import { figureRecords } from './figure.ts';
import { dashboardTable, distributionCharts, filterQuery, isFiltered, selectedMonths, tiles, trendCharts, type DashboardFilters } from './service.ts';
import { toCsv, toXlsxStream, type DataTable } from './tables.ts';
import { monthName, recentYears } from './years.ts';

const MONTH = '^(0[1-9]|1[0-2])?$';
const filterProperties = {
  year: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
  from: { type: 'string', pattern: MONTH },
  to: { type: 'string', pattern: MONTH },
  team: { type: 'string', pattern: '^([0-9a-fA-F-]{36})?$' },
} as const;
const dashboardQuery = { type: 'object', properties: filterProperties, additionalProperties: false } as const;
const figureQuery = {
  type: 'object',
  properties: { ...filterProperties, code: { type: 'string', pattern: '^[A-Za-z0-9]{1,4}$' }, page: { type: 'integer', minimum: 1, maximum: 100_000 } },
  additionalProperties: false,
} as const;
const downloadQuery = { type: 'object', properties: { ...filterProperties, code: figureQuery.properties.code, format: { type: 'string', enum: ['csv', 'xlsx'] } }, required: ['format'], additionalProperties: false } as const;
const idParams = { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z0-9_.-]{1,60}$' } }, required: ['id'] } as const;

type Query = { year?: string; from?: string; to?: string; team?: string; code?: string; page?: number; format?: 'csv' | 'xlsx' };

const PAGE_SIZE = 100;

async function filtersOf(query: Query, defaultYear: () => Promise<string>): Promise<DashboardFilters> {
  const year = query.year ?? (await defaultYear());
  try {
    reportingYear(year);
  } catch {
    throw new ValidationError([{ field: 'year', message: 'Enter a reporting year like 2025-26' }]);
  }
  return { year, from: query.from || null, to: query.to || null, teamId: query.team || null };
}

const auditOf = (request: FastifyRequest) => ({ actor: request.user, ip: request.ip, requestId: request.id, laCode: request.user!.laCode });

function sendTable(reply: FastifyReply, table: DataTable, format: 'csv' | 'xlsx'): FastifyReply {
  const file = `${table.name}.${format}`;
  reply.header('content-disposition', `attachment; filename="${file}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(toXlsxStream(table));
}

export async function dashboardRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;

  app.get('/dashboard', { config: { policy: 'dashboard.view' }, schema: { hide: true, querystring: dashboardQuery } }, async (request, reply) => {
    const user = request.user!;
    const filters = await filtersOf(request.query as Query, () => defaultDashboardYear(db, user.laCode));
    const { data, fresh } = await dashboardFigures(db, user.laCode, filters.year);
    const months = selectedMonths(filters);
    const teamName = filters.teamId ? data.teams.find((t) => t.id === filters.teamId)?.name ?? 'Unknown team' : null;
    const yearMonths = selectedMonths({ ...filters, from: null, to: null });
    return reply.render('dashboard/views/dashboard.njk', {
      title: 'Dashboard',
      filters,
      query: filterQuery(filters),
      fresh,
      data,
      filtered: isFiltered(filters),
      period: `${monthName(months[0]!)} to ${monthName(months[months.length - 1]!)}`,
      teamName,
      years: [...new Set([...recentYears(londonDateOf(new Date())), filters.year])].sort().reverse().map((y) => ({ value: y, text: y, selected: y === filters.year })),
      fromMonths: [{ value: '', text: 'April (start of the year)' }, ...yearMonths.map((m) => ({ value: m.slice(5), text: monthName(m), selected: m.slice(5) === filters.from }))],
      toMonths: [{ value: '', text: 'March (end of the year)' }, ...yearMonths.map((m) => ({ value: m.slice(5), text: monthName(m), selected: m.slice(5) === filters.to }))],
      teams: [{ value: '', text: 'All teams' }, ...data.teams.map((t) => ({ value: t.id, text: t.name, selected: t.id === filters.teamId }))],
      tiles: tiles(data, filters),
      trends: trendCharts(data, filters).map((chart) => ({
        ...chart,
        // Each month of a flow opens the children counted in that month.
        table: !can(user, 'dashboard.drilldown') || chart.kind !== 'flow' ? chart.table : {
          ...chart.table,
          rows: chart.table.rows.map((row) => (typeof row.key === 'string' ? { ...row, href: `/dashboard/figures/${chart.metric}?${filterQuery({ ...filters, from: row.key.slice(5), to: row.key.slice(5) })}` } : row)),
        },
      })),
      distributions: distributionCharts(data, filters),
      canDrill: can(user, 'dashboard.drilldown'),
    });
  });

  app.get('/dashboard/tables/:id/download', { config: { policy: 'dashboard.view' }, schema: { hide: true, params: idParams, querystring: downloadQuery } }, async (request, reply) => {
    const user = request.user!;
    const query = request.query as Query;
    const filters = await filtersOf(query, () => defaultDashboardYear(db, user.laCode));
    const { id } = request.params as { id: string };
    const { data } = await dashboardFigures(db, user.laCode, filters.year);
    const table = dashboardTable(data, filters, id);
    if (!table) throw new NotFoundError(`The dashboard has no table ${id}`);
    await recordAudit(db, { ...auditOf(request), action: 'dashboard.download', recordType: 'dashboard_table', recordId: id, outcome: 'allowed', detail: { format: query.format, filters, rows: table.rows.length } });
    return sendTable(reply, table, query.format!);
  });

  app.get('/dashboard/figures/:id', { config: { policy: 'dashboard.drilldown' }, schema: { hide: true, params: idParams, querystring: figureQuery } }, async (request, reply) => {
    const user = request.user!;
    const query = request.query as Query;
    const filters = await filtersOf(query, () => defaultDashboardYear(db, user.laCode));
    const { id } = request.params as { id: string };
    const records = await figureRecords(db, user, filters, id, query.code);
    const pages = Math.max(1, Math.ceil(records.table.rows.length / PAGE_SIZE));
    const page = Math.min(query.page ?? 1, pages);
    const shown = records.table.rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    await recordAudit(db, {
      ...auditOf(request), action: 'dashboard.drilldown', recordType: 'kpi', recordId: id, outcome: 'allowed',
      detail: { filters, code: query.code ?? null, rows: records.table.rows.length, restrictedHidden: records.restricted, page, childIds: shown.map((r) => r.childId).filter(Boolean) },
    });
    const months = selectedMonths(filters);
    const extra: Record<string, string> = query.code ? { code: query.code } : {};
    return reply.render('dashboard/views/figure.njk', {
      title: records.definition.title,
      metric: id,
      code: query.code ?? null,
      definition: records.definition,
      filters,
      period: records.byMonth ? `${monthName(months[0]!)} to ${monthName(months[months.length - 1]!)}` : `the reporting year ${filters.year}`,
      teamFiltered: Boolean(filters.teamId),
      table: records.table,
      // A child's ID opens their record (whose opening the people module audits) for those who may.
      rows: can(user, 'child.view') ? shown.map((row) => (row.childId ? { ...row, href: `/children/${String(row.childId)}` } : row)) : shown,
      total: records.table.rows.length,
      page,
      pages,
      counted: records.table.rows.filter((r) => r.counted === true).length,
      restricted: records.restricted,
      backHref: `/dashboard?${filterQuery(filters)}`,
      downloadQuery: filterQuery(filters, extra),
      pagination: pages > 1 ? {
        previous: page > 1 ? { href: `?${filterQuery(filters, { ...extra, page: String(page - 1) })}` } : undefined,
        next: page < pages ? { href: `?${filterQuery(filters, { ...extra, page: String(page + 1) })}` } : undefined,
        items: Array.from({ length: pages }, (_, i) => i + 1)
          .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
          .map((n) => ({ number: n, href: `?${filterQuery(filters, { ...extra, page: String(n) })}`, current: n === page })),
      } : null,
    });
  });

  app.get('/dashboard/figures/:id/download', { config: { policy: 'dashboard.drilldown' }, schema: { hide: true, params: idParams, querystring: downloadQuery } }, async (request, reply) => {
    const user = request.user!;
    const query = request.query as Query;
    const filters = await filtersOf(query, () => defaultDashboardYear(db, user.laCode));
    const { id } = request.params as { id: string };
    const records = await figureRecords(db, user, filters, id, query.code);
    await recordAudit(db, {
      ...auditOf(request), action: 'dashboard.download', recordType: 'kpi', recordId: id, outcome: 'allowed',
      detail: { format: query.format, filters, code: query.code ?? null, rows: records.table.rows.length, restrictedHidden: records.restricted, childIds: records.childIds.slice(0, 1000) },
    });
    return sendTable(reply, records.table, query.format!);
  });
}
