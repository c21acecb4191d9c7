export { auditRoutes } from './routes.ts';
export { recordViewers } from './repository.ts';
