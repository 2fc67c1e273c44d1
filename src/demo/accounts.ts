import { createHash } from 'node:crypto';
import type { Role } from '../domain/types.ts';
import { DEMO_PARTNERS } from './figures.ts';

/**
 * The demo's users: one per role, and one partner officer per partner. Their API tokens and web
 * passwords are derived from the demo seed so the README and a fresh `npm start` agree on them. That is for the
 * demo only: real tokens come from `hubs users token`, which draws them from the operating
 * system's random source and shows them once.
 */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Partner officers: the partner's country code (alpha-2). */
  partnerCountry: string | null;
  token: string;
  /** Web sign-in password, derived from the seed like the token (demo only). */
  password: string;
}

const staff: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'caseworker', displayName: 'Demo Caseworker', role: 'caseworker' },
  { username: 'senior', displayName: 'Demo Senior Caseworker', role: 'senior_caseworker' },
  { username: 'monitor', displayName: 'Demo Monitor', role: 'monitor' },
  { username: 'finance', displayName: 'Demo Finance Officer', role: 'finance' },
  { username: 'analyst', displayName: 'Demo Analyst', role: 'analyst' },
  { username: 'admin', displayName: 'Demo Administrator', role: 'admin' },
];

export const demoToken = (seed: number, username: string): string =>
  `rh_demo_${createHash('sha256').update(`return-hubs demo token|${seed}|${username}`).digest('hex').slice(0, 40)}`;

export const demoPassword = (seed: number, username: string): string =>
  `demo-${createHash('sha256').update(`return-hubs demo password|${seed}|${username}`).digest('hex').slice(0, 12)}`;

export function demoAccounts(seed: number): DemoAccount[] {
  const partnerOfficers = DEMO_PARTNERS.map((p) => ({
    username: `partner-${p.code.toLowerCase()}`,
    displayName: `Demo Partner Officer (${p.name})`,
    role: 'partner_officer' as const,
    partnerCountry: p.code,
  }));
  return [...staff.map((s) => ({ ...s, partnerCountry: null })), ...partnerOfficers].map((a) => ({
    ...a,
    token: demoToken(seed, a.username),
    password: demoPassword(seed, a.username),
  }));
}
