/** Statutory returns on the web: the data-quality page (CIN census and SSDA903 rules over Haven's own records). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../server.ts';
import { recordAudit } from '../../core/audit.ts';
import { reportingYearOf } from '../../core/dates.ts';
import { dataQualityReport } from './data-quality.ts';

export async function returnsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const { db } = ctx;

  app.get('/data-quality', {
    config: { policy: 'data_quality.view' },
    schema: { hide: true, querystring: { type: 'object', properties: { year: { type: 'string', pattern: '^20[2-9][0-9]-[0-9]{2}$' } }, additionalProperties: false } },
  }, async (request, reply) => {
    const user = request.user!;
    const { year: asked } = request.query as { year?: string };
    // The current reporting year unless one is asked for; the census has Sex (2024-25) from then on.
    const current = reportingYearOf(new Date().toISOString().slice(0, 10)).label;
    const year = asked !== undefined && Number(asked.slice(0, 4)) >= 2024 && Number(asked.slice(5)) === (Number(asked.slice(0, 4)) + 1) % 100 ? asked : current;
    const report = await dataQualityReport(db, user.laCode, year);
    await recordAudit(db, { laCode: user.laCode, actor: user, action: 'data_quality.view', outcome: 'allowed', ip: request.ip, requestId: request.id, detail: { year, cin: { children: report.cin.children, errors: report.cin.errors, queries: report.cin.queries }, ssda903: { children: report.ssda903.children, errors: report.ssda903.errors, queries: report.ssda903.queries } } });
    const firstYear = Number(current.slice(0, 4));
    const years = [0, 1, 2].map((back) => `${firstYear - back}-${String((firstYear - back + 1) % 100).padStart(2, '0')}`).filter((y) => Number(y.slice(0, 4)) >= 2024);
    return reply.render('returns/views/data-quality.njk', { title: `Data quality: CIN census and SSDA903 ${year}`, report, years });
  });
}
