/**
 * `haven api-client add|revoke`: API clients for agency systems from the command line (the
 * same as the administrators' page /admin/api-clients). Registered by one line in src/cli/main.ts's
 * MODULE_COMMANDS; the work is imported inside each action so `haven serve` does not load it.
 */
import type { Command } from 'commander';

export function registerFrontDoorCommands(program: Command): void {
  const apiClient = program.command('api-client').description('agency systems that send contacts to the front door through the API');

  apiClient
    .command('add')
    .description('add an API client for an agency; prints its client id and secret (the secret is not shown again)')
    .requiredOption('--agency <agency>', 'the agency the system belongs to, by name')
    .requiredOption('--name <name>', 'the system, e.g. "Police notifications"')
    .action(async (options: { agency: string; name: string }) => {
      const [{ loadConfig }, { withCliDatabase }, { createApiClient }] = await Promise.all([
        import('../../core/config.ts'), import('../../cli/database.ts'), import('./api-clients.ts'),
      ]);
      const config = loadConfig();
      await withCliDatabase(async ({ db }) => {
        const agency = await db.selectFrom('agency').select('id').where('la_code', '=', config.laCode).where('name', '=', options.agency).executeTakeFirst();
        if (!agency) throw new Error(`There is no agency called ${options.agency} in partnership ${config.laCode}`);
        const { client, secret } = await createApiClient(db, { laCode: config.laCode, name: options.name, agencyId: agency.id });
        console.log(`client id:     ${client.clientId}\nclient secret: ${secret}\ntoken:         POST ${config.publicUrl}/api/v1/front-door/token (HTTP Basic, grant_type=client_credentials)`);
      });
    });

  apiClient
    .command('revoke')
    .description('revoke an API client: its tokens stop working')
    .argument('<client-id>', 'the client id')
    .action(async (clientId: string) => {
      const [{ loadConfig }, { withCliDatabase }, { revokeApiClient }] = await Promise.all([
        import('../../core/config.ts'), import('../../cli/database.ts'), import('./api-clients.ts'),
      ]);
      const config = loadConfig();
      await withCliDatabase(async ({ db }) => {
        const client = await db.selectFrom('api_client').select('id').where('la_code', '=', config.laCode).where('client_id', '=', clientId).executeTakeFirst();
        if (!client) throw new Error(`There is no API client ${clientId}`);
        await revokeApiClient(db, config.laCode, client.id);
        console.log(`Revoked ${clientId}`);
      });
    });
}
