export { dashboardRoutes } from './routes.ts';
export { dashboardFigures, kpiDataVersion, warmDashboard, type DashboardData } from './cache.ts';
