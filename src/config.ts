import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives a `Config`.
 * Validated at start-up so a misconfigured deployment fails loudly before serving.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** When set, use this PostgreSQL server; otherwise an embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Signs session cookies; at least 32 characters. A development default is generated when unset. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** GOV.UK crown and GDS Transport are licensed only for service.gov.uk; unbranded is the default. */
  BRANDING: z.enum(['unbranded', 'govuk']).default('unbranded'),
  /** Working days between serving notice of transfer and departure (R (FB (Afghanistan)) v SSHD). */
  NOTICE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  /** Seed for the deterministic demo caseload. */
  DEMO_SEED: z.coerce.number().int().default(20261126),
  /** Seed the demo caseload on first start when the database is empty. */
  DEMO_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message} (see .env.example)`),
    );
  }
  return result.data;
}

/** Configuration for tests: defaults plus overrides, never the ambient environment. */
export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_ON_START: 'false', ...overrides });
}
