/**
 * Test helper: takes an extractive answer's Markdown apart into framing lines and bullets, and each bullet into its
 * organisation lead and its quoted sentences with their citation numbers, so tests can check every claim.
 */

export interface ParsedQuote {
  /** Section label shown before the quote ("Faldgrube"), if any. */
  label?: string;
  text: string;
  citation: number;
}

export interface ParsedBullet {
  organisation?: string;
  years?: string;
  quotes: ParsedQuote[];
  /** Text left over after the quotes were taken out: must be empty for a well-formed bullet. */
  rest: string;
  /** Index of the framing line the bullet follows (0 = intro). */
  section: number;
}

export interface ParsedAnswer {
  framing: string[];
  /** Indented contact lines under a case ("  Kontakt: …"). */
  contacts: string[];
  bullets: ParsedBullet[];
}

const LEAD = /^\*\*(.+?)\*\*(?: \(([^)]*)\))?: /u;
/** One quote: optional "*Label:* ", the sentence, " [n]"; sticky, so quotes must follow each other exactly. */
const QUOTE = /(?:\*([^*]+?):\* )?(.+?) \[(\d+)\](?: |$)/uy;

export function parseAnswer(text: string): ParsedAnswer {
  const framing: string[] = [];
  const contacts: string[] = [];
  const bullets: ParsedBullet[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^ {2}(?:Kontakt|Contact): /u.test(line)) {
      contacts.push(line.trim());
      continue;
    }
    if (!line.startsWith('- ')) {
      framing.push(line);
      continue;
    }
    let body = line.slice(2);
    const lead = LEAD.exec(body);
    if (lead) body = body.slice(lead[0].length);
    const quotes: ParsedQuote[] = [];
    let consumed = 0;
    QUOTE.lastIndex = 0;
    for (let match = QUOTE.exec(body); match; match = QUOTE.exec(body)) {
      quotes.push({ label: match[1], text: match[2], citation: Number(match[3]) });
      consumed = QUOTE.lastIndex;
    }
    bullets.push({
      organisation: lead?.[1],
      years: lead?.[2],
      quotes,
      rest: body.slice(consumed).trim(),
      section: framing.length - 1,
    });
  }
  return { framing, contacts, bullets };
}

/** Whitespace-collapsed, for substring checks against hard-wrapped source text. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
