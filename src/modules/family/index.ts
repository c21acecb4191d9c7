export { familyRoutes } from './routes.ts';
export { familyOf, type Family } from './service.ts';
