/**
 * Is a document about what the question asks? Retrieval ranks passages, and a passage can rank on a filter word, an
 * organisation's name ("Viborg Kommune, Hjemmepleje og Hverdagsrehabilitering") or a word every case uses; a case
 * card or a citation must instead be about the question's subject. The test reads the document's own description of
 * its subject — title, tags, methods, policy area and summary — never its organisation or its body's asides.
 */
import { analyzeText, type DocumentSummary } from '../../knowledge/index.js';
import { contentWords } from '../../knowledge/text/question-cue-words.js';
import type { Language } from '../messages.js';

/** A document whose subject covers less than this share of the best document's coverage is not on topic. */
const RELATIVE_COVERAGE = 0.5;
/** Nor one that covers less than this share of the topic at all ("tage" alone out of "droner … inspicere … tage"). */
const MIN_COVERAGE = 0.35;
/** Stems at least this long also match inside a compound ("rehabilitering" in "hverdagsrehabilitering"). */
const COMPOUND_STEM = 5;

/**
 * Folds æ, ø, å and their typed stand-ins to one spelling, so "skaermbesog" and "skærmbesøg" meet. Applied to both
 * sides of the comparison only, never shown.
 */
export function foldDanishLetters(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/gu, 'ae')
    .replace(/ø/gu, 'o')
    .replace(/å/gu, 'a')
    .replace(/oe/gu, 'o')
    .replace(/aa/gu, 'a');
}

/** The stems of the question's topic: its content words (no cue, filter or stop words), Danish-stemmed. */
export function topicStems(question: string, language: Language): string[] {
  const words = foldDanishLetters(contentWords(question).join(' '));
  const stems = new Set(analyzeText(words, 'da'));
  if (language === 'en') for (const stem of analyzeText(words, 'en')) stems.add(stem);
  return [...stems].filter((stem) => stem.length >= 3 || /\d/.test(stem));
}

/** The stems of what a document says it is about. */
export function subjectStems(document: Pick<DocumentSummary, 'title' | 'tags' | 'methods' | 'policyArea' | 'summary'>): Set<string> {
  const text = [document.title, ...document.tags, ...document.methods, document.policyArea ?? '', document.summary].join(' . ');
  return new Set(analyzeText(foldDanishLetters(text), 'da'));
}

/** True when `stem` is among `stems`, or (long enough) part of one of them. */
export function hasStem(stems: Set<string>, stem: string): boolean {
  if (stems.has(stem)) return true;
  if (stem.length < COMPOUND_STEM) return false;
  for (const word of stems) if (word.length > stem.length && word.includes(stem)) return true;
  return false;
}

export interface TopicMatch {
  documentId: string;
  /** Weighted share of the question's topic stems the document's subject holds (0..1). */
  coverage: number;
  onTopic: boolean;
}

/**
 * Scores each document's subject against the question's topic. A topic stem weighs by how rare it is among the
 * candidates (one the whole list shares tells them apart no better than a common word), and a document is on topic
 * when it covers at least half as much as the best one and at least `MIN_COVERAGE` of the topic. A question with no topic words
 * (only cues and filters: "hvilke cases har I fra Region Midtjylland?") leaves every document on topic.
 */
export function matchTopic(
  question: string,
  language: Language,
  documents: Pick<DocumentSummary, 'id' | 'title' | 'tags' | 'methods' | 'policyArea' | 'summary'>[],
): Map<string, TopicMatch> {
  const topic = topicStems(question, language);
  const subjects = documents.map((document) => ({ id: document.id, stems: subjectStems(document) }));
  const result = new Map<string, TopicMatch>();
  if (topic.length === 0) {
    for (const subject of subjects) result.set(subject.id, { documentId: subject.id, coverage: 1, onTopic: true });
    return result;
  }
  const weight = new Map<string, number>();
  for (const stem of topic) {
    const df = subjects.filter((subject) => hasStem(subject.stems, stem)).length;
    // A stem no candidate holds still counts: a question about something absent should find nothing on topic.
    weight.set(stem, Math.log(1 + (subjects.length + 1) / (df + 1)));
  }
  const total = topic.reduce((sum, stem) => sum + weight.get(stem)!, 0);
  const coverages = subjects.map((subject) => {
    const matched = topic.filter((stem) => hasStem(subject.stems, stem));
    return { id: subject.id, coverage: matched.reduce((sum, stem) => sum + weight.get(stem)!, 0) / total };
  });
  const best = Math.max(0, ...coverages.map((entry) => entry.coverage));
  for (const { id, coverage } of coverages) {
    result.set(id, { documentId: id, coverage, onTopic: coverage >= MIN_COVERAGE && coverage >= RELATIVE_COVERAGE * best });
  }
  return result;
}
