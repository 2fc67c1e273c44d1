import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import helmet from 'helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { homeFor, SESSION_COOKIE, SESSION_IDLE_MS, type WebUser } from './auth.ts';
import type { Config } from '../config.ts';
import { passwordSignIn } from '../services/passwordSignIn.ts';
import type { Services } from '../services/index.ts';
import { registerErrorPages } from './errors/errorPages.ts';
import { navigationFor } from './navigation.ts';
import { paths } from './paths.ts';
import { signInRoutes } from './signin/routes.ts';
import { caseloadService } from '../services/caseload.ts';
import { transferReadinessService } from '../services/transferReadiness.ts';
import { caseRoutes } from './cases/routes.ts';
import { financeRoutes } from './finance/routes.ts';
import { monitorRoutes } from './monitor/routes.ts';
import { partnerRoutes } from './partner/routes.ts';
import { databaseSessionStore } from './session-store.ts';
import { databaseSessionRecords } from './sessionRecords.ts';
import { simulatorRoutes } from './simulator/routes.ts';
import { allocationRoutes } from './allocations/routes.ts';
import { flightRoutes } from './flights/routes.ts';
import { simulationRunner } from './simulator/runner.ts';
import { simulationRunRecords } from './simulator/runs.ts';
import { buildStylesheet, contentHash, govukDist, templateScriptHashes } from './stylesheet.ts';
import { compactHtml, createViews, webDir } from './views.ts';
import { webhookRoutes } from './webhooks/routes.ts';

declare module 'fastify' {
  interface Session {
    user?: WebUser;
    flash?: string;
    auditResult?: { ok: boolean; text: string };
    /** When the signed-in user last made a request (ms); renewed at most once a minute. */
    lastSeen?: number;
    /** Form input and errors kept across post/redirect/get, keyed by form. */
    forms?: Record<string, { values: Record<string, unknown>; errors: Record<string, string> }>;
  }
  interface FastifyRequest {
    user: WebUser | null;
  }
  interface FastifyReply {
    view(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

/** How often a signed-in session's expiry is pushed back (each renewal is a database write). */
export const SESSION_RENEW_MS = 60 * 1000;

export interface WebOptions {
  config: Config;
  services: Services;
}

export function sessionCookieOptions(config: Config) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    // Secure outside development; 'auto' lets local http (tests, the demo) work while keeping
    // Secure whenever the request arrived over https.
    secure: config.NODE_ENV === 'production' ? true : ('auto' as const),
    path: '/',
    maxAge: SESSION_IDLE_MS,
  };
}

function sessionSecret(config: Config): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'SESSION_SECRET is required in production: set at least 32 random characters (see .env.example)',
    );
  }
  return randomBytes(32).toString('hex');
}

/**
 * The web pages: GOV.UK Design System over the same services as the API. Registered as an
 * encapsulated plugin, so its CSP, sessions, CSRF and HTML error pages apply to pages only.
 */
export async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  const { config } = options;
  const { store } = options.services.context;
  const branding = config.BRANDING;
  const views = createViews({ watch: config.NODE_ENV === 'development' });
  const stylesheet = buildStylesheet(branding);
  const stylesheetUrl = `/assets/app/govuk-${contentHash(stylesheet)}.css`;

  // The security headers never change (the CSP allows scripts by hash, no nonces), so helmet's
  // middleware is built once here (@fastify/helmet would rebuild it, options checked and the CSP
  // joined, on every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...templateScriptHashes()],
        // Observable Plot writes a <style> element into each chart.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.NODE_ENV === 'production' ? [] : null,
      },
    },
    hsts: config.NODE_ENV === 'production',
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  await app.register(formbody);
  await app.register(cookie);
  await app.register(session, {
    secret: sessionSecret(config),
    cookieName: SESSION_COOKIE,
    cookie: sessionCookieOptions(config),
    saveUninitialized: false,
    // Not rolling: saving the session on every request would cost a database write per page.
    // The onRequest hook below renews it at most once a minute instead.
    rolling: false,
    store: databaseSessionStore(databaseSessionRecords(store.db), { ttlMs: SESSION_IDLE_MS }),
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session' });
  await app.register(rateLimit, { global: false });

  // Assets from the installed govuk-frontend package; GDS Transport only when branded.
  await app.register(fastifyStatic, {
    root: [join(govukDist, 'govuk', 'assets'), join(govukDist, 'govuk')],
    prefix: '/assets/',
    decorateReply: false,
    wildcard: true,
    allowedPath: (pathName) =>
      pathName === '/govuk-frontend.min.js' ||
      pathName === '/manifest.json' ||
      (branding === 'govuk' && (pathName.startsWith('/fonts/') || pathName.startsWith('/images/'))),
  });
  const appAssets: Record<string, { type: string; body: string }> = {
    'init.js': { type: 'text/javascript', body: readFileSync(join(webDir, 'assets', 'init.js'), 'utf8') },
    'app.css': { type: 'text/css', body: readFileSync(join(webDir, 'assets', 'app.css'), 'utf8') },
    'run-progress.js': {
      type: 'text/javascript',
      body: readFileSync(join(webDir, 'assets', 'run-progress.js'), 'utf8'),
    },
  };
  app.get('/assets/app/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    if (`/assets/app/${file}` === stylesheetUrl) {
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type('text/css; charset=utf-8')
        .send(stylesheet);
    }
    const asset = appAssets[file];
    if (!asset) return reply.callNotFound();
    return reply
      .header('cache-control', 'public, max-age=3600')
      .type(`${asset.type}; charset=utf-8`)
      .send(asset.body);
  });

  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const s = request.session;
    const now = Date.now();
    if (s?.user && s.lastSeen !== undefined && now - s.lastSeen > SESSION_IDLE_MS) {
      // Idle too long: the stored row may outlive this by up to a minute, the sign-in never does.
      s.user = undefined;
    } else if (s?.user && (s.lastSeen === undefined || now - s.lastSeen > SESSION_RENEW_MS)) {
      s.lastSeen = now;
      s.touch();
    }
    request.user = s?.user ?? null;
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done);
    else done();
  });

  app.decorateReply(
    'view',
    function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const request = this.request;
      const user = request.user;
      const flash = request.session?.flash;
      if (flash) request.session.flash = undefined;
      const html = views.render(template, {
        branding,
        stylesheetUrl,
        assetPath: '/assets',
        user,
        navigation: user ? navigationFor(user.role, request.url) : [],
        csrfToken: request.session ? this.generateCsrf() : '',
        flash,
        ...context,
      });
      return this.type('text/html; charset=utf-8').send(compactHtml(html));
    },
  );

  registerErrorPages(app);
  signInRoutes(app, passwordSignIn(store.db));
  const runs = simulationRunRecords(store.db);
  const runner = simulationRunner(runs, { log: app.log });
  app.addHook('onReady', async () => runner.start());
  app.addHook('onClose', async () => runner.stop());
  simulatorRoutes(app, runs, runner, views);
  caseRoutes(app, {
    services: options.services,
    caseload: caseloadService(options.services.context),
    readiness: transferReadinessService(options.services.context),
  });
  allocationRoutes(app, options.services);
  flightRoutes(app, options.services);
  partnerRoutes(app, options.services);
  webhookRoutes(app, options.services);
  monitorRoutes(app, options.services);
  financeRoutes(app, options.services);

  app.get(paths.home.pattern, async (request, reply) => {
    if (!request.user) return reply.redirect(paths.signIn());
    return reply.redirect(homeFor(request.user.role));
  });
}
