import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { eq, or } from 'drizzle-orm';
import { ROLES } from '../domain/types.ts';
import type { Role } from '../domain/types.ts';
import { AppError } from '../errors.ts';
import { createServices, SYSTEM_ACTOR } from '../services/index.ts';
import { partners } from '../store/schema.ts';
import type { CliDeps } from './deps.ts';
import { withStore } from './deps.ts';

const role = (v: string): Role => {
  if (!(ROLES as readonly string[]).includes(v))
    throw new InvalidArgumentError(`use one of ${ROLES.join(', ')}.`);
  return v as Role;
};

/** `hubs users add` and `hubs users token`: accounts and API tokens, as the system operator. */
export function registerUsers(program: Command, deps: CliDeps): void {
  const users = program.command('users').description('user accounts and API tokens');
  users
    .command('add')
    .description('add a user')
    .requiredOption('--username <name>', 'sign-in name, unique')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, role)
    .option('--partner <country-or-id>', "partner officers: the partner's country code (e.g. AL) or id")
    .option('--display-name <name>', 'name shown in the pages (default: the username)')
    .option('--password-stdin', 'read a web sign-in password from standard input (at least 12 characters)')
    .action(
      async (options: {
        username: string;
        role: Role;
        partner?: string;
        displayName?: string;
        passwordStdin?: boolean;
      }) => {
        const password = options.passwordStdin
          ? (await (deps.readStdin ?? (async () => ''))()).replace(/\r?\n$/, '')
          : undefined;
        if (password !== undefined && password.length < 12) {
          throw new AppError(
            'VALIDATION_FAILED',
            'The password on standard input is shorter than 12 characters. Pipe in a longer one, e.g. a passphrase.',
          );
        }
        await withStore(deps, async (store, config) => {
          let partnerId: string | null = null;
          if (options.partner) {
            const value = options.partner.trim();
            const isUuid = /^[0-9a-f-]{36}$/i.test(value);
            const [partner] = await store.db
              .select({ id: partners.id })
              .from(partners)
              .where(
                isUuid
                  ? or(eq(partners.id, value), eq(partners.countryCode, value))
                  : eq(partners.countryCode, value.toUpperCase()),
              );
            if (!partner) {
              throw new AppError(
                'NOT_FOUND',
                `There is no partner ${value}. Give the partner's two-letter country code (e.g. AL) or its id.`,
              );
            }
            partnerId = partner.id;
          }
          const services = createServices(store, config, { now: deps.now });
          const user = await services.users.create(SYSTEM_ACTOR, {
            username: options.username,
            displayName: options.displayName ?? options.username,
            role: options.role,
            partnerId,
            ...(password === undefined ? {} : { password }),
          });
          deps.out(
            `Added ${user.username} (${user.role}${partnerId ? `, partner ${options.partner}` : ''}), id ${user.id}${password === undefined ? ' (API only: no web password)' : ', with a web password'}.\nIssue an API token with: hubs users token ${user.username}\n`,
          );
        });
      },
    );
  users
    .command('token')
    .description('issue a new API token for a user (shown once; only its hash is stored)')
    .argument('<username>', 'the user')
    .option('--label <text>', 'what the token is for', 'issued with hubs users token')
    .action(async (username: string, options: { label: string }) => {
      await withStore(deps, async (store, config) => {
        const services = createServices(store, config, { now: deps.now });
        const user = await services.users.findByUsername(SYSTEM_ACTOR, username);
        if (!user)
          throw new AppError(
            'NOT_FOUND',
            `There is no user called ${username}. Add one with hubs users add.`,
          );
        const { token } = await services.users.issueToken(SYSTEM_ACTOR, user.id, { label: options.label });
        deps.out(`${token}\n`);
        deps.err(
          `API token for ${username} (${user.role}). It is shown once and cannot be recovered; send it as "Authorization: Bearer <token>".\n`,
        );
      });
    });
}
