/** `haven serve`: migrate, optionally create the demonstration partnership, listen, print how to sign in. */
import type { Config } from '../core/config.ts';
import { openDatabase } from '../core/db/index.ts';
import { migrateToLatest } from '../migrations/index.ts';
import { ensureDemoPartnership } from '../demo/partnership.ts';
import { purgeExpiredSessions } from '../modules/identity/service.ts';

export async function serve(config: Config, options: { demo: boolean }): Promise<void> {
  const started = performance.now();
  // The database boots on its own thread while the web application's modules load here.
  const [handle, { buildApp }] = await Promise.all([openDatabase(config), import('../server.ts')]);
  await migrateToLatest(handle.db);
  // The demonstration's records (database thread) and the web application (this thread) are
  // prepared side by side.
  const demo = async (): Promise<Awaited<ReturnType<typeof ensureDemoPartnership>>> => {
    if (!options.demo) return [];
    const made = await ensureDemoPartnership(handle.db, config.laCode, config.dataDir);
    // A small synthetic partnership (2% of an inner-London borough) on first start, so every page has
    // something to show; `haven demo --scale 1` makes the full-size one.
    const { generateDemo, hasJourneyData } = await import('../demo/generator/generate.ts');
    if ((await hasJourneyData(handle.db, config.laCode)) === 0) {
      console.log('Creating the demonstration data (a small synthetic partnership)…');
      await generateDemo(handle.db, { laCode: config.laCode, scale: 0.02, seed: 1, dataDir: config.dataDir });
    }
    // This morning's MASH queue, so the front door and the huddle have something to show.
    const { ensureDemoFrontDoor } = await import('../demo/front-door.ts');
    await ensureDemoFrontDoor(handle.db, config.laCode);
    return made;
  };
  const [signIns, app] = await Promise.all([
    demo().then(async (made) => {
      await purgeExpiredSessions(handle.db, config);
      return made;
    }),
    buildApp({ db: handle.db, config, engine: handle.engine }),
  ]);
  const sweeper = setInterval(() => void purgeExpiredSessions(handle.db, config).catch(() => undefined), 3_600_000);
  sweeper.unref();

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    clearInterval(sweeper);
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  console.log(`\nHaven is serving at ${url} (database: ${handle.engine} at ${handle.location}; ready in ${Math.round(performance.now() - started)} ms)`);
  // The dashboard's figures for the year it opens on are computed now, in the background, rather
  // than by the first person to open it (seconds at scale; docs/dashboard.md).
  // It starts a moment after listening, so the first requests are not queued behind it on the
  // embedded engine's single connection.
  const { defaultDashboardYear, warmDashboard } = await import('../modules/dashboard/index.ts');
  setTimeout(() => {
    void defaultDashboardYear(handle.db, config.laCode)
      .then((year) => warmDashboard(handle.db, config.laCode, year))
      .catch((error: unknown) => app.log.warn({ err: error }, 'the dashboard figures could not be computed ahead'));
  }, 2_000).unref();
  if (signIns.length) {
    console.log('\nDemonstration sign-ins (one per role, same password):');
    for (const s of signIns) console.log(`  ${s.role.padEnd(32)} ${s.email}`);
    console.log(`  Password: ${signIns[0]?.password}\n`);
  }
}
