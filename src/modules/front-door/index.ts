export { frontDoorRoutes } from './routes.ts';
export { mashMetrics, huddleFigures, type MashMetrics } from './metrics.ts';
export { createApiClient, revokeApiClient } from './api-clients.ts';
export { screeningConfig, parseScreeningConfig, type ScreeningConfig } from './config.ts';
export { registerFrontDoorCommands } from './cli.ts';
