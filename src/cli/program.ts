import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isCitecheckError } from '../errors.js';
import { LOG_LEVELS } from '../log.js';
import { STATUS_WORDS } from '../types.js';
import { oneLine } from '../util/text.js';
import { VERSION } from '../version.js';
import type { CommonOptions } from './options.js';
import { EXIT } from './exit.js';

/** Run the CLI with these arguments; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const outcome = { code: EXIT.ok as number };
  const program = buildProgram(outcome);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.code;
  } catch (error) {
    return reportError(error, argv.includes('--debug'));
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed help/version or the usage message.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  // One line whatever the message holds: a CI log or a wrapper script reads it as one.
  if (isCitecheckError(error)) {
    process.stderr.write(`citecheck: error: ${oneLine(error.message)}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`citecheck: internal error: ${oneLine(message)} (run again with --debug for details)\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT.usage;
}

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return n;
};
const statusList = (value: string) => {
  const words = value.split(',').map((w) => w.trim()).filter(Boolean);
  const unknown = words.filter((w) => !(STATUS_WORDS as readonly string[]).includes(w));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown status ${unknown.join(', ')} (known: ${STATUS_WORDS.join(', ')})`);
  return words;
};

function withCommon(cmd: Command): Command {
  return cmd
    .option('--config <path>', 'config file (default: citecheck.config.json, or the "citecheck" key of package.json)')
    .addOption(new Option('--log-level <level>', 'log level on stderr').choices(LOG_LEVELS).default('info'))
    .option('-q, --quiet', 'no progress line, warnings only in logs')
    .option('--debug', 'show stack traces for errors');
}

function withNetwork(cmd: Command): Command {
  return cmd
    .option('--concurrency <n>', 'requests in flight at most, all hosts together (default 32)', int('--concurrency'))
    .option('--host-concurrency <n>', 'requests in flight at most to one host (default 2)', int('--host-concurrency'))
    .option('--host-interval <ms>', 'least time between request starts to one host (default 500)', int('--host-interval'))
    .option('--connect-timeout <ms>', 'connect timeout (default 10000)', int('--connect-timeout'))
    .option('--headers-timeout <ms>', 'time to wait for response headers (default 15000)', int('--headers-timeout'))
    .option('--timeout <ms>', 'whole-request timeout (default 30000)', int('--timeout'))
    .option('--retries <n>', 'tries per request on retryable failures (default 3)', int('--retries'))
    .option('--retry-after-cap <ms>', 'longest Retry-After honoured before calling a host blocked (default 120000)', int('--retry-after-cap'))
    .option('--max-hops <n>', 'redirects followed at most (default 10)', int('--max-hops'))
    .option('--max-body <bytes>', 'bytes of a body read at most, after decompression (default 2 MiB)', int('--max-body'))
    .option('--user-agent <text>', 'User-Agent header sent')
    .option('--allow-private', 'also fetch loopback, private, link-local and reserved addresses (refused by default)')
    .option('--allow-host <host>', 'a host name, IP or CIDR range to reach even when private (repeatable)', (value: string, list: string[] = []) => [...list, value])
    .option('--insecure', 'accept TLS certificates that fail verification (expired, self-signed, wrong host, unknown CA)')
    .option('--archive <path>', 'archive of past results (default reports/archive.json)')
    .option('--resume', 'reuse results from the archive younger than --max-age instead of fetching again')
    .option('--max-age <hours>', 'with --resume, how old a result may be (default 20)', int('--max-age'))
    .option('--confirm-now', 'one-off audit: try each failing link again from scratch after a pause; still failing shows as "(unconfirmed)"')
    .option('--confirm-pause <ms>', 'with --confirm-now, the pause before the second try (default 30000)', int('--confirm-pause'))
    .option('--no-rescue', 'do not look up Wayback Machine copies for broken, dead or changed sources');
}

function withReport(cmd: Command): Command {
  return cmd
    .option('--reports-dir <dir>', 'where reports/<name>.md and .json go (default reports)')
    .option('--fail-on <statuses>', `statuses that fail the run, comma-separated (default none; from ${STATUS_WORDS.join(', ')})`, statusList)
    .option('--no-fail-on-newly-dead', 'do not fail the run when a link became dead in it (failing 3 times, 3 days apart by default)')
    .addOption(new Option('--format <format>', 'also print the report on stdout').choices(['markdown', 'json', 'github']));
}

/** `outcome.code` is set by whichever command runs. */
function buildProgram(outcome: { code: number }): Command {
  const program = new Command('citecheck')
    .description('Audit the cited sources of a document: follow every link, check it still says what was cited, report what to fix.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 no failing citation, 1 bad input or usage, 2 failing citations found (a link newly dead, or a status in --fail-on), 3 offline (nothing could be checked).',
    );

  withCommon(program.command('parse'))
    .description('read a document\'s footnotes and write citations.json')
    .argument('<document>', 'the document, as plain text')
    .option('-o, --output <path>', 'where to write the citations (default citations.json)')
    .action(async function (this: Command, document: string) {
      // Imported on use, like each command: `parse` loads neither the reports nor the check pipeline.
      const { parseCommand } = await import('./parse.js');
      outcome.code = await parseCommand(document, this.opts<CommonOptions>());
    });

  withReport(withNetwork(withCommon(program.command('check'))))
    .description('resolve and verify every URL in citations.json; write reports/check.json and the archive')
    .option('--citations <path>', 'citations file to check (default citations.json)')
    .option('-o, --output <path>', 'where to write the results (default reports/check.json)')
    .action(async function (this: Command) {
      const { checkCommand } = await import('./commands.js');
      outcome.code = await checkCommand(this.opts<CommonOptions>());
    });

  withReport(withCommon(program.command('report')))
    .description('render reports/<name>.md and .json from citations.json and reports/check.json (no network)')
    .option('--citations <path>', 'citations file (default citations.json)')
    .option('--check <path>', 'check results (default reports/check.json)')
    .option('--archive <path>', 'archive, for "changed since the last run" (default reports/archive.json)')
    .action(async function (this: Command) {
      const { reportCommand } = await import('./commands.js');
      outcome.code = await reportCommand(this.opts<CommonOptions>());
    });

  withReport(withNetwork(withCommon(program.command('run'))))
    .description('parse, check and report one or more documents in one go')
    .argument('<document...>', 'documents, as plain text')
    .action(async function (this: Command, documents: string[]) {
      const { runCommand } = await import('./commands.js');
      outcome.code = await runCommand(documents, this.opts<CommonOptions>());
    });

  withCommon(program.command('archive'))
    .description('preserve live, verified sources in the Wayback Machine (Save Page Now 2)')
    .option('--save', 'submit every source that answered ok and matched its note in the last check')
    .option('--check <path>', 'check results to take the sources from (default reports/check.json)')
    .option('--archive <path>', 'archive where the captures are recorded (default reports/archive.json)')
    .addHelpText(
      'after',
      '\nKeys: set WAYBACK_ACCESS_KEY and WAYBACK_SECRET_KEY (archive.org S3-style keys, https://archive.org/account/s3.php).\nWithout them, it prints what it would save and exits 0. At most 7 captures a minute; when Save Page Now says\nto wait (user-session-limit, too-many-daily-captures, HTTP 429) it stops and says so.',
    )
    .action(async function (this: Command) {
      // Imported on use: it loads the network stack, which the other commands' start-up should not pay for.
      const { archiveCommand } = await import('./archive.js');
      outcome.code = await archiveCommand(this.opts<CommonOptions>());
    });

  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}
