import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApp } from '../app.ts';
import { testConfig, type Config } from '../config.ts';
import type { Role } from '../domain/types.ts';
import { createServices, SYSTEM_ACTOR, type Services } from '../services/index.ts';
import type { Store } from '../store/db.ts';

/**
 * A browser-like client over `app.inject`: keeps cookies, and fills in the CSRF token from the last
 * page it read, so route tests walk the real pages the way a person does.
 */
export class PageClient {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies) {
      if (c.expires && c.expires.getTime() < Date.now()) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token) this.csrf = token[1];
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    return response;
  }

  /** POSTs a form; `_csrf` is added from the last page unless the test gives its own. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(response);
    return response;
  }

  /** Follows a redirect answer with a GET, as a browser would after post/redirect/get. */
  async follow(response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const location = response.headers.location;
    if (typeof location !== 'string') throw new Error(`Expected a redirect, got ${response.statusCode}`);
    return this.get(location);
  }

  async signIn(username: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { username, password });
    if (response.statusCode !== 303) throw new Error(`sign-in answered ${response.statusCode}`);
    return response;
  }

  forgetCookie(name: string): void {
    this.cookies.delete(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** The real application (createApp) over a test store, for route tests through `inject`. */
export async function buildWebApp(
  store: Store,
  options: { now?: () => Date; config?: Partial<Record<keyof Config, string>> } = {},
): Promise<{ app: FastifyInstance; services: Services; config: Config }> {
  const config = testConfig(options.config);
  const services = createServices(store, config, options.now ? { now: options.now } : {});
  const app = await createApp({ config, services });
  await app.ready();
  return { app, services, config };
}

/** Adds a user who can sign in with TEST_PASSWORD, through the users service. */
export async function addUser(
  services: Services,
  username: string,
  role: Role,
  partnerId: string | null = null,
): Promise<{ id: string; username: string }> {
  const user = await services.users.create(SYSTEM_ACTOR, {
    username,
    displayName: username,
    role,
    partnerId,
    password: TEST_PASSWORD,
  });
  return { id: user.id, username: user.username };
}

/** The text a person reads: tags stripped, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
