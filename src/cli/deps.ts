/**
 * What the casework commands need from the outside world, passed in so tests run the real
 * commands against a test database and read what they print.
 */
import type { Config } from '../config.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../domain/types.ts';
import { createServices, SYSTEM_ACTOR } from '../services/index.ts';
import type { Store } from '../store/db.ts';
import { migrate, openStore } from '../store/db.ts';
import { actorOf } from '../services/users.ts';

export interface CliDeps {
  config(): Config;
  /** Opens (and migrates) the database; the command closes it when done. */
  openStore(config: Config): Promise<Store>;
  out(text: string): void;
  err(text: string): void;
  now(): Date;
  /** Sets the process exit code (tests read it instead). */
  setExitCode(code: number): void;
  /** All of standard input (a password piped in, so it stays out of shell history). */
  readStdin?(): Promise<string>;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const defaultDeps: CliDeps = {
  config: () => loadConfig(),
  readStdin: readAllStdin,
  async openStore(config) {
    const store = await openStore(config);
    await migrate(store);
    return store;
  },
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => new Date(),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Opens the store, runs `fn`, closes the store; an AppError becomes a message and exit code 1. */
export async function withStore(
  deps: CliDeps,
  fn: (store: Store, config: Config) => Promise<void>,
): Promise<void> {
  const config = deps.config();
  const store = await deps.openStore(config);
  try {
    await fn(store, config);
  } catch (error) {
    if (error instanceof AppError) {
      deps.err(`${error.message}\n`);
      deps.setExitCode(1);
      return;
    }
    throw error;
  } finally {
    await store.close();
  }
}

/** The actor a command acts as: `system` (the operator), or the user named with `--as`. */
export async function actorFor(store: Store, config: Config, username: string | undefined): Promise<Actor> {
  if (!username) return SYSTEM_ACTOR;
  const services = createServices(store, config);
  const user = await services.users.findByUsername(SYSTEM_ACTOR, username);
  if (!user) {
    throw new AppError(
      'NOT_FOUND',
      `There is no user called ${username}. List users with the API, or add one with hubs users add.`,
    );
  }
  if (user.disabled) throw new AppError('FORBIDDEN', `The user ${username} is disabled.`);
  return actorOf(user);
}
