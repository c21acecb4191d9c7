/**
 * `haven validate …` on its own: the validators and nothing else (no database, no web application),
 * so that a council checking a return waits for the check, not for Haven to load. bin/haven.js
 * runs it as one prebuilt JavaScript file (see there); `main.ts` registers the same commands.
 */
import { Command } from 'commander';
import { registerValidateCommands } from '../modules/returns/cli.ts';
import { reportCliError } from './errors.ts';

export async function main(argv: string[]): Promise<void> {
  const program = new Command('haven').description('Haven: the system a safeguarding children partnership runs on').showHelpAfterError();
  registerValidateCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    reportCliError(error);
  }
}
