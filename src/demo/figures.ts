/**
 * The sourced numbers the demo caseload is drawn from. Section references are to
 * `reference/figures.md` (copied into docs by the lead); where no publisher states a number the
 * entry says **Judgement**. The demo is synthetic: these shape it so it looks like the real scheme,
 * they are not a forecast.
 */

/** ISO 3166-1 alpha-3 codes of the nationalities in the demo, with display names. */
export const DEMO_NATIONALITIES = {
  AFG: 'Afghanistan',
  ERI: 'Eritrea',
  IRN: 'Iran',
  SDN: 'Sudan',
  VNM: 'Vietnam',
  IRQ: 'Iraq',
  SYR: 'Syria',
  ALB: 'Albania',
  TUR: 'Turkey',
  EGY: 'Egypt',
  YEM: 'Yemen',
  IND: 'India',
  GEO: 'Georgia',
} as const;
export type DemoNationality = keyof typeof DEMO_NATIONALITIES;

/**
 * Nationality mix of small-boat arrivals, in percent. §1b: 2023 (Afghan 20, Iranian 13, Turkish 11,
 * Eritrean 9, Iraqi 9, Vietnamese 5, Albanian 3), Jan–Sep 2024 (Afghan 17, Vietnamese 13) and
 * Q1 2025 (Eritrean 20, Afghan 13, Sudanese 12, Vietnamese 8, Iranian 8), blended by **Judgement**;
 * Yemen, India and Georgia are small groups added so low-grant nationalities appear.
 */
export const nationalityMix = {
  AFG: 17,
  ERI: 14,
  IRN: 11,
  SDN: 10,
  VNM: 10,
  IRQ: 9,
  SYR: 6,
  ALB: 5,
  TUR: 7,
  EGY: 4,
  YEM: 3,
  IND: 2,
  GEO: 2,
} as const satisfies Record<DemoNationality, number>;

/**
 * Initial grant rate by nationality. §1d and §10: Syria 0.98 before the pause (pooled 0.936),
 * Eritrea 0.91, Sudan 0.93, Iran 0.72, Afghanistan 0.37 (H1 2025), Albanian men 0.13 (most
 * Albanian women granted: 0.75 is **Judgement**), Yemen 0.95, India 0.03, Georgia 0.057.
 * Vietnam, Iraq, Turkey and Egypt have no sourced rate: they take the central overall rate 0.45 (§10).
 */
export const initialGrantRate = {
  AFG: 0.37,
  ERI: 0.91,
  IRN: 0.72,
  SDN: 0.93,
  VNM: 0.45,
  IRQ: 0.45,
  SYR: 0.94,
  ALB: 0.13,
  TUR: 0.45,
  EGY: 0.45,
  YEM: 0.95,
  IND: 0.03,
  GEO: 0.057,
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
  { code: 'ALB', name: 'Albania' },
  { code: 'SRB', name: 'Serbia' },
  { code: 'BIH', name: 'Bosnia and Herzegovina' },
  { code: 'MKD', name: 'North Macedonia' },
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
