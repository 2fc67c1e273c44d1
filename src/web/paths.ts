/**
 * Every page's path, declared once and used for routes, redirects, links and tests.
 * `route('/cases/:caseId')` gives the Fastify pattern and a builder that only accepts the
 * pattern's own parameters, so a renamed parameter breaks the build rather than a link.
 */
type ParamNames<S extends string> = S extends `${string}:${infer P}/${infer Rest}`
  ? P | ParamNames<`/${Rest}`>
  : S extends `${string}:${infer P}`
    ? P
    : never;

export type PathParams<S extends string> = Record<ParamNames<S>, string | number>;

export interface TypedPath<S extends string> {
  readonly pattern: S;
  (...params: ParamNames<S> extends never ? [] : [PathParams<S>]): string;
}

export function route<S extends string>(pattern: S): TypedPath<S> {
  const build = (params?: Record<string, string | number>): string =>
    pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = params?.[name];
      if (value === undefined) throw new Error(`Path ${pattern} needs ${name}`);
      return encodeURIComponent(String(value));
    });
  return Object.assign(build, { pattern }) as unknown as TypedPath<S>;
}

export const paths = {
  home: route('/'),
  assets: route('/assets'),
  signIn: route('/sign-in'),
  signOut: route('/sign-out'),
  dashboard: route('/dashboard'),
  cases: {
    list: route('/cases'),
    show: route('/cases/:caseId'),
    transition: route('/cases/:caseId/transitions/:transition'),
  },
  allocations: {
    list: route('/allocations'),
    show: route('/allocations/:proposalId'),
    approve: route('/allocations/:proposalId/approval'),
  },
  flights: {
    list: route('/flights'),
    plan: route('/flights/new'),
    show: route('/flights/:transferId'),
    step: route('/flights/:transferId/:step'),
  },
  partner: {
    home: route('/partner'),
    resident: route('/partner/residents/:caseId'),
    event: route('/partner/residents/:caseId/:event'),
    incident: route('/partner/hubs/:hubId/incidents'),
    arrival: route('/partner/transfers/:transferId/arrival'),
  },
  webhooks: {
    list: route('/notifications'),
    show: route('/notifications/:subscriptionId'),
    stop: route('/notifications/:subscriptionId/stop'),
  },
  monitor: {
    home: route('/monitor'),
    cases: route('/monitor/cases'),
    transfers: route('/monitor/transfers'),
    incidents: route('/monitor/incidents'),
    audit: route('/monitor/audit'),
  },
  finance: {
    home: route('/finance'),
  },
  simulator: {
    home: route('/simulator'),
    scenario: route('/simulator/scenarios/:scenario'),
    runs: route('/simulator/runs'),
    run: route('/simulator/runs/:runId'),
    runStatus: route('/simulator/runs/:runId/status'),
    runCsv: route('/simulator/runs/:runId/results.csv'),
    runJson: route('/simulator/runs/:runId/results.json'),
    compare: route('/simulator/compare'),
  },
} as const;
