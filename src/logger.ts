import pino from 'pino';
import type { Config } from './config.ts';

/**
 * Personal data never reaches the logs. These paths are censored wherever they appear in a log
 * object, including in request and response bodies if a caller logs them by mistake.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.name',
  '*.givenName',
  '*.familyName',
  '*.fullName',
  '*.dateOfBirth',
  '*.narrative',
  '*.rationale',
  '*.evidence',
  '*.password',
  '*.token',
  '*.address',
  '*.phone',
  '*.email',
  'body',
];

export function loggerOptions(config: Config): pino.LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { service: 'return-hubs' },
  };
}

export function createLogger(config: Config): pino.Logger {
  return pino(loggerOptions(config));
}
