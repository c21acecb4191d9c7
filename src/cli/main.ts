/**
 * The `haven` command. Each subcommand opens the database named by the environment (DATABASE_URL
 * for a PostgreSQL server, else the embedded engine under HAVEN_DATA), does one thing, and exits
 * non-zero with a plain message when it cannot.
 */
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../core/config.ts';
import { openDatabase } from '../core/db/index.ts';
import { migrateToLatest } from '../migrations/index.ts';
import { verifyAuditChain } from '../core/audit.ts';
import { ROLES } from '../core/policy/index.ts';
import { addUser, disableUser, generatePassword, resetPassword } from '../modules/identity/index.ts';
import { registerReferenceCommands } from '../modules/reference/cli.ts';
import { registerReturnsCommands } from '../modules/returns/cli.ts';
import { registerKpiCommands } from '../modules/kpi/cli.ts';
import { registerDemoCommands } from '../demo/generator/cli.ts';
import { registerFrontDoorCommands } from '../modules/front-door/cli.ts';
import { registerAnnexACommands } from '../modules/returns/annex-a/cli.ts';
import { withCliDatabase } from './database.ts';
import { reportCliError } from './errors.ts';

/**
 * Subcommands that modules add (import, export, validate, kpi, report, demo). Each module's
 * `cli.ts` exports a register function; keep those files small and import heavy code inside the
 * command's action, so `haven serve` does not load it. One line per module:
 */
const MODULE_COMMANDS: ((program: Command) => void)[] = [
  registerKpiCommands,
  registerDemoCommands,
  registerReferenceCommands,
  registerReturnsCommands,
  registerFrontDoorCommands,
  registerAnnexACommands,
];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function buildProgram(): Command {
  const program = new Command('haven')
    .description('Haven: the system a safeguarding children partnership runs on')
    .showHelpAfterError()
    .addHelpText('after', '\nData: HAVEN_DATA (default ./data) for the embedded database, or DATABASE_URL for a PostgreSQL server.');

  program
    .command('serve')
    .description('serve Haven over HTTP (what `npm start` runs)')
    .option('--demo', 'create the demonstration partnership on first start and print its sign-ins')
    .option('-p, --port <port>', 'port to listen on (default PORT or 3000)')
    .option('--host <host>', 'address to listen on (default HAVEN_HOST or 127.0.0.1)')
    .action(async (options: { demo?: boolean; port?: string; host?: string }) => {
      const overrides: Partial<Config> = {};
      if (options.port) overrides.port = Number(options.port);
      if (options.host) overrides.host = options.host;
      const env = { ...process.env, ...(options.port ? { PORT: options.port } : {}), ...(options.host ? { HAVEN_HOST: options.host } : {}) };
      // Loaded on demand: the web application's modules are not needed by the other commands.
      const { serve } = await import('./serve.ts');
      await serve(loadConfig(env), { demo: options.demo === true });
    });

  program
    .command('migrate')
    .description('apply every pending database migration')
    .action(async () => {
      const config = loadConfig();
      const handle = await openDatabase(config);
      try {
        const applied = await migrateToLatest(handle.db);
        console.log(applied.length ? `Applied ${applied.join(', ')} to ${handle.location}` : `Database at ${handle.location} is up to date`);
      } finally {
        await handle.close();
      }
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('add')
    .description('add an account; prints a generated password unless --password-stdin is given')
    .requiredOption('--email <email>', 'sign-in email address')
    .requiredOption('--name <name>', 'the person’s name')
    .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
    .requiredOption('--agency <agency>', 'agency name, as recorded in Haven')
    .option('--team <team>', 'team name')
    .option('--password-stdin', 'read the password from standard input')
    .option('--sso-only', 'no password: the person signs in by single sign-on only')
    .action(async (options: { email: string; name: string; role: string; agency: string; team?: string; passwordStdin?: boolean; ssoOnly?: boolean }) => {
      const config = loadConfig();
      const password = options.ssoOnly ? undefined : options.passwordStdin ? await readStdin() : generatePassword();
      await withCliDatabase(async ({ db }) => {
        await addUser(db, { laCode: config.laCode, email: options.email, displayName: options.name, role: options.role, agency: options.agency, team: options.team, password });
      });
      console.log(`Added ${options.email} as ${options.role}.`);
      if (password && !options.passwordStdin) console.log(`Password: ${password}`);
    });

  user
    .command('disable')
    .description('disable an account and end its sessions')
    .argument('<email>', 'the account’s email')
    .action(async (email: string) => {
      await withCliDatabase(({ db }) => disableUser(db, email));
      console.log(`Disabled ${email}; any sessions have ended.`);
    });

  user
    .command('reset-password')
    .description('set a new password (generated unless --password-stdin), clear lockout, end sessions')
    .argument('<email>', 'the account’s email')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (email: string, options: { passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : generatePassword();
      await withCliDatabase(({ db }) => resetPassword(db, email, password));
      console.log(`Reset the password of ${email}.`);
      if (!options.passwordStdin) console.log(`Password: ${password}`);
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('recompute the audit trail’s hash chain; exit 1 and name the first broken row if any')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await withCliDatabase(({ db }) => verifyAuditChain(db));
      if (options.json) console.log(JSON.stringify(report));
      else if (report.firstBroken) {
        const { laCode, seq, problem } = report.firstBroken;
        console.log(`Audit trail BROKEN: first broken row is seq ${seq} (partnership ${laCode}): ${problem === 'altered' ? 'its content does not match its hash (edited)' : 'its link to the previous row does not hold (a row before it was deleted or changed)'}.`);
      } else {
        console.log(`Audit trail intact: ${report.rows} rows verified.`);
        for (const head of report.heads) console.log(`  partnership ${head.laCode}: head seq ${head.seq} hash ${head.hash}`);
      }
      if (report.firstBroken) process.exitCode = 1;
    });

  for (const register of MODULE_COMMANDS) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    reportCliError(error);
  }
}
