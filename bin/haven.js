#!/usr/bin/env node
// The `haven` command: registers tsx so Node runs Haven's TypeScript as it is, then hands over.
import { register } from 'tsx/esm/api';

register();
// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
