/**
 * Finds the Danish administrative regions a question narrows to ("i Nordjylland", "fynske", "Region Syddanmark",
 * "hovedstadsområdet", "landsdækkende"). Works on `normalizeText` output.
 *
 * Deliberately no filter for "Jylland"/"Jutland" alone (three regions) and none for city names other than
 * København: a town is an organisation the user wants, not a region to widen the search to.
 */
import { REGIONS, type Region } from '../../knowledge/index.js';
import { anyOf, wordPattern } from './match-text.js';

export interface RegionMatch {
  regions: Region[];
  matched: string[];
  /**
   * True when a region is named as an actor ("Hvad har Region Syddanmark lavet?") rather than as a place ("kommuner
   * i Region Syddanmark"): the caller may then also filter on organisation type 'region'.
   */
  regionAsOrganisation: boolean;
}

/** Per region the words that name it; `region x` forms are listed separately to detect the actor reading. */
const REGION_WORDS: Record<Region, string[]> = {
  Nordjylland: ['nordjylland(?:s)?', 'nordjysk(?:e)?', 'nordjyder(?:ne)?', 'north(?:ern)? jutland'],
  Midtjylland: [
    'midtjylland(?:s)?', 'midtjysk(?:e)?', 'østjylland(?:s)?', 'østjysk(?:e)?', 'vestjylland(?:s)?', 'vestjysk(?:e)?',
    'central (?:denmark|jutland)', 'mid jutland',
  ],
  Syddanmark: [
    'syddanmark(?:s)?', 'syddansk(?:e)?', 'fyn(?:s)?', 'fynsk(?:e)?', 'sønderjylland(?:s)?', 'sønderjysk(?:e)?',
    'sydjylland(?:s)?', 'sydjysk(?:e)?', 'south(?:ern)? denmark', 'funen', 'south(?:ern)? jutland',
  ],
  Sjælland: [
    'sjælland(?:s)?', 'sjællandsk(?:e)?', 'vestsjælland(?:s)?', 'sydsjælland(?:s)?', 'midtsjælland(?:s)?',
    'østsjælland(?:s)?', 'lolland(?:s)?', 'falster(?:s)?', '(?<!new |north )zealand',
  ],
  Hovedstaden: [
    'hovedstaden(?:s)?', 'hovedstadsområdet', 'hovedstadsregionen', 'københavn(?:s)?', 'storkøbenhavn(?:s)?',
    'københavnsområdet', 'nordsjælland(?:s)?', 'nordsjællandsk(?:e)?', 'bornholm(?:s)?', 'copenhagen(?:s)?',
    'greater copenhagen', 'capital region', 'north zealand',
  ],
  national: ['landsdækkende', 'på landsplan', 'på nationalt plan', 'nationwide', 'national level'],
};

/** "Region Midt", "Region Zealand": names that only exist as the region itself. */
const REGION_ONLY_NAMES: Partial<Record<Region, string[]>> = { Midtjylland: ['midt'], Sjælland: ['zealand'] };

/**
 * "i Region X"/"cases fra Region X" is a place; without the preposition, Region X is the actor. "fra" is a place:
 * "cases fra Region Midtjylland" asks for the cases of the area, and filtering on the regional authority as well
 * left the municipalities' cases out.
 */
const NOT_AS_PLACE = '(?<!(?<![\\p{L}\\p{N}])(?:i|in|within|inden for|fra|from) )';

const PATTERNS = (Object.keys(REGION_WORDS) as Region[]).map((region) => ({
  region,
  pattern: wordPattern(REGION_WORDS[region], 'g'),
  asOrganisation: wordPattern(
    [`${NOT_AS_PLACE}region ${anyOf([...REGION_WORDS[region], ...(REGION_ONLY_NAMES[region] ?? [])])}`],
    'g',
  ),
}));

/** "hele Sjælland" is the island: Region Sjælland and the capital region. */
const WHOLE_ZEALAND = wordPattern(['hele sjælland', '(?:all|the whole) of zealand', 'the whole zealand'], 'g');

/** The regions named in normalised `text`, each once, in the library's order of regions (`REGIONS`). */
export function findRegions(normalized: string): RegionMatch {
  const found = new Set<Region>();
  const matched: string[] = [];
  let regionAsOrganisation = false;
  let rest = normalized;

  for (const match of rest.matchAll(WHOLE_ZEALAND)) {
    found.add('Sjælland').add('Hovedstaden');
    matched.push(match[0]);
  }
  rest = rest.replace(WHOLE_ZEALAND, ' ');

  for (const { region, pattern, asOrganisation } of PATTERNS) {
    for (const match of rest.matchAll(asOrganisation)) {
      found.add(region);
      matched.push(match[0]);
      regionAsOrganisation = true;
    }
    rest = rest.replace(asOrganisation, ' ');
    for (const match of rest.matchAll(pattern)) {
      found.add(region);
      matched.push(match[0]);
    }
  }
  const regions = REGIONS.filter((region) => found.has(region));
  return { regions, matched, regionAsOrganisation };
}
