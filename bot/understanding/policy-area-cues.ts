/**
 * Finds an explicitly named policy area ("på ældreområdet", "skoleprojekter", "inden for kultur og fritid",
 * "klimatilpasning") and maps it to the exact `policy_area` value the library uses (the search filter compares the
 * whole value, case-insensitively). Works on `normalizeText` output.
 *
 * Conservative on purpose: a policy-area filter removes every document of another area, so a passing mention
 * ("robotter hos de ældre", "teknologi i ældreplejen") is left to ranking, and only the area named *as an area*
 * ("-området", "-sektoren", "-projekter", the area's own name) becomes a filter.
 */
import { anyOf, wordPattern } from './match-text.js';

/** The policy_area values used in data/library (front matter and the CSV/JSON exports). */
export const POLICY_AREAS = [
  'ældre og sundhed', 'sundhed', 'beskæftigelse', 'børn og skole', 'socialområdet', 'klima og miljø',
  'digitalisering', 'kultur og fritid', 'demokrati og medborgerskab', 'ledelse og organisation',
] as const;
export type PolicyArea = (typeof POLICY_AREAS)[number];

/** Compound heads: "ældre" + "området" = "ældreområdet". */
const AREA_SUFFIXES = anyOf([
  'området', 'område', 'områderne', 'sektoren', 'sektor', 'feltet', 'projekter', 'projekterne', 'projekt',
  'projektet', 'cases', 'initiativer', 'indsatser',
]);
/** English: "the health sector", "employment projects". */
const AREA_EN = '(?:area|sector|field|projects)';

const CUES: Array<{ area: PolicyArea; sources: string[] }> = [
  {
    area: 'ældre og sundhed',
    sources: [
      `ældre${AREA_SUFFIXES}`, 'ældre og sundhed', 'ældre og sundhedsområdet',
      `(?:elderly|older people s|eldercare|elder care) ${AREA_EN}`,
    ],
  },
  { area: 'sundhed', sources: [`sundheds${AREA_SUFFIXES}`, `(?:health|healthcare|health care) ${AREA_EN}`] },
  { area: 'beskæftigelse', sources: [`beskæftigelses${AREA_SUFFIXES}`, `employment ${AREA_EN}`] },
  {
    area: 'børn og skole',
    sources: [
      `(?:skole|børne|dagtilbuds|folkeskole|ungdoms)${AREA_SUFFIXES}`, 'børne og ungeområdet', 'børn og unge',
      'børn og skole', `(?:school|schools|education|childcare) ${AREA_EN}`, 'children and young people',
    ],
  },
  {
    area: 'socialområdet',
    sources: [`social${AREA_SUFFIXES}`, 'det sociale område', '(?:social|social services) (?:area|sector|field)'],
  },
  {
    area: 'klima og miljø',
    sources: [
      `(?:klima|miljø)${AREA_SUFFIXES}`, 'klima og miljø', 'klimatilpasning\\p{L}*', 'klima', 'klimaindsats\\p{L}*',
      `(?:climate|environment|environmental) ${AREA_EN}`, 'climate adaptation', 'climate change adaptation',
    ],
  },
  { area: 'digitalisering', sources: [`digitaliserings${AREA_SUFFIXES}`, `digitali[sz]ation ${AREA_EN}`] },
  {
    area: 'kultur og fritid',
    sources: [
      `(?:kultur|fritids)${AREA_SUFFIXES}`, 'kultur og fritid', 'culture and leisure',
      'cultural (?:area|sector|projects)',
    ],
  },
  {
    area: 'demokrati og medborgerskab',
    sources: [
      `demokrati${AREA_SUFFIXES}`, '(?:nær|lokal|borger)?demokrati(?:et)?', 'medborgerskab', 'democracy',
      'citizenship',
    ],
  },
  {
    area: 'ledelse og organisation',
    sources: [
      `ledelses${AREA_SUFFIXES}`, 'ledelse og (?:organisation|styring)',
      'leadership and (?:organisation|organization|management)',
    ],
  },
];

const PATTERNS = CUES.map(({ area, sources }) => ({ area, pattern: wordPattern(sources, 'g') }));

export interface PolicyAreaMatch {
  policyArea?: PolicyArea;
  matched: string[];
}

/**
 * The one policy area named in normalised `text`. When two different areas are named ("ældreområdet og
 * skoleområdet") there is no single value to filter on, so none is returned (the filter takes one area).
 */
export function findPolicyArea(normalized: string): PolicyAreaMatch {
  const areas = new Set<PolicyArea>();
  const matched: string[] = [];
  let rest = normalized;
  // In list order, removing what matched, so "ældre og sundhedsområdet" is not also read as "sundhedsområdet".
  for (const { area, pattern } of PATTERNS) {
    for (const match of rest.matchAll(pattern)) {
      areas.add(area);
      matched.push(match[0]);
    }
    rest = rest.replace(pattern, ' ');
  }
  if (areas.size !== 1) return { matched: [] };
  return { policyArea: [...areas][0], matched };
}
