/**
 * Finds an explicit request for one kind of library document: cases ("cases om", "landsdækkende cases"), research
 * ("rapporter eller undersøgelser om", "hvad siger forskningen") or method descriptions ("hvilke metoder har I").
 * Works on `normalizeText` output.
 *
 * Conservative: "Hvilken metode kan vi bruge …?" asks for advice, which cases answer as well as method
 * descriptions, so it is no filter; only documents asked for *as documents* are. "business case" is a method.
 */
import type { DocumentType } from '../../knowledge/index.js';
import { anyOf, wordPattern } from './match-text.js';

const ASKING_FOR = `${anyOf([
  'har i', 'findes der', 'er der', 'vis mig', 'kender i', 'do you have', 'are there', 'show me', 'is there',
])}(?: \\p{L}+){0,2}`;

const CUES: Array<{ type: DocumentType; sources: string[] }> = [
  {
    type: 'case',
    sources: ['(?<!business |in )case(?:s|n|ne)?(?! studies)', 'case studies', 'casestudier'],
  },
  {
    type: 'research',
    sources: [
      `${ASKING_FOR} (?:rapporter|undersøgelser|forskning|analyser|evalueringer|research|reports|studies|surveys)`,
      '(?:rapporter|undersøgelser|forskning|forskningen|research|reports|studies|surveys) (?:om|omkring|on|about)',
      'hvad siger (?:forskningen|rapporterne|undersøgelserne)',
      'what does (?:the )?research say',
    ],
  },
  {
    type: 'method',
    sources: [
      `${ASKING_FOR} (?:metoder|metodebeskrivelser|methods|method descriptions)`,
      'metoder har i', 'jeres metoder', 'metodebeskrivelser', 'methods do you have', 'your methods',
    ],
  },
];

const PATTERNS = CUES.map(({ type, sources }) => ({ type, pattern: wordPattern(sources, 'g') }));

export interface DocumentTypeMatch {
  types: DocumentType[];
  matched: string[];
}

/** The document types explicitly asked for in normalised `text`, in the order case, research, method. */
export function findDocumentTypes(normalized: string): DocumentTypeMatch {
  const types: DocumentType[] = [];
  const matched: string[] = [];
  for (const { type, pattern } of PATTERNS) {
    for (const match of normalized.matchAll(pattern)) {
      if (!types.includes(type)) types.push(type);
      matched.push(match[0]);
    }
  }
  return { types, matched };
}
