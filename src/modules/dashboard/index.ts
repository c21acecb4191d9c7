export { dashboardRoutes } from './routes.ts';
export { dashboardFigures, defaultDashboardYear, kpiDataVersion, warmDashboard, type DashboardData } from './cache.ts';
