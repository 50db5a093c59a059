#!/usr/bin/env node
/**
 * The `citecheck` command. Kept tiny: `--version` answers before any heavy module loads,
 * everything else is in cli/program.ts.
 */
import { VERSION } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./cli/program.js');
  process.exitCode = await main(args);
}
