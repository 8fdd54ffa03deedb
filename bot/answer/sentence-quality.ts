/**
 * Which source sentences may be quoted in an answer: whole statements only, never headings, metadata labels,
 * dangling lead-ins ("Spørgsmålene handler om:"), truncated summaries, questions or bare list labels.
 */
import type { SearchHit } from '../../knowledge/index.js';
import { collapseWhitespace, splitSentences } from './split-sentences.js';

/**
 * Labels of the "profile" chunk that ingestion builds from a document's metadata (chunk 0: "Case: <title>. Hvem: …
 * Hvornår: …"). Those lines restate metadata in a form that reads badly as a quote, so they are never quoted;
 * the same facts reach the answer through the document's metadata instead.
 */
const PROFILE_LABEL = /^(?:Case|Metode|Viden og forskning|Hvem|Hvornår|Område|Metoder|Innovationstype|Status|Emner|Forfatter):\s/u;

/** Fewer words than this is a fragment ("Lav desk research.", "Test tidligt."), never quoted on its own. */
const MIN_WORDS = 6;
const MAX_CHARS = 350;

/**
 * Subordinating conjunctions: a sentence that opens with one is a fragment ("Når problemet er uklart.", typically a
 * list item under "Hvornår bruger man den") unless a main clause follows a comma with a finite verb first.
 */
const SUBORDINATE_START = /^(?:Når|Hvis|Fordi|Selvom|Selv om|Mens|Inden|Idet|Hvordan|Hvorfor|At|Ved at|For at|If|When|Because|While)\s/u;
const MAIN_CLAUSE_AFTER_COMMA =
  /,\s+(?:er|var|har|havde|kan|kunne|skal|skulle|vil|ville|må|bør|bliver|blev|giver|gav|gør|gjorde|får|fik|kræver|viser|skaber|stiger|falder|øges)\s/u;

/** Cross-references and editorial asides that say nothing on their own. */
const REFERENCE_START = /^(?:Se også|Se casen|Se casene|Se metoden|Se metoderne|Se afsnittet|Se fx|Læs mere|Læs også|Kilde|Kilder|See also|Read more)(?=[\s:])/u;

/**
 * Notes to the reader about the document itself ("Denne note er til Kraftcentrets egne rådgivere", "Denne guide er
 * til ledere …", "Notatet beskriver …"): true of the document, not of the subject, so never an answer.
 */
const META_TEXT =
  /^(?:(?:Denne|Dette|Nærværende|This)\s+(?:\p{L}+\s+)?(?:note|notat|guide|vejledning|metodebeskrivelse|beskrivelse|dokument|side|afsnit|rapport|oversigt|case|casebeskrivelse|tekst|document|page|report)\b|(?:Noten|Notatet|Guiden|Rapporten|Dokumentet|Afsnittet|Oversigten)\s+(?:er|beskriver|handler|henvender|giver|samler|gennemgår)\b|(?:Her|Nedenfor|Herunder)\s+(?:beskriver|gennemgår|finder|kan)\s+(?:vi|du|I)\b)/iu;

/** True for a note to the reader about the document itself (see `META_TEXT`). */
export function isMetaSentence(sentence: string): boolean {
  return META_TEXT.test(plainSentence(sentence));
}

/** True for a sentence of the metadata profile ("Hvem: Fredericia Kommune, kommune, Region Syddanmark."). */
export function isProfileSentence(sentence: string): boolean {
  return PROFILE_LABEL.test(sentence);
}

/** True for the metadata profile chunk ingestion puts first in every document. */
export function isProfileChunk(hit: Pick<SearchHit, 'ordinal' | 'headingPath' | 'content'>): boolean {
  if (hit.ordinal !== 0 || hit.headingPath.length > 0) return false;
  return /^(?:Case|Metode|Viden og forskning):\s/u.test(hit.content);
}

/** The sentence without Markdown emphasis, links' targets or surrounding quote marks: for counting and comparing. */
export function plainSentence(sentence: string): string {
  return collapseWhitespace(
    sentence
      .replace(/\[([^\]]+)\]\([^)]*\)/gu, '$1')
      .replace(/[*_`]+/gu, '')
      .replace(/^["'«“„(]+/u, ''),
  );
}

/**
 * True when `sentence` (from `splitSentences`) is a complete statement worth quoting: not a heading, table row or
 * profile label; starts with a capital or a digit (a lower-case start is the tail of a sentence cut by chunking or a
 * list item that only makes sense after its lead-in); ends with a full stop or exclamation mark (questions are not
 * statements); has at least six words; is not a note to the reader ("Denne guide er til ledere …"); holds no URL; is not a bare bold label, a cross-reference ("Se også …") or a
 * subordinate clause without its main clause ("Når problemet er uklart."); and is short enough for one bullet.
 * `fragmentsOk` admits "Når …"/"At …" items, for sections whose heading carries their meaning (`sectionContext`).
 */
export function isQuotableSentence(sentence: string, options: { fragmentsOk?: boolean } = {}): boolean {
  if (/^\s*(?:#|\|)/u.test(sentence)) return false;
  if (isProfileSentence(sentence)) return false;
  if (sentence.length > MAX_CHARS) return false;
  if (/https?:\/\/|www\./iu.test(sentence)) return false;
  // A bold label alone ("**Afklar løsningen.**") or a bold title continued by a clause ("**Dokk1**, som …").
  if (/^\*\*[^*]+\*\*\s*(?:[,–-]|$)/u.test(sentence)) return false;
  const plain = plainSentence(sentence);
  if (!/^[\p{Lu}\p{N}]/u.test(plain)) return false;
  if (!/[.!]["'»”’)\]]*$/u.test(plain)) return false;
  // Tail of an abbreviation cut off by a summariser ("… prototype og test. a.").
  if (/\s(?:\p{L}|eks)\.$/u.test(plain)) return false;
  if (REFERENCE_START.test(plain)) return false;
  if (META_TEXT.test(plain)) return false;
  const dangling = SUBORDINATE_START.test(plain) && !MAIN_CLAUSE_AFTER_COMMA.test(plain);
  if (dangling && !options.fragmentsOk) return false;
  return words(plain) >= MIN_WORDS;
}

const words = (plain: string) => plain.split(/\s+/u).filter((word) => /\p{L}/u.test(word)).length;

/** The quotable sentences of a passage, in order, whitespace-collapsed. */
export function quotableSentences(text: string, options: { fragmentsOk?: boolean } = {}): string[] {
  return splitSentences(text).filter((sentence) => isQuotableSentence(sentence, options));
}

/** How a section's sentences may be used, decided by its heading. */
export interface SectionContext {
  /** Never quote from it: pointers to other documents ("Eksempler", "Kilder"), shown as case cards instead. */
  skip: boolean;
  /** Shown before each quoted sentence, because the items only make sense under their heading. */
  label?: string;
  /** Its list items are fragments by design ("Når problemet er uklart.", "At springe empatifasen over."). */
  fragmentsOk: boolean;
  /** Added to a sentence's score: what was done and how to do it beats background. */
  bonus: number;
}

/**
 * Bonus by heading of the library's templates (data/README.md): cases have Baggrund, Hvad gjorde de, Resultater,
 * Læring; methods Hvad er det, Hvornår bruger man den, Sådan gør I, Faldgruber, Eksempler.
 */
const SECTION_BONUS: [RegExp, number][] = [
  [/^hvad gjorde de$|^sådan gør i$/u, 0.15],
  [/^hvad er det$|^resultater$|^læring$/u, 0.05],
  [/^baggrund/u, -0.1],
];

/**
 * Reads a chunk's heading: "Faldgruber" items would read as advice on their own and "Hvornår bruger man den" items
 * are bare conditions, so both are quoted with a label in the answer's language naming the method they belong to
 * (the part of `documentTitle` before " – "), lest a condition for one method read as one for another; "Eksempler"
 * and "Kilder" only point elsewhere and are skipped.
 */
export function sectionContext(headingPath: string[], language: 'da' | 'en', documentTitle?: string): SectionContext {
  const heading = (headingPath.at(-1) ?? '').toLocaleLowerCase('da').trim();
  const bonus = SECTION_BONUS.find(([pattern]) => pattern.test(heading))?.[1] ?? 0;
  const method = documentTitle?.split(' – ')[0].trim();
  const labelled = (da: string, en: string) => {
    const label = language === 'en' ? en : da;
    return { skip: false, label: method ? `${label} (${method})` : label, fragmentsOk: true, bonus };
  };
  if (/^(?:eksempler|kilder|examples|sources)$/u.test(heading)) return { skip: true, fragmentsOk: false, bonus };
  if (/faldgrube|pitfall/u.test(heading)) return labelled('Faldgrube', 'Pitfall');
  if (/^hvornår\s/u.test(heading)) return labelled('Hvornår', 'When to use it');
  return { skip: false, fragmentsOk: false, bonus };
}

/**
 * A passage of a document for a citation: the profile chunk's metadata lines removed (keeping its summary
 * sentences), headings dropped, whitespace collapsed.
 */
export function passageSentences(hit: Pick<SearchHit, 'ordinal' | 'headingPath' | 'content'>): string[] {
  const sentences = splitSentences(hit.content).filter((sentence) => !/^\s*#/u.test(sentence));
  return isProfileChunk(hit) ? sentences.filter((sentence) => !isProfileSentence(sentence)) : sentences;
}
