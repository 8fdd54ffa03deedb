/**
 * A knowledge gap as the start of a library document: a case or method draft in the library's Markdown format
 * (front matter + the sections the library's cases and methods have), titled after the topic, with the questions
 * users asked, for staff to research, fill in and ingest. Downloaded from the insight page.
 */
import { draftSlug } from '../escalation/knowledge-draft.js';
import { maskPersonalData } from '../understanding/mask-personal-data.js';

/** What a draft starts from: a gap topic and some of its questions. */
export interface GapDraftInput {
  type: 'case' | 'method';
  /** The topic's phrase, e.g. "droner hjemmeplejen". */
  topic: string;
  /** Questions users asked about it. */
  examples: string[];
  /** How many questions the topic had, when known. */
  count?: number;
  /** The day the draft was made ('YYYY-MM-DD'). */
  date: string;
}

const SECTIONS = {
  case: ['Baggrund', 'Hvad gjorde de', 'Resultater', 'Læring'],
  method: ['Hvad er det', 'Hvornår bruger man den', 'Sådan gør I', 'Faldgruber', 'Eksempler'],
} as const;

const oneLine = (text: string, max: number) => maskPersonalData(text, 'da').text.replace(/\s+/g, ' ').trim().slice(0, max);

/** The draft's file name: `udkast-<case|metode>-<topic slug>.md`. */
export function gapDraftFileName(input: Pick<GapDraftInput, 'type' | 'topic'>): string {
  return `udkast-${input.type === 'case' ? 'case' : 'metode'}-${draftSlug(input.topic)}.md`;
}

/** The Markdown of the draft. Text is masked for personal data (stored questions already are; this is belt and braces). */
export function renderGapDraft(input: GapDraftInput): string {
  const topic = oneLine(input.topic, 120) || 'nyt emne';
  const title = `${topic.charAt(0).toUpperCase()}${topic.slice(1)}`;
  // JSON strings are valid YAML double-quoted scalars.
  const front = [
    `# Udkast fra et videnshul på indsigtssiden (${input.date}): udfyld, ret og flyt ind i biblioteket før ingest.`,
    `type: ${input.type}`,
    `title: ${JSON.stringify(title)}`,
    ...(input.type === 'case' ? ['organisation: "UDFYLD: hvem gjorde det"'] : []),
    'audience: internal',
    `tags: [videnshul, udkast, ${JSON.stringify(topic)}]`,
  ];
  const examples = input.examples.map((example) => oneLine(example, 500)).filter((example) => example !== '');
  const asked = input.count !== undefined ? `${input.count} spørgsmål i perioden` : 'spørgsmål';
  const sections = [
    `## Hvad brugerne spurgte om\n\nBiblioteket kunne ikke svare godt på dette emne (${asked}). Eksempler:\n\n${examples.length ? examples.map((example) => `- ${example}`).join('\n') : '- (ingen eksempler)'}`,
    ...SECTIONS[input.type].map((heading) => `## ${heading}\n\nUDFYLD`),
  ];
  return `---\n${front.join('\n')}\n---\n\n${sections.join('\n\n')}\n`;
}
