export { journeyRoutes } from './routes.ts';
export { childClocks, type Clock, type JourneySnapshot } from './clocks.ts';
export { timescales, dueDate } from './timescales.ts';
export { loadJourneyRows, toSnapshot } from './repository.ts';
