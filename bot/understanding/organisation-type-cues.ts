/**
 * Finds the kinds of public organisation a question is about ("regionerne", "staten", "statslige projekter",
 * "kommunale initiativer", "state agencies"). Works on `normalizeText` output.
 *
 * Why "kommuner" is only a *soft* cue: most of the library's actors are municipalities, and "Hvilke kommuner har
 * prøvet X?" is the everyday way to ask "who has tried X?". Filtering on organisation type there would drop the
 * research reports and state or regional cases that answer it (documents without an organisation type never pass
 * the filter). "regionerne" or "staten", by contrast, are deliberate choices. The caller turns the soft cue into a
 * filter when the user narrows deliberately (a region, a period, a policy area, another organisation type, or an
 * elliptical follow-up such as "hvad med kommunerne?"). Singular "en kommune"/"kommunen" is never a cue: it is
 * usually the asker's own municipality.
 */
import { ORGANISATION_TYPES, type OrganisationType } from '../../knowledge/index.js';
import { wordPattern } from './match-text.js';

export interface OrganisationTypeMatch {
  /** Organisation types the user clearly restricts to. */
  explicit: OrganisationType[];
  /** Organisation types that are named but may just be a way of asking "who" (see the module comment). */
  soft: OrganisationType[];
  matched: string[];
  softMatched: string[];
}

const NOUNS_DA =
  'projekter|projektet|projekt|cases|case|initiativer|eksempler|erfaringer|indsatser|løsninger|organisationer|' +
  'myndigheder|arbejdspladser|institutioner|forsøg|innovationer|innovationsprojekter|hospitaler|sygehuse|aktører|' +
  'enheder|tiltag|styrelser';
const NOUNS_EN =
  'projects|cases|initiatives|examples|experiences|authorities|organisations|organizations|agencies|institutions|' +
  'hospitals|pilots|bodies|level|sector';

const NOT_PRECEDED_BY_IN = '(?<!(?<![\\p{L}\\p{N}])(?:i|in|inden for|within) )';

const EXPLICIT: Array<{ type: OrganisationType; pattern: RegExp }> = [
  {
    type: 'region',
    pattern: wordPattern(
      [
        '(?<!danske )regioner(?:ne|nes)?',
        `${NOT_PRECEDED_BY_IN}regionen`,
        `regional(?:e|t)? (?:${NOUNS_DA})`,
        'the regions',
        '(?<!other )regions',
        `regional (?:${NOUNS_EN})`,
      ],
      'g',
    ),
  },
  {
    type: 'stat',
    pattern: wordPattern(
      [
        'staten',
        'statslig(?:e|t)?',
        'ministerier(?:ne)?',
        'styrelser(?:ne)?',
        'centraladministrationen',
        'the state(?! of)',
        `state (?:${NOUNS_EN})`,
        'government (?:agencies|departments|ministries|bodies)',
        'central government',
        'national government',
        'ministries',
      ],
      'g',
    ),
  },
  {
    type: 'kommune',
    pattern: wordPattern(
      [
        `kommunal(?:e|t)? (?:${NOUNS_DA})`,
        'kun (?:i )?kommuner(?:ne)?',
        `municipal (?:${NOUNS_EN})`,
        'only (?:the )?municipalities',
      ],
      'g',
    ),
  },
];

const SOFT: Array<{ type: OrganisationType; pattern: RegExp }> = [
  {
    type: 'kommune',
    pattern: wordPattern(
      [
        'kommuner(?:ne)?', 'kommunernes(?! landsforening)', '(?:the )?municipalities', 'local authorities',
        'local councils',
      ],
      'g',
    ),
  },
];

/** The organisation types named in normalised `text`, each once, in the library's order (`ORGANISATION_TYPES`). */
export function findOrganisationTypes(normalized: string): OrganisationTypeMatch {
  const explicit = new Set<OrganisationType>();
  const soft = new Set<OrganisationType>();
  const matched: string[] = [];
  const softMatched: string[] = [];
  let rest = normalized;

  for (const { type, pattern } of EXPLICIT) {
    for (const match of rest.matchAll(pattern)) {
      explicit.add(type);
      matched.push(match[0]);
    }
    rest = rest.replace(pattern, ' ');
  }
  for (const { type, pattern } of SOFT) {
    for (const match of rest.matchAll(pattern)) {
      if (!explicit.has(type)) soft.add(type);
      softMatched.push(match[0]);
    }
  }
  return {
    explicit: ORGANISATION_TYPES.filter((type) => explicit.has(type)),
    soft: ORGANISATION_TYPES.filter((type) => soft.has(type)),
    matched,
    softMatched,
  };
}
