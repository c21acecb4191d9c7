export { peopleRoutes } from './routes.ts';
export { findChild, childRecordRef } from './repository.ts';
