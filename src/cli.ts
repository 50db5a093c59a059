#!/usr/bin/env node
/**
 * The `citecheck` command. Kept tiny: `--version` answers before any heavy module loads,
 * everything else is in cli/program.ts.
 */
import { VERSION } from './version.js';

// `citecheck report --format json | head` closes stdout early: that is the reader's choice,
// not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./cli/program.js');
  process.exitCode = await main(args);
}
