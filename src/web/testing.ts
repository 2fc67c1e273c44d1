import { hash } from '@node-rs/argon2';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../domain/types.ts';
import type { Db } from '../store/db.ts';
import { users } from '../store/schema.ts';

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

  private cookieHeader(): string {
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
let passwordHash: Promise<string> | undefined;

/** Inserts a user who can sign in with TEST_PASSWORD. */
export async function addUser(
  db: Db,
  username: string,
  role: Role,
  partnerId: string | null = null,
): Promise<{ id: string; username: string }> {
  passwordHash ??= hash(TEST_PASSWORD);
  const [row] = await db
    .insert(users)
    .values({ username, displayName: username, role, partnerId, passwordHash: await passwordHash })
    .returning({ id: users.id, username: users.username });
  return row;
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
