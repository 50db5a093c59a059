import { loadConfigFile, resolveConfig, validateConfig, type Config } from '../config/index.js';
import type { LogLevel } from '../log.js';

/** Every flag any command takes, as commander hands them over (camelCase). */
export interface CommonOptions {
  config?: string;
  logLevel: LogLevel;
  quiet?: boolean;
  debug?: boolean;
  output?: string;
  citations?: string;
  check?: string;
  concurrency?: number;
  hostConcurrency?: number;
  hostInterval?: number;
  connectTimeout?: number;
  headersTimeout?: number;
  timeout?: number;
  retries?: number;
  retryAfterCap?: number;
  maxHops?: number;
  maxBody?: number;
  userAgent?: string;
  allowPrivate?: boolean;
  allowHost?: string[];
  insecure?: boolean;
  archive?: string;
  resume?: boolean;
  maxAge?: number;
  reportsDir?: string;
  failOn?: string[];
  format?: 'markdown' | 'json' | 'github';
  /** Commander's `--no-…` flags default to true; only an explicit `false` overrides the config. */
  failOnNewlyDead?: boolean;
  rescue?: boolean;
  confirmNow?: boolean;
  confirmPause?: number;
  save?: boolean;
}

export async function configFrom(opts: CommonOptions): Promise<Config> {
  const file = await loadConfigFile(process.cwd(), opts.config);
  const flags = validateConfig(
    {
      concurrency: opts.concurrency,
      hostConcurrency: opts.hostConcurrency,
      hostIntervalMs: opts.hostInterval,
      connectTimeoutMs: opts.connectTimeout,
      headersTimeoutMs: opts.headersTimeout,
      requestTimeoutMs: opts.timeout,
      retries: opts.retries,
      retryAfterCapMs: opts.retryAfterCap,
      maxHops: opts.maxHops,
      maxBodyBytes: opts.maxBody,
      userAgent: opts.userAgent,
      allowPrivate: opts.allowPrivate,
      allowHosts: opts.allowHost,
      insecure: opts.insecure,
      archive: opts.archive,
      maxAgeHours: opts.maxAge,
      reportsDir: opts.reportsDir,
      failOn: opts.failOn,
      citations: opts.citations,
      checkOutput: opts.check,
      failOnNewlyDead: opts.failOnNewlyDead === false ? false : undefined,
      rescue: opts.rescue === false ? false : undefined,
      confirmPauseMs: opts.confirmPause,
    },
    'command line',
  );
  return resolveConfig(file, flags);
}
