import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, errorCatalogue } from '../../errors.ts';
import { paths } from '../paths.ts';

interface ErrorPage {
  status: number;
  template: string;
  context: Record<string, unknown>;
}

/**
 * What a person sees when something goes wrong: a GOV.UK error page with what happened and what
 * to do next. Never a stack trace, whatever the environment.
 */
export function errorPageFor(error: FastifyError | AppError | Error): ErrorPage {
  const code = (error as FastifyError).code;
  if (typeof code === 'string' && code.startsWith('FST_CSRF')) {
    return {
      status: 403,
      template: 'errors/form-expired.njk',
      context: { pageTitle: 'This form has expired' },
    };
  }
  if (error instanceof AppError) {
    if (error.status === 404) return notFoundPage();
    if (error.status === 403) return forbiddenPage(error.message);
    if (error.status === 401)
      return {
        status: 401,
        template: 'errors/forbidden.njk',
        context: { pageTitle: 'Sign in', message: error.message },
      };
    if (error.status < 500) {
      return {
        status: error.status,
        template: 'errors/problem.njk',
        context: { pageTitle: errorCatalogue[error.code].title, message: error.message },
      };
    }
  }
  const status = (error as FastifyError).statusCode;
  if (status === 429) {
    return { status: 429, template: 'errors/too-many.njk', context: { pageTitle: 'Too many attempts' } };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    if (status === 404) return notFoundPage();
    return {
      status,
      template: 'errors/problem.njk',
      context: {
        pageTitle: 'There is a problem with your request',
        message: 'Check what you entered and try again.',
      },
    };
  }
  return {
    status: 500,
    template: 'errors/server-error.njk',
    context: { pageTitle: 'Sorry, there is a problem with the service' },
  };
}

export function notFoundPage(): ErrorPage {
  return { status: 404, template: 'errors/not-found.njk', context: { pageTitle: 'Page not found' } };
}

export function forbiddenPage(message: string): ErrorPage {
  return {
    status: 403,
    template: 'errors/forbidden.njk',
    context: { pageTitle: 'You cannot see this page', message },
  };
}

export function registerErrorPages(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const page = errorPageFor(error);
    if (page.status >= 500) request.log.error({ err: error }, 'web page failed');
    else request.log.info({ code: (error as FastifyError).code, status: page.status }, 'web page refused');
    return reply.status(page.status).view(page.template, { ...page.context, signInHref: paths.signIn() });
  });
  app.setNotFoundHandler((request, reply) => {
    const page = notFoundPage();
    return reply.status(page.status).view(page.template, page.context);
  });
}
