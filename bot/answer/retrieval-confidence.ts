/**
 * How much the retrieved passages can be trusted to answer the question, 0..1. The engine answers above
 * `CONFIDENCE_THRESHOLD` and otherwise says the library does not cover it well and offers an adviser, so this is
 * what stands between a user and a confidently wrong answer.
 */
import { lexicalTerms, type SearchHit } from '../../knowledge/index.js';

/**
 * Answer at or above this; below it, reply with the low-confidence text and offer an adviser. Measured on the
 * recorded hit lists in test/fixtures/hits (local embedder): Danish eval questions median ≈ 0.66, off-topic
 * questions below 0.35 except one that shares a real place name with the library ("hovedstaden").
 */
export const CONFIDENCE_THRESHOLD = 0.35;

/**
 * Where cosine similarity starts to mean something (`vectorFloor`) and where it is as good as it gets
 * (`vectorCeiling`), plus the weights of the four signals. Defaults are calibrated for the local hashing embedder;
 * a different embedding model has a different similarity scale and should be re-calibrated on its own fixtures.
 */
export interface ConfidenceCalibration {
  vectorFloor: number;
  vectorCeiling: number;
  /** How many top hits count as "the best hit" (fusion can put a slightly weaker chunk first). */
  topHits: number;
  weights: { vector: number; lexical: number; agreement: number; support: number };
  /** Distinct supporting documents at which `support` saturates. */
  fullSupport: number;
}

export const DEFAULT_CONFIDENCE_CALIBRATION: ConfidenceCalibration = {
  vectorFloor: 0.12,
  vectorCeiling: 0.45,
  topHits: 3,
  weights: { vector: 0.45, lexical: 0.25, agreement: 0.2, support: 0.1 },
  fullSupport: 3,
};

/** The four signals, each 0..1, for logging and tuning. */
export interface ConfidenceSignals {
  /** Best vector similarity among the top hits, rescaled from floor..ceiling to 0..1. */
  vector: number;
  /** Best lexical coverage among the top hits. */
  lexical: number;
  /** Best chunk found by both retrievers: geometric mean of its rescaled similarity and its coverage. */
  agreement: number;
  /** Distinct documents with a chunk both retrievers found about as well as the best, over `fullSupport`. */
  support: number;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** The separate signals behind `retrievalConfidence`; all zero for an empty hit list. */
export function confidenceSignals(
  hits: SearchHit[],
  calibration: ConfidenceCalibration = DEFAULT_CONFIDENCE_CALIBRATION,
): ConfidenceSignals {
  if (hits.length === 0) return { vector: 0, lexical: 0, agreement: 0, support: 0 };
  const rescale = (similarity: number) =>
    clamp01((similarity - calibration.vectorFloor) / (calibration.vectorCeiling - calibration.vectorFloor));
  const top = hits.slice(0, calibration.topHits);
  const bestSimilarity = Math.max(...top.map((hit) => hit.vectorSimilarity ?? 0));
  const bestCoverage = Math.max(...top.map((hit) => hit.lexicalCoverage ?? 0));

  let agreement = 0;
  const supporting = new Set<string>();
  for (const hit of hits) {
    if (hit.vectorSimilarity === undefined || hit.lexicalCoverage === undefined) continue;
    agreement = Math.max(agreement, Math.sqrt(rescale(hit.vectorSimilarity) * clamp01(hit.lexicalCoverage)));
    const nearBest =
      hit.vectorSimilarity >= Math.max(calibration.vectorFloor, 0.7 * bestSimilarity) &&
      hit.lexicalCoverage > 0 &&
      hit.lexicalCoverage >= 0.5 * bestCoverage;
    if (nearBest) supporting.add(hit.documentId);
  }
  return {
    vector: rescale(bestSimilarity),
    lexical: clamp01(bestCoverage),
    agreement,
    support: clamp01(supporting.size / calibration.fullSupport),
  };
}

/**
 * Confidence 0..1 that `hits` answer `question`: a weighted sum of the best hit's vector similarity and lexical
 * coverage, whether one chunk was found by both retrievers, and how many distinct documents back it up. 0 when
 * there are no hits or the question has no meaningful words to match. Only comparable with `CONFIDENCE_THRESHOLD`
 * for the embedder the calibration was made for.
 */
export function retrievalConfidence(
  question: string,
  hits: SearchHit[],
  calibration: ConfidenceCalibration = DEFAULT_CONFIDENCE_CALIBRATION,
): number {
  if (hits.length === 0 || lexicalTerms(question).length === 0) return 0;
  const signals = confidenceSignals(hits, calibration);
  const { weights } = calibration;
  const total = weights.vector + weights.lexical + weights.agreement + weights.support;
  const score =
    weights.vector * signals.vector +
    weights.lexical * signals.lexical +
    weights.agreement * signals.agreement +
    weights.support * signals.support;
  return Math.round(clamp01(score / total) * 1000) / 1000;
}
