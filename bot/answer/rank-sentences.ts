/**
 * Candidate sentences for an extractive answer: every quotable sentence of every cited hit, scored by how much of
 * the question it covers and how well retrieval ranked its chunk, with near-duplicates removed.
 */
import { analyzeText, type DocumentSummary, type SearchHit } from '../../knowledge/index.js';
import type { Language } from '../messages.js';
import { plainSentence, quotableSentences, sectionContext } from './sentence-quality.js';

export interface CandidateSentence {
  /** The sentence as quoted: source text with whitespace collapsed. */
  text: string;
  /** Section label to show before it ("Faldgrube"), when the sentence only makes sense under its heading. */
  label?: string;
  documentId: string;
  document: DocumentSummary;
  /** Citation number of the document. */
  citation: number;
  /** Rank of the hit it came from (0 = best). */
  hitRank: number;
  /** Weighted share of the question's content stems the sentence contains (0..1). */
  overlap: number;
  score: number;
  stems: Set<string>;
}

/** Weight of retrieval rank next to word overlap: rank 0 adds this much, rank 3 a quarter of it. */
const RANK_WEIGHT = 0.3;
/** Sentences leaning on the previous one ("Det …", "Derfor …") read worse out of context. */
const ANAPHORA_PENALTY = 0.1;
const ANAPHORIC = /^(?:Det|Den|De|Dette|Disse|Der|Her|Så|Men|Og|Derfor|Dermed|Han|Hun|It|This|They)\s|\bderfor\b/u;
/** Sentences this similar (Jaccard of stems) or more are treated as duplicates. */
export const DUPLICATE_SIMILARITY = 0.6;

/**
 * The question's content stems. For an English question the Danish analysis is added, since the sources are Danish
 * and shared words ("design", "innovation", place names) still match.
 */
export function questionStems(question: string, language: Language): Set<string> {
  const stems = new Set(analyzeText(question, language));
  if (language === 'en') for (const stem of analyzeText(question, 'da')) stems.add(stem);
  return stems;
}

/** True when `stem` is in `sentenceStems`, or (5+ letters) inside one of its compounds ("rehabilitering"). */
function contains(sentenceStems: Set<string>, stem: string): boolean {
  if (sentenceStems.has(stem)) return true;
  if (stem.length < 5) return false;
  for (const word of sentenceStems) if (word.length > stem.length && word.includes(stem)) return true;
  return false;
}

/** Jaccard similarity of two stem sets, for spotting sentences that say the same thing. */
export function stemSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const stem of a) if (b.has(stem)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * All quotable sentences of the hits whose document has a citation number, best first. A question word counts by
 * how rare it is among the candidates (local IDF), so "genoptræning" outweighs "sted"; the hit's rank and the
 * section (what was done beats background) add to the score, leaning on the previous sentence subtracts. Exact and
 * near duplicates (a summary repeated in the profile chunk and the body, overlapping chunks) keep only the best.
 */
export function rankSentences(
  question: string,
  language: Language,
  hits: SearchHit[],
  byDocument: Map<string, number>,
): CandidateSentence[] {
  const drafts: (Omit<CandidateSentence, 'overlap' | 'score'> & { bonus: number })[] = [];
  hits.forEach((hit, hitRank) => {
    const citation = byDocument.get(hit.documentId);
    if (citation === undefined) return;
    const { skip, label, fragmentsOk, bonus } = sectionContext(hit.headingPath, language, hit.document.title);
    if (skip) return;
    for (const text of quotableSentences(hit.content, { fragmentsOk })) {
      const stems = new Set(analyzeText(plainSentence(text), 'da'));
      drafts.push({ text, label, documentId: hit.documentId, document: hit.document, citation, hitRank, stems, bonus });
    }
  });

  const wanted = [...questionStems(question, language)];
  const weight = new Map<string, number>();
  for (const stem of wanted) {
    // A word no candidate contains cannot tell candidates apart; leaving it out keeps `overlap` on a usable scale.
    const df = drafts.filter((draft) => contains(draft.stems, stem)).length;
    weight.set(stem, df === 0 ? 0 : Math.log(1 + drafts.length / df));
  }
  const totalWeight = wanted.reduce((sum, stem) => sum + weight.get(stem)!, 0);

  const candidates: CandidateSentence[] = drafts.map(({ bonus, ...draft }) => {
    const matched = wanted.filter((stem) => contains(draft.stems, stem));
    const overlap = totalWeight > 0 ? matched.reduce((sum, stem) => sum + weight.get(stem)!, 0) / totalWeight : 0;
    const penalty = ANAPHORIC.test(plainSentence(draft.text)) ? ANAPHORA_PENALTY : 0;
    return { ...draft, overlap, score: overlap + RANK_WEIGHT / (1 + draft.hitRank) + bonus - penalty };
  });
  candidates.sort((a, b) => b.score - a.score || a.hitRank - b.hitRank);
  const kept: CandidateSentence[] = [];
  for (const candidate of candidates) {
    const duplicate = kept.some(
      (other) => other.text === candidate.text || stemSimilarity(other.stems, candidate.stems) >= DUPLICATE_SIMILARITY,
    );
    if (!duplicate) kept.push(candidate);
  }
  return kept;
}

/**
 * Greedy pick of up to `count` candidates preferring different documents: first at most one per document, then
 * (only if still short) a second from documents already used.
 */
export function pickDiverse(candidates: CandidateSentence[], count: number): CandidateSentence[] {
  const picked: CandidateSentence[] = [];
  const perDocument = new Map<string, number>();
  for (const limit of [1, 2]) {
    for (const candidate of candidates) {
      if (picked.length >= count) return picked;
      if (picked.includes(candidate) || (perDocument.get(candidate.documentId) ?? 0) >= limit) continue;
      picked.push(candidate);
      perDocument.set(candidate.documentId, (perDocument.get(candidate.documentId) ?? 0) + 1);
    }
  }
  return picked;
}
