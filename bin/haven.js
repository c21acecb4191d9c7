#!/usr/bin/env node
// The `haven` command: registers tsx so Node runs Haven's TypeScript as it is, then hands over.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
