/**
 * Groups unanswered questions (knowledge gaps) into topics for the centre's research agenda. Each question is
 * reduced to its content words (no question cues, filters or stop words: "Hvem har arbejdet med droner i
 * hjemmeplejen?" → "droner hjemmeplejen"); questions whose word stems mostly agree form one topic, named in the
 * users' own words. Every question belongs to exactly one topic, so the topics' counts add up to the number of gaps.
 */
import { analyzeText } from '../../knowledge/index.js';
import { contentWords } from '../../knowledge/text/question-cue-words.js';

export interface GapInput {
  question: string;
  reason: string;
}

export interface GapTopic {
  /** The topic as a readable phrase in the users' own words, e.g. "droner hjemmeplejen". */
  topic: string;
  /** Gaps (questions asked, repeats included) in this topic. */
  count: number;
  reasons: Record<string, number>;
  /** Up to `examples` distinct questions, most asked first. */
  examples: string[];
}

/** Two questions are one topic when this share of their stems (Jaccard) or more is shared, or one's stems hold the other's. */
const SAME_TOPIC = 0.5;

/** A question reduced to its content words and their stems (see `options.reduced`). */
export interface ReducedQuestion {
  words: string[];
  stems: string[];
}

interface Reduced {
  question: string;
  reason: string;
  /** Content words as written (normalised), in order. */
  words: string[];
  /** The stem of each word, same order. */
  stems: string[];
}

function reduce(gap: GapInput): Reduced {
  const words = contentWords(gap.question);
  const stems = words.map((word) => analyzeText(word, 'da')[0] ?? word);
  return { question: gap.question.trim(), reason: gap.reason, words, stems };
}

function sameTopic(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return a.size === 0 && b.size === 0;
  let shared = 0;
  for (const stem of a) if (b.has(stem)) shared += 1;
  if (shared === Math.min(a.size, b.size)) return true;
  return shared / (a.size + b.size - shared) >= SAME_TOPIC;
}

/** The words of the group's shortest question whose stems at least half of the group's questions share. */
function label(members: Reduced[]): string {
  const shortest = [...members].sort((a, b) => a.words.length - b.words.length || a.question.length - b.question.length)[0]!;
  if (shortest.words.length === 0) return shortest.question;
  const shared = shortest.words.filter((_, index) => {
    const stem = shortest.stems[index]!;
    return members.filter((member) => member.stems.includes(stem)).length * 2 >= members.length;
  });
  return (shared.length > 0 ? shared : shortest.words).join(' ');
}

/**
 * The `top` largest topics of `gaps`, largest first (ties: the more recent topic, as `gaps` arrive newest first).
 * @param options.examples distinct example questions per topic. @default 3
 * @param options.reduced a cache of reduced questions, kept by a caller that groups often (the insight page): a
 *   question's words and stems never change, and stemming is most of the work.
 */
export function groupGapTopics(gaps: GapInput[], options: { top?: number; examples?: number; reduced?: Map<string, ReducedQuestion> } = {}): GapTopic[] {
  const top = options.top ?? 15;
  const exampleCount = options.examples ?? 3;
  const groups: { stems: Set<string>; members: Reduced[] }[] = [];
  // Reduce (and stem) each distinct question once; a caller grouping again and again may keep the cache.
  const seen = options.reduced ?? new Map<string, ReducedQuestion>();
  for (const gap of gaps) {
    const known = seen.get(gap.question);
    const reduced = known ? { question: gap.question.trim(), reason: gap.reason, ...known } : reduce(gap);
    if (!known) seen.set(gap.question, { words: reduced.words, stems: reduced.stems });
    const stems = new Set(reduced.stems);
    const group = groups.find((candidate) => sameTopic(candidate.stems, stems));
    if (group) group.members.push(reduced);
    else groups.push({ stems, members: [reduced] });
  }
  return groups
    .map((group, order) => {
      const reasons: Record<string, number> = {};
      const asked = new Map<string, number>();
      for (const member of group.members) {
        reasons[member.reason] = (reasons[member.reason] ?? 0) + 1;
        asked.set(member.question, (asked.get(member.question) ?? 0) + 1);
      }
      const examples = [...asked.entries()].sort((a, b) => b[1] - a[1]).map(([question]) => question).slice(0, exampleCount);
      return { order, topic: { topic: label(group.members), count: group.members.length, reasons, examples } };
    })
    .sort((a, b) => b.topic.count - a.topic.count || a.order - b.order)
    .slice(0, top)
    .map((entry) => entry.topic);
}
