/** Reciprocal Rank Fusion's damping constant; 60 is the value from the original paper and works without tuning. */
export const RRF_K = 60;

/**
 * Fuses ranked lists of ids into one score per id: the sum over lists of 1 / (k + rank).
 * Robust to the lists' scores being on different scales (cosine vs. keyword rank), which is why it is used here.
 */
export function reciprocalRankFusion(lists: ReadonlyArray<ReadonlyArray<string>>, k = RRF_K): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
    });
  }
  return scores;
}
