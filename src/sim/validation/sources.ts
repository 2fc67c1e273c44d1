/**
 * The publications the calibrated scenarios cite, each as `reference/figures.md` records it
 * (publisher, title, date, link). Where figures.md read a figure in a news report or on a mirror,
 * the publisher names the original publisher and the outlet it was read in, as figures.md does.
 * Nothing here is added from outside figures.md (and, for two modelling anchors, simulation.md).
 */
import type { Source } from '../scenario.ts';

export const SOURCES = {
  hoAsylumSystemDec2025: {
    publisher: 'Home Office',
    title:
      'Immigration system statistics, year ending December 2025: How many people are in the UK asylum system?',
    date: '2026-02-26',
    url: 'https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2025/how-many-people-are-in-the-uk-asylum-system',
  },
  hoGrantedDec2025: {
    publisher: 'Home Office',
    title:
      'Immigration system statistics, year ending December 2025: How many people are granted asylum in the UK?',
    date: '2026-02-26',
    url: 'https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2025/how-many-people-are-granted-asylum-in-the-uk',
  },
  hoGrantedDec2024: {
    publisher: 'Home Office',
    title:
      'Immigration system statistics, year ending December 2024: How many people are granted asylum in the UK?',
    date: '2025-02-27',
    url: 'https://gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2024/how-many-people-are-granted-asylum-in-the-uk',
  },
  hoReturnsDec2025: {
    publisher: 'Home Office',
    title:
      'Immigration system statistics, year ending December 2025: How many people are returned from the UK?',
    date: '2026-02-26',
    url: 'https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2025/how-many-people-are-returned-from-the-uk',
  },
  hoCasesSep2025: {
    publisher: 'Home Office',
    title:
      'Immigration system statistics, year ending September 2025: How many cases are in the UK asylum system?',
    date: '2025-11-27',
    url: 'https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-september-2025/how-many-cases-are-in-the-uk-asylum-system',
  },
  hoCasesMar2025: {
    publisher: 'Home Office',
    title:
      'Immigration system statistics, year ending March 2025: How many cases are in the UK asylum system?',
    date: '2025-05-22',
    url: 'https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-march-2025/how-many-cases-are-in-the-uk-asylum-system',
  },
  hoClaims2025ViaLondonEconomic: {
    publisher: 'Home Office (reported by The London Economic)',
    title: 'Number of asylum seekers in UK hotels drops to 18-month low',
    date: '2026-02-26',
    url: 'https://www.thelondoneconomic.com/news/number-of-asylum-seekers-in-uk-hotels-drops-to-18-month-low-403595/',
  },
  hoHotelsViaIndependentNov2025: {
    publisher: 'Home Office via PA (reported by The Independent)',
    title: 'Asylum seeker hotels figures rise',
    date: '2025-11-27',
    url: 'https://www.the-independent.com/news/uk/home-news/asylum-seeker-hotels-figures-rise-labour-b2873529.html',
  },
  hoBacklogViaCityAm: {
    publisher: 'Home Office (reported by City AM)',
    title: 'Asylum backlog reaches new record high',
    date: '2023-08-24',
    url: 'https://www.cityam.com/asylum-backlog-reaches-new-record-high/',
  },
  freeMovementSep2025: {
    publisher: 'Free Movement (summarising Home Office statistics)',
    title: 'Latest statistics (year ending September 2025)',
    date: '2025-11',
    url: 'https://freemovement.org.uk/?p=232458',
  },
  freeMovementAppealsSep2025: {
    publisher: 'Ministry of Justice tribunal statistics (reported by Free Movement)',
    title:
      'First-tier Tribunal appeal receipts up 123% in a year amid continuing concerns about Home Office decision making',
    date: '2025',
    url: 'https://freemovement.org.uk/first-tier-tribunal-appeal-receipts-up-123-in-a-year-amid-continuing-concerns-about-home-office-decision-making',
  },
  freeMovementAppealsDec2024: {
    publisher: 'Ministry of Justice tribunal statistics (reported by Free Movement)',
    title:
      'Increase in Home Office refusals sees number of asylum appeals soar in latest tribunal statistics',
    date: '2025',
    url: 'https://freemovement.org.uk/increase-in-home-office-refusals-sees-number-of-asylum-appeals-soar-in-latest-tribunal-statistics',
  },
  afghanistanInternational: {
    publisher: 'Oxford University study cited by the Observer (reported by Afghanistan International)',
    title: 'Afghan asylum grant rate in the UK, first half of 2025',
    date: '2025-08-31',
    url: 'https://www.afintl.com/en/202508310239',
  },
  timesAlbanianMen: {
    publisher: 'The Times',
    title: 'Most Albanian women given asylum but only 13% of men',
    date: '2022-11',
    url: 'https://www.thetimes.co.uk/article/most-albanian-women-given-asylum-but-only-13-of-men-q7zdgmwjm',
  },
  asylumstatsLeagueTable: {
    publisher: 'asylumstats.co.uk (third-party analysis of Home Office table Asy_D02; cross-check only)',
    title: 'Grant-rate league table',
    date: '2026-04-14',
    url: 'https://asylumstats.co.uk/findings/grant-rate-league-table/',
  },
  paNationalitiesQ1_2025: {
    publisher: 'Home Office via PA (read on the mirror daily8.com)',
    title: 'Small-boat arrivals by nationality, January to March 2025',
    date: '2025-05',
    url: 'https://www.daily8.com/en/article/586c5eee101adccce1415d42f3967792',
  },
  migObsReturns: {
    publisher: 'Migration Observatory, University of Oxford',
    title: 'Returns of unauthorised migrants from the UK',
    date: '2025',
    url: 'https://migrationobservatory.ox.ac.uk/resources/briefings/returns-of-unauthorised-migrants-from-the-uk',
  },
  refugeeCouncilIa2023: {
    publisher: 'Refugee Council',
    title:
      'Nearly 200,000 people could be locked up or forced into destitution: new report on asylum bill reveals',
    date: '2023-03-22',
    url: 'https://www.refugeecouncil.org.uk/latest/news/nearly-200000-people-could-be-locked-up-or-forced-into-destitution-new-report-on-asylum-bill-reveals/',
  },
  refugeeCouncilCostChaos2024: {
    publisher: 'Refugee Council',
    title: "Government's Illegal Migration Act and Rwanda plan to cause system meltdown costing billions",
    date: '2024-04-25',
    url: 'https://www.refugeecouncil.org.uk/latest/news/governments-illegal-migration-act-and-rwanda-plan-to-cause-system-meltdown-costing-billions/',
  },
  hoCaseworkersOct2023: {
    publisher: 'Home Office',
    title: 'Additional statistics relating to illegal migration (to end October 2023)',
    date: '2024-04-26',
    url: 'https://www.gov.uk/government/statistics/statistics-relating-to-the-illegal-migration-bill/additional-statistics-relating-to-illegal-migration-to-end-october-2023',
  },
  caseworkersWrittenAnswer: {
    publisher: 'UK Parliament written answer citing Home Office table ASY_05(M) (via Parallel Parliament)',
    title: 'Asylum: written question 95366',
    date: '2025',
    url: 'https://www.parallelparliament.co.uk/question/95366/asylum',
  },
  lordYoungHotels: {
    publisher: 'House of Lords (Lord Young of Cookham, via Parallel Parliament)',
    title: 'Asylum Seekers: Accommodation, HL Deb 16 January 2025',
    date: '2025-01-16',
    url: 'https://parallelparliament.co.uk/mp/lord-young-of-cookham/debate/Lords/2025-01-16/debates/57184EEE-D0FB-494C-A061-B62A5B3A1B7F/AsylumSeekersAccommodation',
  },
  hacHotelCost: {
    publisher: 'House of Commons Home Affairs Committee (reported by The Independent)',
    title: 'Asylum hotels: Home Affairs Committee report on asylum accommodation (bulletin)',
    date: '2025-10-27',
    url: 'https://www.independent.co.uk/bulletin/news/asylum-hotels-home-office-migrants-b2852700.html',
  },
  naoAccommodationContracts: {
    publisher: 'National Audit Office (reported by EIN)',
    title: 'Asylum accommodation contracts (briefing for the Home Affairs Committee)',
    date: '2025-05-07',
    url: 'https://www.ein.org.uk/news/nao-examines-asylum-accommodation-contracts-and-finds-home-office-spending-substantially',
  },
  naoAccommodation2024: {
    publisher: 'National Audit Office',
    title: 'Investigation into asylum accommodation',
    date: '2024-03-20',
    url: 'https://www.nao.org.uk/reports/investigation-into-asylum-accommodation/',
  },
  naoAccommodationWip: {
    publisher: 'National Audit Office',
    title: 'Asylum accommodation (work in progress)',
    date: '2023',
    url: 'https://www.nao.org.uk/work-in-progress/asylum-accommodation/',
  },
  migrationWatchCharters: {
    publisher: 'Home Office FOI 72367 (reported by Migration Watch UK)',
    title: 'Charter flight costs 2020-2022',
    date: '2023-01-06',
    url: 'https://www.migrationwatchuk.org/news/2023/01/06/charter-flight-costs-2020-2022',
  },
  naoRwanda: {
    publisher: 'National Audit Office (release text via Parliament Today)',
    title: 'Investigation into the costs of the UK-Rwanda Partnership',
    date: '2024-03-01',
    url: 'https://www.parliamenttoday.com/members/viewnews.html?id=153765',
  },
  lbcRwandaPayments: {
    publisher: 'LBC (reporting the National Audit Office)',
    title: 'Rwanda bill costs taxpayer: watchdog report',
    date: '2024-03-01',
    url: 'https://www.lbc.co.uk/news/rwanda-bill-costs-taxpayer-rishi-sunak-watchdog-report/',
  },
  iNewsRwandaFlights: {
    publisher: 'i (reporting the National Audit Office)',
    title: 'UK-Rwanda relocation cost',
    date: '2024-03',
    url: 'https://inews.co.uk/news/politics/uk-rwanda-relocate-cost-2934357',
  },
  hoImpactAssessmentBbc: {
    publisher: 'Home Office, Illegal Migration Bill economic impact assessment (reported by BBC live page)',
    title: 'Illegal Migration Bill: economic impact assessment',
    date: '2023-06-26',
    url: 'https://www.bbc.com/news/live/uk-66045323',
  },
  hoImpactAssessmentKent: {
    publisher:
      'Home Office, Illegal Migration Bill economic impact assessment (summarised by Kent Law Clinic)',
    title: 'The Illegal Migration Bill impact assessment',
    date: '2023',
    url: 'https://blogs.kent.ac.uk/kentlawclinic/?p=943',
  },
  hansardImpactAssessment: {
    publisher: 'House of Lords (Hansard)',
    title: 'Illegal Migration Bill: Economic Impact Assessment, HL Deb 27 June 2023',
    date: '2023-06-27',
    url: 'https://hansard.parliament.uk/Lords/2023-06-27/debates/C8ED1DB5-DDC2-47C9-B55B-46B134D0CF33/IllegalMigrationBillEconomicImpactAssessment',
  },
  skyTg24Gjader: {
    publisher: 'Lazio detainee ombudsman visit (reported by Sky TG24)',
    title: 'Centri migranti Albania, garanti detenuti',
    date: '2025-08-04',
    url: 'https://tg24.sky.it/cronaca/2025/08/04/centri-migranti-albania-garanti-detenuti',
  },
  eunewsGjaderCosts: {
    publisher: 'ActionAid Italy and University of Bari, Trattenuti (reported by Eunews)',
    title:
      'Migrants, the Albania model eyed by the EU deemed useless and inhuman, and costs 114,000 euros per day',
    date: '2025-07-24',
    url: 'https://www.eunews.it/en/2025/07/24/migrants-albania-model-eyed-by-the-eu-deemed-useless-and-inhuman-and-costs-114000-euros-per-day',
  },
  openpolisViaInfoMigrants: {
    publisher: 'Openpolis (reported by InfoMigrants)',
    title: 'Italy-Albania migrants accord to cost 653 mn euros: Openpolis',
    date: '2024-04-19',
    url: 'http://freeb.infomigrants.net/en/post/56618/italyalbania-migrants-accord-to-cost-653-mn-euros-openpolis',
  },
  globalDetentionEcj: {
    publisher: 'Global Detention Project',
    title: 'European Court ruling challenges Italy-Albania detention deal and other externalisation plans',
    date: '2025-08',
    url: 'https://www.globaldetentionproject.org/european-court-ruling-challenges-italy-albania-detention-deal-and-other-externalisation-plans',
  },
  nationalTirana: {
    publisher: 'The National',
    title: 'UK begins talks to send failed asylum seekers abroad',
    date: '2025-05-15',
    url: 'https://www.thenationalnews.com/news/uk/2025/05/15/uk-begins-talks-to-send-failed-asylum-seekers-abroad',
  },
  liftTheBanRule: {
    publisher: 'Lift the Ban coalition / Asylum Matters',
    title: 'Lift the Ban statement in response to misleading media reports',
    date: '2024-01-22',
    url: 'https://asylummatters.org/2024/01/22/lift-the-ban-statement-in-response-to-misleading-media-reports/',
  },
  niesrRightToWork: {
    publisher: 'NIESR analysis shared with i',
    title: 'Allowing asylum seekers to work would boost the UK economy',
    date: '2024',
    url: 'https://inews.co.uk/news/allowing-asylum-seekers-work-uk-economy-cross-party-mp-change-2198216',
  },
} as const satisfies Record<string, Source>;
