export { peopleRoutes } from './routes.ts';
export { findChild, childRecordRef } from './repository.ts';
export { authorizeChild, type ChildAccess } from './access.ts';
export { searchChildren, parseSearch, findLikelyDuplicates } from './search.ts';
export { createChild } from './service.ts';
