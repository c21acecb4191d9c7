/** How every `haven` command reports a failure: one plain line per problem on stderr, exit code 2. */
import { HavenError, ValidationError } from '../core/errors.ts';

export function reportCliError(error: unknown): void {
  if (error instanceof ValidationError) {
    for (const issue of error.issues) console.error(`haven: ${issue.field}: ${issue.message}`);
  } else if (error instanceof HavenError) {
    console.error(`haven: ${error.message}`);
  } else {
    console.error(`haven: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 2;
}
