import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../errors.ts';

export type FieldErrors = Record<string, string>;

export interface FormState {
  values: Record<string, unknown>;
  errors: FieldErrors;
  /** For govukErrorSummary: each message links to its field. */
  errorList: { text: string; href: string }[];
}

/** The field's id on the page: GOV.UK date inputs put the error on the day part. */
export function fieldHref(field: string): string {
  return `#${field}`;
}

export function errorListFor(errors: FieldErrors): FormState['errorList'] {
  return Object.entries(errors).map(([field, text]) => ({ text, href: fieldHref(field) }));
}

/** Zod issues → one message per field (the first), in the order the fields failed. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (!(field in errors)) errors[field] = issue.message;
  }
  return errors;
}

/**
 * Post/redirect/get: a failed POST keeps what the user typed and the errors in the session, then
 * redirects to the form, which reads them back once.
 */
export function keepForm(
  request: FastifyRequest,
  key: string,
  values: Record<string, unknown>,
  errors: FieldErrors,
): void {
  const forms = request.session.forms ?? {};
  forms[key] = { values, errors };
  request.session.forms = forms;
}

export function takeForm(request: FastifyRequest, key: string): FormState {
  const kept = request.session?.forms?.[key];
  if (kept) {
    const rest = { ...request.session.forms };
    delete rest[key];
    request.session.forms = rest;
  }
  const errors = kept?.errors ?? {};
  return { values: kept?.values ?? {}, errors, errorList: errorListFor(errors) };
}

/** A form body as plain strings (formbody gives strings or arrays of strings). */
export function formBody(request: FastifyRequest): Record<string, string | string[]> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (Array.isArray(v)) out[k] = v.map(String);
    else if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

/** Text inputs trimmed; an empty field is absent, so `optional()` schemas read it as not given. */
export function textFields(
  body: Record<string, string | string[]>,
): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out[k] = v;
    else out[k] = v.trim() === '' ? undefined : v.trim();
  }
  return out;
}

/**
 * A refusal the form shows beside its field (a guard, a blocker, a conflict), as opposed to what
 * the error pages answer: not found, forbidden, or a fault on our side.
 */
export function isFormProblem(error: unknown): error is AppError {
  return error instanceof AppError && error.status < 500 && error.status !== 403 && error.status !== 404;
}
