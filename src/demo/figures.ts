/**
 * The sourced numbers the demo caseload is drawn from. Section references are to
 * `reference/figures.md` (copied into docs by the lead); where no publisher states a number the
 * entry says **Judgement**. The demo is synthetic: these shape it so it looks like the real scheme,
 * they are not a forecast.
 */

/** ISO 3166-1 alpha-2 codes (as in src/domain/types.ts) of the nationalities in the demo, with display names. */
export const DEMO_NATIONALITIES = {
  AF: 'Afghanistan',
  ER: 'Eritrea',
  IR: 'Iran',
  SD: 'Sudan',
  VN: 'Vietnam',
  IQ: 'Iraq',
  SY: 'Syria',
  AL: 'Albania',
  TR: 'Turkey',
  EG: 'Egypt',
  YE: 'Yemen',
  IN: 'India',
  GE: 'Georgia',
} as const;
export type DemoNationality = keyof typeof DEMO_NATIONALITIES;

/**
 * Nationality mix of small-boat arrivals, in percent. §1b: 2023 (Afghan 20, Iranian 13, Turkish 11,
 * Eritrean 9, Iraqi 9, Vietnamese 5, Albanian 3), Jan–Sep 2024 (Afghan 17, Vietnamese 13) and
 * Q1 2025 (Eritrean 20, Afghan 13, Sudanese 12, Vietnamese 8, Iranian 8), blended by **Judgement**;
 * Yemen, India and Georgia are small groups added so low-grant nationalities appear.
 */
export const nationalityMix = {
  AF: 17,
  ER: 14,
  IR: 11,
  SD: 10,
  VN: 10,
  IQ: 9,
  SY: 6,
  AL: 5,
  TR: 7,
  EG: 4,
  YE: 3,
  IN: 2,
  GE: 2,
} as const satisfies Record<DemoNationality, number>;

/**
 * Initial grant rate by nationality. §1d and §10: Syria 0.98 before the pause (pooled 0.936),
 * Eritrea 0.91, Sudan 0.93, Iran 0.72, Afghanistan 0.37 (H1 2025), Albanian men 0.13 (most
 * Albanian women granted: 0.75 is **Judgement**), Yemen 0.95, India 0.03, Georgia 0.057.
 * Vietnam, Iraq, Turkey and Egypt have no sourced rate: they take the central overall rate 0.45 (§10).
 */
export const initialGrantRate = {
  AF: 0.37,
  ER: 0.91,
  IR: 0.72,
  SD: 0.93,
  VN: 0.45,
  IQ: 0.45,
  SY: 0.94,
  AL: 0.13,
  TR: 0.45,
  EG: 0.45,
  YE: 0.95,
  IN: 0.03,
  GE: 0.057,
} as const satisfies Record<DemoNationality, number>;
export const albanianWomenGrantRate = 0.75;

/** §10: share of refused people who appeal (0.70, Derived) and share of appeals allowed (0.40). */
export const appealRate = 0.7;
export const appealAllowedRate = 0.4;
/** MODEL.md: the appeal window is 14 days; §10: appeals take about 12 months. */
export const appealWindowDays = 14;
export const appealMeanDays = 365;
/** §10 central time to initial decision (12 months, Judgement from §1g). */
export const decisionMeanDays = 365;

/** §2b: hotel £145 and dispersal £14.41 per person per night, in pence. */
export const hotelNightPence = 14_500;
export const dispersalNightPence = 1_441;
/** §10: share of supported people in hotels (0.35, NAO 2024-25). */
export const hotelShare = 0.35;

/** The four partner countries named in DOMAIN.md and §7 (The Times, Mar 2025). */
export const DEMO_PARTNERS = [
  { code: 'AL', name: 'Albania' },
  { code: 'RS', name: 'Serbia' },
  { code: 'BA', name: 'Bosnia and Herzegovina' },
  { code: 'MK', name: 'North Macedonia' },
] as const;
export type DemoPartnerCode = (typeof DEMO_PARTNERS)[number]['code'];

/**
 * Hub money (§10): fee per person on arrival £20,000 central (Rwanda ETIF basis), operating cost
 * £92 a night (Gjadër CPR €108.04), fixed cost £100m a year for the whole scheme, split across
 * partners by **Judgement**. Maximum stay 18 months (Italian CPR legal maximum, §5).
 */
export const hubFeePerPersonPence = 2_000_000;
export const hubNightPence = 9_200;
export const hubFixedPerYearPence = 2_500_000_000;
export const hubMaxStayDays = 548;
