import type { Role } from '../domain/types.ts';
import { paths } from './paths.ts';

export interface NavigationItem {
  href: string;
  text: string;
  active: boolean;
}

const sections: { href: string; text: string; roles: readonly Role[] }[] = [
  { href: paths.dashboard(), text: 'Dashboard', roles: ['caseworker', 'senior_caseworker'] },
  { href: paths.cases.list(), text: 'Cases', roles: ['caseworker', 'senior_caseworker'] },
  { href: paths.allocations.list(), text: 'Allocations', roles: ['caseworker', 'senior_caseworker'] },
  { href: paths.flights.list(), text: 'Flights', roles: ['caseworker', 'senior_caseworker'] },
  { href: paths.partner.home(), text: 'Hubs', roles: ['partner_officer'] },
  { href: paths.webhooks.list(), text: 'Notifications', roles: ['partner_officer'] },
  { href: paths.monitor.home(), text: 'Monitoring', roles: ['monitor'] },
  { href: paths.finance.home(), text: 'Finance', roles: ['finance'] },
  {
    href: paths.simulator.home(),
    text: 'Simulator',
    roles: ['analyst', 'admin', 'caseworker', 'senior_caseworker', 'monitor', 'finance'],
  },
];

/** The service navigation a role sees, with the current section marked. */
export function navigationFor(role: Role, currentUrl: string): NavigationItem[] {
  return sections
    .filter((s) => s.roles.includes(role))
    .map((s) => ({
      href: s.href,
      text: s.text,
      active:
        currentUrl === s.href || currentUrl.startsWith(`${s.href}/`) || currentUrl.startsWith(`${s.href}?`),
    }));
}
