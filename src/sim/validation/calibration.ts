/**
 * The calibration: every parameter the calibrated scenarios use, once, with its central, low and
 * high value and its source (`reference/figures.md`). The five calibrated scenario files in
 * `scenarios/` are built from this table by `buildCalibratedScenarios()` and written by
 * `npm run scenarios:write` (a test fails if a file and the table drift apart).
 *
 * `judgement` says in words when a value is Derived (arithmetic on published figures, shown) or a
 * Judgement (no publisher states it; the reason is given). A parameter with no `source` is a pure
 * judgement: figures.md has no row with a link for it.
 */
import type { ScenarioInput, Source, SourcedValue } from '../scenario.ts';
import { DETERRENCE_CAVEAT } from '../scenario.ts';
import { SOURCES as S } from './sources.ts';

/** A sourced value; `judgement` starts with "Derived:" or "Judgement:" whenever it is not a published figure. */
function sv(
  value: number,
  low: number,
  high: number,
  source: Source | null,
  judgement?: string,
): SourcedValue {
  const out: SourcedValue = { value, low, high };
  if (source) out.source = source;
  if (judgement) out.judgement = judgement;
  return out;
}

/** The published end-2025 stocks and the start of every calibrated run. */
export const START_DATE = '2026-01-01';
/** Five years: 2026 to 2030. `--years` overrides it. */
export const HORIZON_DAYS = 1825;

// ---------------------------------------------------------------------------------------------
// Nationality groups
// ---------------------------------------------------------------------------------------------

const VULNERABLE = sv(
  0.2,
  0.175,
  0.25,
  S.refugeeCouncilIa2023,
  'Judgement: no UK rate is published. Low: 39,500 children of 225,347 inadmissible claims (Refugee Council 2023). High: 4 of 16 sent back from the first Italy-Albania transfer as minors or vulnerable (AP, Oct 2024).',
);

const GROUP_SHARE_NOTE =
  'Judgement: figures.md has only the small-boat nationality mix. Shares give a weighted grant rate of 0.45 (figures.md section 10); low = high because shares must sum to 1.';

/**
 * Five groups, chosen by what matters to the schemes: grant rate and whether removal home is
 * possible. Their weighted initial grant rate is 0.45 (figures.md section 10).
 */
export const GROUPS = {
  'high-grant': {
    share: sv(
      0.3,
      0.3,
      0.3,
      S.paNationalitiesQ1_2025,
      `${GROUP_SHARE_NOTE} Eritrean, Sudanese, Syrian, Yemeni and Iranian nationals: Eritrean 20%, Sudanese 12% and Iranian 8% of Q1 2025 small-boat arrivals.`,
    ),
    grantRate: sv(
      0.85,
      0.72,
      0.93,
      S.asylumstatsLeagueTable,
      'Judgement between pooled 2020-25 grant rates: Sudan 0.93, Eritrea 0.91, Syria 0.936, Iran 0.724 (third-party analysis of Asy_D02, cross-check only; Syrian decisions paused from Dec 2024).',
    ),
    returnableFraction: sv(
      0,
      0,
      0.1,
      S.refugeeCouncilIa2023,
      'Judgement: no return agreements; the Refugee Council (2023) found only about 3.5% of small-boat arrivals removable under existing agreements (Iraq, Albania, Vietnam, Pakistan).',
    ),
    onwardReturnRate: sv(
      0.1,
      0,
      0.3,
      null,
      'Judgement: hubs were floated for nationalities that cannot be returned (The Times, Mar 2025, read on a mirror, no link). A hub cannot return people whom their own country will not take, so the rate sits well below the 0.30 used for returnable nationalities.',
    ),
    vulnerableShare: VULNERABLE,
  },
  afghan: {
    share: sv(
      0.1,
      0.1,
      0.1,
      S.paNationalitiesQ1_2025,
      `${GROUP_SHARE_NOTE} Afghans: 13% of Q1 2025 small-boat arrivals.`,
    ),
    grantRate: sv(
      0.37,
      0.36,
      0.99,
      S.afghanistanInternational,
      'Published: 37% in H1 2025 (Oxford study). Low 0.36 = Q4 2024 (Guardian calculation); high 0.99 = Q1 2022 to Q4 2023 (Free Movement).',
    ),
    returnableFraction: sv(
      0,
      0,
      0,
      null,
      'Judgement on a published fact: enforced and voluntary removals to Afghanistan are paused (Home Office internal document via the Guardian, 2025, read on a mirror, no link).',
    ),
    onwardReturnRate: sv(
      0.1,
      0,
      0.3,
      null,
      'Judgement: returns to Afghanistan are paused, so onward return from a hub is rare.',
    ),
    vulnerableShare: VULNERABLE,
  },
  albanian: {
    share: sv(
      0.03,
      0.03,
      0.03,
      S.nationalTirana,
      `${GROUP_SHARE_NOTE} Albanian small-boat arrivals fell about 95% from 2022 (12,658) to 2025 (UK government at Tirana, May 2025).`,
    ),
    grantRate: sv(
      0.13,
      0.05,
      0.25,
      S.timesAlbanianMen,
      'Published: about 13% for Albanian men (YE Sep 2022). Low and high are Judgement (most Albanian women are granted).',
    ),
    returnableFraction: sv(
      1,
      0.9,
      1,
      S.migObsReturns,
      'Judgement: Albania is among the top three return destinations (2024) and has a return agreement.',
    ),
    onwardReturnRate: sv(
      0.3,
      0.1,
      0.5,
      S.skyTg24Gjader,
      'figures.md section 10: Derived from Gjader CPR, 37 repatriated of 113 exits (0.33) or 140 arrivals (0.26); EU return rate 0.20-0.26.',
    ),
    vulnerableShare: VULNERABLE,
  },
  'returnable-other': {
    share: sv(
      0.27,
      0.27,
      0.27,
      S.paNationalitiesQ1_2025,
      `${GROUP_SHARE_NOTE} Nationals of countries with returns (Vietnam, India, Iraq, Pakistan, Georgia, Brazil and others): Vietnamese 8% of Q1 2025 small-boat arrivals; most such claims come by other routes.`,
    ),
    grantRate: sv(
      0.08,
      0.03,
      0.2,
      S.asylumstatsLeagueTable,
      'Judgement between pooled 2020-25 grant rates: India 0.029, Georgia 0.057, Brazil 0.02 (third-party, cross-check only); high allows for Iraqi and Vietnamese grants.',
    ),
    returnableFraction: sv(
      0.9,
      0.7,
      1,
      S.migObsReturns,
      'Judgement: India and Brazil are among the top return destinations (2024); return agreements with Iraq, Vietnam and Pakistan (Refugee Council 2023).',
    ),
    onwardReturnRate: sv(
      0.3,
      0.1,
      0.5,
      S.skyTg24Gjader,
      'figures.md section 10: Derived from Gjader CPR, 37 repatriated of 113 exits (0.33) or 140 arrivals (0.26); EU return rate 0.20-0.26.',
    ),
    vulnerableShare: VULNERABLE,
  },
  other: {
    share: sv(0.3, 0.3, 0.3, null, `${GROUP_SHARE_NOTE} Every other nationality.`),
    grantRate: sv(
      0.44,
      0.3,
      0.6,
      null,
      'Judgement: chosen so the weighted initial grant rate of all five groups is 0.4495, figures.md section 10 central 0.45 (47% in 2024; about 41% of people decided in 2025, Derived).',
    ),
    returnableFraction: sv(
      0.5,
      0.3,
      0.7,
      S.migObsReturns,
      'Judgement: about 48% of refused 2010-2020 applicants had been removed by June 2024 (Migration Observatory).',
    ),
    onwardReturnRate: sv(
      0.3,
      0.1,
      0.5,
      S.skyTg24Gjader,
      'figures.md section 10: Derived from Gjader CPR, 37 repatriated of 113 exits (0.33) or 140 arrivals (0.26); EU return rate 0.20-0.26.',
    ),
    vulnerableShare: VULNERABLE,
  },
} satisfies ScenarioInput['groups'];

// ---------------------------------------------------------------------------------------------
// Initial stocks at end-2025
// ---------------------------------------------------------------------------------------------

export const STOCKS = {
  awaitingDecision: sv(
    64426,
    64426,
    64426,
    S.hoAsylumSystemDec2025,
    'Published: 64,426 people (48,723 cases) awaiting an initial decision at end December 2025.',
  ),
  appealPending: sv(
    78560,
    69670,
    87450,
    S.freeMovementAppealsDec2024,
    'Derived: end 2025 interpolated between 69,670 asylum appeals waiting in Sep 2025 (MoJ via the NAO Dec 2025 report, secondary, no link) and 87,450 in Mar 2026 (MoJ FIA_4, unverified); those are low and high. Appeals count appellants, not people. The tribunal takes up as many as its capacity allows and the rest start in its queue.',
  ),
  grantedMoveOn: sv(
    4210,
    3000,
    6000,
    S.hoGrantedDec2025,
    'Derived: 54,887 people granted at initial decision in 2025, over 365 days, times the 28-day move-on period = 4,210. Range is Judgement.',
  ),
  finallyRefused: sv(
    4000,
    3000,
    10000,
    S.naoAccommodationContracts,
    'Published: about 4,000 failed asylum seekers in Home Office accommodation (NAO, Dec 2024). Only those on support are started (the supported share applies to them too); the roughly 100,000 failed claims outside Home Office accommodation (Derived, end Jun 2024) are not modelled. Range is Judgement.',
  ),
  inHotels: sv(
    30657,
    30657,
    30657,
    S.hoClaims2025ViaLondonEconomic,
    'Published: 30,657 people in hotels at end December 2025 (Home Office YE Dec 2025).',
  ),
};

// ---------------------------------------------------------------------------------------------
// Support, accommodation and the other status-quo parameters
// ---------------------------------------------------------------------------------------------

export const FINALLY_REFUSED_ON_SUPPORT = sv(
  0.1,
  0.04,
  0.25,
  S.naoAccommodationContracts,
  'Judgement: asylum support normally ends after a final refusal unless the household has children or qualifies for other support. The NAO counted about 4,000 failed asylum seekers among 110,000 people in Home Office accommodation (Dec 2024), against tens of thousands of final refusals a year: 0.04 (low). Central 0.10 allows for families who keep support.',
);

/** People in the process at end 2025 (the on-support stages of the initial stocks): about 142,300. */
export function peopleInProcess(): number {
  return (
    STOCKS.awaitingDecision.value +
    STOCKS.appealPending.value +
    STOCKS.grantedMoveOn.value +
    STOCKS.finallyRefused.value
  );
}

/**
 * People supported in non-hotel (mainly dispersal) accommodation: 103,000 supported at public
 * expense (Jun 2025, Home Affairs Committee) - 32,041 in hotels (end Jun 2025, Home Office) = 70,959.
 */
export const NON_HOTEL_SUPPORTED = 103_000 - 32_041;

/** Supported population at end 2025: 30,657 in hotels + 70,959 elsewhere = 101,616. */
export const SUPPORTED_END_2025 = STOCKS.inHotels.value + NON_HOTEL_SUPPORTED;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export const ACCOMMODATION = {
  /**
   * Only about 101,600 of the 142,300 people in the process take UK asylum accommodation; the rest
   * live with family or friends (no place, no accommodation cost). Drawn per person at arrival and
   * for the initial stocks.
   */
  supportedShare: sv(
    round3(SUPPORTED_END_2025 / peopleInProcess()),
    round3(97_519 / peopleInProcess()),
    round3(110_000 / peopleInProcess()),
    S.naoAccommodationContracts,
    `Derived: ${SUPPORTED_END_2025.toLocaleString('en-GB')} supported at end 2025 (30,657 in hotels, Home Office YE Dec 2025, + ${NON_HOTEL_SUPPORTED.toLocaleString('en-GB')} elsewhere: 103,000 supported, Jun 2025, Home Affairs Committee, - 32,041 in hotels then) / ${peopleInProcess().toLocaleString('en-GB')} people in the process (the initial stocks on support) = ${round3(SUPPORTED_END_2025 / peopleInProcess())}. Low: 97,519 supported, Mar 2026 (unverified); high: 110,000 in Home Office accommodation, Dec 2024 (NAO); same denominator. The rest live with family or friends at no accommodation cost; one share for every stage.`,
  ),
  dispersalPlaces: sv(
    NON_HOTEL_SUPPORTED,
    66000,
    93_653 - 20_885,
    S.naoAccommodationContracts,
    `Derived: the published non-hotel supported population, ${NON_HOTEL_SUPPORTED.toLocaleString('en-GB')} = 103,000 supported at public expense (Jun 2025, Home Affairs Committee via VisaVerge) - 32,041 in hotels (end Jun 2025, Home Office via PA). Low 66,000 in other accommodation, Dec 2024 (NAO). High ${(93_653 - 20_885).toLocaleString('en-GB')} = 93,653 accommodated - 20,885 in hotels, end Mar 2026 (Asy_00a, unverified).`,
  ),
  dispersalCostPerNight: sv(
    14.41,
    14,
    21,
    S.lordYoungHotels,
    'Published: GBP 14.41 a night (NAO 2023, read on a mirror); GBP 14 (Lord Young, HL Deb 16 Jan 2025). High Derived: GBP 145 / 7, hotels costing 7x other accommodation (Migration Observatory).',
  ),
  hotelCostPerNight: sv(
    145,
    119,
    162,
    S.hacHotelCost,
    'Published: GBP 144.98 (Home Affairs Committee, Oct 2025); GBP 145 (NAO 2023). Low GBP 118.87 (Mar 2025) and high GBP 162.16 (Mar 2023): Home Office data via BBC Verify (mirror).',
  ),
};

export const ARRIVALS = {
  perYear: sv(
    105000,
    93525,
    111084,
    S.hoClaims2025ViaLondonEconomic,
    'figures.md section 10, Judgement between published totals of people claiming asylum: about 101,000 (2025), 108,138 (2024), high 111,084 (YE Jun 2025). Low 93,525 (YE Mar 2026, unverified third-party quote of Asy_00a).',
  ),
  smallBoatShare: sv(
    0.41,
    0.32,
    0.45,
    S.freeMovementSep2025,
    'Published: small boats were 41% of people claiming asylum in YE Sep 2025 (Free Movement); 41,472 / about 101,000 in 2025 = 0.41 (Derived). Low 0.32 (2024), high 0.45 (2022).',
  ),
};

export const DECISIONS_STATUS_QUO = {
  caseworkers: sv(
    2200,
    2113,
    2463,
    S.caseworkersWrittenAnswer,
    'figures.md section 10: 2,455 FTE (end Jul 2024) falling to 2,113 (end Sep 2025); 2,463 (Oct 2023).',
  ),
  perCaseworkerPerMonth: sv(
    5,
    4,
    7,
    S.hoGrantedDec2025,
    'Derived: 135,151 people received initial decisions in 2025 / (about 2,250 FTE x 12) = 5.0 people per FTE per month. figures.md section 10 suggests 6 from 6.5 decisions per FTE (Oct 2023), but the model decides people, so the 2025 people rate is used. Low 4 ("one a week", Nov 2022); high 7 (6.8 in Dec 2023, Derived).',
  ),
  withdrawalPerYear: sv(
    0.15,
    0.1,
    0.25,
    null,
    'Judgement: 17,316 claims withdrawn in YE Sep 2023 against about 175,000 people waiting (about 0.10 a year), and 16,901 in YE Mar 2026 (unverified) against about 65,000-80,000 waiting (about 0.21-0.26); figures.md records no link for either.',
  ),
};

export const DECISIONS_FASTER = {
  caseworkers: sv(
    2463,
    2200,
    2950,
    S.hoCaseworkersOct2023,
    'Judgement: restore the October 2023 peak of 2,463 FTE (Home Office). Low = status-quo central; high = peak + 20%.',
  ),
  perCaseworkerPerMonth: sv(
    6.5,
    5,
    7,
    S.hoCaseworkersOct2023,
    'Published: 6.5 decisions per FTE per month (15,956 / 2,463, Oct 2023). Low = 2025 people rate (Derived 5.0); high = Dec 2023 (Derived 6.8).',
  ),
  withdrawalPerYear: DECISIONS_STATUS_QUO.withdrawalPerYear,
};

export const APPEALS = {
  appealRate: sv(
    0.7,
    0.4,
    0.85,
    S.freeMovementAppealsSep2025,
    'Derived / Judgement (figures.md section 10): 14,748 appeals lodged Jan-Mar 2026 against about 19,930 refusals per quarter gives 0.74; both unverified third-party quotes, and appeals count appellants while refusals count people. No official rate is published; bounds are Judgement.',
  ),
  meanDays: sv(
    365,
    168,
    548,
    null,
    'Judgement (figures.md section 10): time once the tribunal takes an appeal up (the queue comes on top). About 50 weeks to hear appeals (factually.co, weak); low = the 24-week government target; high 18 months.',
  ),
  allowedRate: sv(
    0.4,
    0.25,
    0.5,
    S.freeMovementAppealsSep2025,
    'Published: 39% allowed (Jul-Sep 2025); 46% (Oct-Dec 2024); low 25% (2013); high about 50% (c. 2022).',
  ),
  windowDays: sv(
    14,
    14,
    14,
    null,
    'Judgement: the 14-day appeal window of MODEL.md; figures.md has no row for it.',
  ),
  tribunal: {
    capacityPerYear: sv(
      22000,
      16000,
      34500,
      S.freeMovementAppealsSep2025,
      'Derived / Judgement: asylum appeals the First-tier Tribunal (IAC) disposes of a year. Low: 4,088 determined in Jan-Mar 2026 (MoJ FIA_3, unverified) x 4. About 26,000 with withdrawals (37% of outcomes, Jul-Sep 2025). High: all IAC disposals, 15,000 in Jul-Sep 2025, x the asylum share of the caseload (0.576) x 4. Central 22,000 lies between and fits the 2022-2025 backtest best (partly fitted; docs/validation.md).',
    ),
  },
};

export const MOVE_ON_DAYS = sv(
  28,
  28,
  56,
  null,
  'Judgement: the 28-day move-on period of MODEL.md; figures.md has no row for it. High 56 allows for a longer move-on period.',
);

export const REMOVALS = {
  perYear: sv(
    9900,
    6361,
    9914,
    S.hoReturnsDec2025,
    'Published: 9,914 enforced returns in 2025; 8,164 in 2024; low 6,361 (2023).',
  ),
  costPerRemoval: sv(
    11000,
    8940,
    19000,
    S.migrationWatchCharters,
    'Published but dated: GBP 11,000 full cost of an enforced removal (NAO 2005, 2003-04 prices, read on a mirror, no link). Low GBP 8,940 = average charter cost per returnee 2020-Oct 2022 (Home Office FOI, linked). High is Judgement: GBP 11,000 uprated by about 1.7 for prices since 2003-04.',
  ),
};

export const ABSCONDING = {
  IN_HUB: sv(
    0.05,
    0,
    0.16,
    S.skyTg24Gjader,
    'Judgement: no hub absconding figure is published; none of the 113 people who left the Gjader CPR by Jul 2025 is reported as absconding, so a closed hub loses few (low 0). High 0.16 = the finally refused rate in the community.',
  ),
  FINALLY_REFUSED: sv(
    0.16,
    0.105,
    0.39,
    null,
    'Derived: a hazard h with 1 - exp(-h) = 0.15 over a year (figures.md section 10 baseline 0.15: ICIBI sample 14%, c. 2017, mirror, no link). Low from 0.10 (Judgement); high from 0.32 (withdrawn-claim cohort whereabouts unknown, 2023/24). Treating the fractions as one-year fractions is Judgement.',
  ),
  AWAITING_TRANSFER: sv(
    0.92,
    0.39,
    0.97,
    null,
    'Derived: 1 - exp(-h) = 0.60 over a year (figures.md section 10: 62% of the Rwanda cohort could not be located, Home Office document via BBC, mirror, no link). Low from 0.32, high from 0.62. The one-year exposure is Judgement.',
  ),
  AWAITING_RELOCATION: sv(
    0.92,
    0.39,
    0.97,
    null,
    'Derived: 1 - exp(-h) = 0.60 over a year (figures.md section 10: 62% of the Rwanda cohort could not be located, Home Office document via BBC, mirror, no link). Low from 0.32, high from 0.62. The one-year exposure is Judgement.',
  ),
};

export const DETERRENCE = {
  enabled: false,
  caveat: DETERRENCE_CAVEAT,
  elasticity: sv(
    0,
    0,
    1,
    S.hansardImpactAssessment,
    'Off. The Home Office impact assessment found "little to no evidence" that destination-country policies deter; its 37% break-even is a requirement, not an estimate. High 1 (each relocated share deters the same share of arrivals) is Judgement for sensitivity only.',
  ),
};

// ---------------------------------------------------------------------------------------------
// Return hubs
// ---------------------------------------------------------------------------------------------

const HUB_PLACES = sv(
  500,
  96,
  880,
  S.skyTg24Gjader,
  "Judgement: no UK hub capacity is published. 500 a hub lies between Gjader's 96 operational CPR places and its 880-place asylum section (Lazio ombudsman, Jul 2025).",
);
const HUB_FEE = sv(
  20000,
  10000,
  105000,
  S.naoRwanda,
  "figures.md section 10: no UK return-hub price is published. Central = Rwanda's GBP 20,000 per relocated person (NAO 2024); high GBP 105,000 = the Home Office IA's third-country payment; low GBP 10,000 = Rwanda's departure payment as a light-touch proxy (Judgement).",
);
const HUB_NIGHT = sv(
  92,
  65,
  138,
  S.eunewsGjaderCosts,
  "Published and converted: Gjader CPR EUR 108.04 a day = GBP 92 (EUR 1 = GBP 0.85, assumed); low CTRA EUR 76.57 = GBP 65. High Judgement, central + 50% (figures.md's GBP 83 is below the central; small hubs run part-empty).",
);
const HUB_FIXED = sv(
  25_000_000,
  18_500_000,
  27_750_000,
  S.openpolisViaInfoMigrants,
  'Derived: figures.md section 10 hub fixed cost GBP 100m a year (low GBP 74m: Rwanda GBP 370m over 5 years; high GBP 111m: Italy EUR 653m over 5 years at EUR 1 = GBP 0.85), split evenly across the four hubs (Judgement).',
);

function hub(opensOn: string, ownGroup?: string) {
  return {
    places: HUB_PLACES,
    opensOn,
    ...(ownGroup ? { ownGroup } : {}),
    feePerPerson: HUB_FEE,
    costPerNight: HUB_NIGHT,
    fixedCostPerYear: HUB_FIXED,
  };
}

/**
 * Opening dates are Judgement (a date cannot carry a source in the schema, so the reason is here
 * and in scenarios/README.md): talks began at Tirana on 15 May 2025 (The National) and no
 * agreement had been published by early 2026. Albania opens last because its prime minister
 * declined in May 2025 ("loyal to our marriage with Italy").
 */
export const HUB_OPENING_NOTE =
  'Opening dates are Judgement: talks began at Tirana on 15 May 2025 and no agreement had been published by early 2026; Albania, whose prime minister declined in May 2025, opens last.';

/** The four Western Balkan hubs named in the article, in the order a transfer tries them. */
export const HUB_SITES = {
  serbia: hub('2027-01-01'),
  'north-macedonia': hub('2027-01-01'),
  'bosnia-and-herzegovina': hub('2027-07-01'),
  albania: hub('2028-01-01', 'albanian'),
};

export const HUB_SCHEME = {
  eligibleGroups: Object.keys(GROUPS),
  directReturnFirst: true,
  leadTimeDays: sv(
    14,
    7,
    30,
    null,
    'Judgement: time to arrange a flight and escort once a place is found; figures.md has no row for it.',
  ),
  transferCost: sv(
    9000,
    4444,
    22000,
    S.migrationWatchCharters,
    'Published: charter average GBP 8,940 per returnee 2020-Oct 2022 (Home Office FOI). Low GBP 4,444 (2016, full flights, The Independent); high GBP 22,000 flights and escorts to Rwanda (Home Office IA via BBC).',
  ),
  meanStayDays: sv(
    91,
    28,
    548,
    S.skyTg24Gjader,
    "Judgement (figures.md section 10): 3 months. Low 28 days is Derived by Little's law from Gjader CPR (about 140 arrivals in about 110 days with 27-43 held); high is the Italian CPR legal maximum of 18 months.",
  ),
  maxStayDays: sv(
    548,
    365,
    548,
    null,
    'Judgement: the Italian CPR legal maximum of 18 months (particle.news summary, secondary, no link) as the hub maximum; low 12 months.',
  ),
  legalChallenges: {
    perYear: sv(
      1,
      0,
      3,
      S.globalDetentionEcj,
      'Judgement: Italian courts refused to validate detention after each of the first three Albania transfers (Oct 2024 to Jan 2025) and the CJEU ruled on safe-country designations (Aug 2025).',
    ),
    meanPauseDays: sv(
      60,
      30,
      180,
      null,
      'Judgement: no published figure for how long a court order pauses transfers.',
    ),
  },
};

// ---------------------------------------------------------------------------------------------
// Rwanda-style relocation (NAO payment structure)
// ---------------------------------------------------------------------------------------------

/** The scheme starts a year in, like the hubs: a treaty and legislation come first (Judgement). */
export const RELOCATION_START = '2027-01-01';

export const RELOCATION = {
  startDate: RELOCATION_START,
  capacityPerYear: sv(
    2000,
    300,
    10000,
    S.refugeeCouncilCostChaos2024,
    'Judgement: the Refugee Council (Apr 2024) assumed at most 2,000 removed to Rwanda by end 2024. Low 300 = the NAO threshold case; high 10,000 a year = the Refugee Council (Mar 2023) assumption.',
  ),
  payments: {
    fixed: [
      {
        on: RELOCATION_START,
        amount: sv(
          220_000_000,
          220_000_000,
          220_000_000,
          S.lbcRwandaPayments,
          'Published: GBP 220m paid to the ETIF by Feb 2024 (part of the GBP 370m fixed payments, NAO). Timing mapped to the scheme start (Judgement).',
        ),
      },
      ...['2027-04-01', '2028-04-01', '2029-04-01'].map((on) => ({
        on,
        amount: sv(
          50_000_000,
          50_000_000,
          50_000_000,
          S.lbcRwandaPayments,
          'Published: GBP 50m each April 2024, 2025 and 2026 (NAO, via LBC). Dates mapped to the scheme start (Judgement).',
        ),
      })),
    ],
    threshold: {
      afterRelocations: sv(
        300,
        300,
        300,
        S.naoRwanda,
        'Published: payable once 300 people have been relocated (NAO).',
      ),
      amount: sv(120_000_000, 120_000_000, 120_000_000, S.naoRwanda, 'Published: GBP 120m (NAO).'),
    },
    perPerson: sv(
      20000,
      20000,
      20000,
      S.naoRwanda,
      'Published: GBP 20,000 per relocated person to the ETIF (NAO).',
    ),
    processingPerPerson: sv(
      150874,
      0,
      150874,
      S.naoRwanda,
      'Published: up to GBP 150,874 per person over 5 years for processing and operations, stopping if the person leaves Rwanda (NAO). Low 0 is the bound if everyone left at once (Judgement).',
    ),
    flightPerPerson: sv(
      11000,
      11000,
      22000,
      S.iNewsRwandaFlights,
      'Published: about GBP 11,000 per person for flights (NAO via i). High GBP 22,000 flights and escorts (Home Office IA via BBC).',
    ),
  },
  processIfNotRelocated: false,
};

// ---------------------------------------------------------------------------------------------
// Right to work
// ---------------------------------------------------------------------------------------------

export const RIGHT_TO_WORK = {
  afterDays: sv(
    182,
    182,
    365,
    S.liftTheBanRule,
    'Published policy ask: right to work after 6 months (Lift the Ban); the current rule is 12 months, limited to listed occupations (high).',
  ),
  selfSupportShare: sv(
    0.3,
    0.1,
    0.5,
    null,
    'Judgement: figures.md has no employment rate for asylum seekers allowed to work; 0.3 of those eligible leave Home Office accommodation.',
  ),
  taxPerDay: sv(
    25,
    7,
    62,
    S.niesrRightToWork,
    'Derived and Judgement: NIESR estimates GBP 880m a year in tax from a 6-month rule; over 129,000 people waiting more than 6 months (NAO, Mar 2023) at 0.3 working that is GBP 62 a worker a day (high). Lift the Ban\'s GBP 97.8m a year gives GBP 7 (low). The Home Office said the real gain is "significantly lower" than Lift the Ban claimed; GBP 25 (about GBP 9,100 a year) is Judgement between them.',
  ),
};

// ---------------------------------------------------------------------------------------------
// The five calibrated scenarios
// ---------------------------------------------------------------------------------------------

function base(name: string, title: string, description: string): ScenarioInput {
  return {
    name,
    title,
    description,
    startDate: START_DATE,
    horizonDays: HORIZON_DAYS,
    seed: 1,
    arrivals: ARRIVALS,
    groups: GROUPS,
    accommodation: ACCOMMODATION,
    decisions: DECISIONS_STATUS_QUO,
    appeals: APPEALS,
    moveOn: { days: MOVE_ON_DAYS },
    removals: REMOVALS,
    support: { finallyRefusedOnSupportShare: FINALLY_REFUSED_ON_SUPPORT },
    absconding: { perYear: ABSCONDING },
    initialStocks: {
      stages: {
        AWAITING_DECISION: STOCKS.awaitingDecision,
        APPEAL_PENDING: STOCKS.appealPending,
        GRANTED_MOVE_ON: STOCKS.grantedMoveOn,
        FINALLY_REFUSED: STOCKS.finallyRefused,
      },
      inHotels: STOCKS.inHotels,
    },
  };
}

const hubs = (): NonNullable<ScenarioInput['hubs']> => ({ sites: HUB_SITES, ...HUB_SCHEME });

const fasterProcessing = (s: ScenarioInput): ScenarioInput => ({
  ...s,
  decisions: DECISIONS_FASTER,
  rightToWork: RIGHT_TO_WORK,
});

const FROM_STOCKS =
  'Starts from the published end-2025 stocks (64,426 awaiting an initial decision, about 78,560 on appeal, 30,657 in hotels). Calibrated to reference/figures.md; see scenarios/README.md for every choice.';

/** The five calibrated scenarios, keyed by file name. */
export function buildCalibratedScenarios(): Record<string, ScenarioInput> {
  const statusQuo = base(
    'status-quo',
    'Status quo: the UK asylum system as it stands at end 2025',
    `Every asylum claimant (all routes, 41% by small boat), decided by today's caseworkers, with appeals, move-on, removals home at 2025's rate and absconding; no hubs, no relocation, no right to work, no deterrence. ${FROM_STOCKS}`,
  );
  const returnHubs: ScenarioInput = {
    ...base(
      'return-hubs',
      'Return hubs in Albania, Serbia, Bosnia and Herzegovina and North Macedonia',
      `The status quo plus four Western Balkan return hubs (500 places each, opening from 2027) for finally refused, non-vulnerable people who cannot be returned home directly; the Albanian hub does not take Albanians. ${HUB_OPENING_NOTE} Deterrence off. ${FROM_STOCKS}`,
    ),
    hubs: hubs(),
    deterrence: DETERRENCE,
  };
  const rwanda: ScenarioInput = {
    ...base(
      'rwanda',
      'Rwanda-style relocation with the NAO payment structure',
      `The status quo plus, from 2027, inadmissibility for every non-vulnerable small-boat arrival, who waits to be relocated (2,000 slots a year) and is never processed if not relocated (as under the Illegal Migration Act). Payments follow the NAO's account of the UK-Rwanda Partnership: GBP 370m fixed, GBP 120m after 300 relocations, GBP 20,000 and up to GBP 150,874 per person, GBP 11,000 flight. Deterrence off. ${FROM_STOCKS}`,
    ),
    relocation: RELOCATION,
    deterrence: DETERRENCE,
  };
  const faster = fasterProcessing(
    base(
      'faster-processing-right-to-work',
      'Faster processing and the right to work after 6 months',
      `The status quo with the caseworker pool restored to its October 2023 peak (2,463 FTE at 6.5 decisions a month) and the right to work after 6 months waiting for a decision. ${FROM_STOCKS}`,
    ),
  );
  const combined: ScenarioInput = {
    ...fasterProcessing(
      base(
        'combined',
        'Return hubs plus faster processing and the right to work',
        `The return-hubs scenario and the faster-processing-right-to-work scenario together. Deterrence off. ${FROM_STOCKS}`,
      ),
    ),
    hubs: hubs(),
    deterrence: DETERRENCE,
  };
  return {
    'status-quo': statusQuo,
    'return-hubs': returnHubs,
    rwanda,
    'faster-processing-right-to-work': faster,
    combined,
  };
}
