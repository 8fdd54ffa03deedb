/**
 * Groups unanswered questions (knowledge gaps) into topics for the centre's research agenda: questions are reduced
 * to their stemmed content words, and the most frequent words and word pairs become topics with example questions.
 */
import { analyzeText, detectLanguage } from '../../knowledge/index.js';

export interface GapInput {
  question: string;
  reason: string;
}

export interface GapTopic {
  /** The stemmed words that define the topic, e.g. "borgerinddrag + hjemmepleje". */
  topic: string;
  count: number;
  reasons: Record<string, number>;
  examples: string[];
}

export function groupGapTopics(gaps: GapInput[], options: { top?: number; examples?: number } = {}): GapTopic[] {
  const top = options.top ?? 15;
  const exampleCount = options.examples ?? 3;
  const byKey = new Map<string, { questions: Set<string>; reasons: Record<string, number> }>();
  for (const gap of gaps) {
    const stems = [...new Set(analyzeText(gap.question, detectLanguage(gap.question)))].filter((stem) => stem.length > 2);
    const keys = new Set<string>(stems);
    for (let i = 0; i < stems.length; i++) {
      for (let j = i + 1; j < stems.length; j++) keys.add([stems[i], stems[j]].sort().join(' + '));
    }
    for (const key of keys) {
      const entry = byKey.get(key) ?? { questions: new Set<string>(), reasons: {} };
      if (!entry.questions.has(gap.question)) {
        entry.questions.add(gap.question);
        entry.reasons[gap.reason] = (entry.reasons[gap.reason] ?? 0) + 1;
      }
      byKey.set(key, entry);
    }
  }
  // Prefer pairs over single words when they are as frequent: they say more.
  const ranked = [...byKey.entries()]
    .filter(([, entry]) => entry.questions.size >= 1)
    .sort((a, b) => b[1].questions.size - a[1].questions.size || b[0].split(' + ').length - a[0].split(' + ').length || a[0].localeCompare(b[0]));
  const topics: GapTopic[] = [];
  const covered = new Set<string>();
  for (const [key, entry] of ranked) {
    const questions = [...entry.questions];
    // Skip topics whose questions are all already shown under a bigger topic.
    if (questions.every((question) => covered.has(question)) && topics.length > 0) continue;
    questions.forEach((question) => covered.add(question));
    topics.push({ topic: key, count: questions.length, reasons: entry.reasons, examples: questions.slice(0, exampleCount) });
    if (topics.length >= top) break;
  }
  return topics;
}
