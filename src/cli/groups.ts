/** Command groups several modules add to (`haven import …`, `haven export …`, `haven validate …`). */
import type { Command } from 'commander';

/** The group named `name`, created on first use so each module can add its subcommands. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
