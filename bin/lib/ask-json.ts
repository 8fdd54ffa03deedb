import type { BotReply } from '../../bot/index.js';

/** The documented `npm run ask -- --json` contract: stable field names, independent of BotReply's evolution. */
export interface AskJson {
  intent: string;
  mode: 'extractive' | 'llm';
  answer: string;
  citations: { n: number; documentId: string; title: string; organisation?: string; year?: number; url?: string }[];
  cases: {
    documentId: string;
    organisation: string;
    title: string;
    organisationType?: string;
    region?: string;
    year?: number;
    status?: string;
    contact?: unknown;
    summary: string;
  }[];
  confidence: number;
  escalationOffered: boolean;
  notices: string[];
  escalation?: BotReply['escalation'];
}

export function toAskJson(reply: BotReply): AskJson {
  return {
    intent: reply.intent,
    mode: reply.mode,
    answer: reply.text,
    citations: reply.citations.map((citation) => ({
      n: citation.n,
      documentId: citation.documentId,
      title: citation.title,
      organisation: citation.organisation,
      year: citation.year,
      url: citation.url,
    })),
    cases: reply.cases.map((card) => ({
      documentId: card.documentId,
      organisation: card.organisation,
      title: card.title,
      organisationType: card.organisationType,
      region: card.region,
      year: card.year,
      status: card.status,
      contact: card.contact,
      summary: card.summary,
    })),
    confidence: reply.confidence,
    escalationOffered: reply.escalationOffered,
    notices: reply.notices,
    ...(reply.escalation ? { escalation: reply.escalation } : {}),
  };
}
