/**
 * The engine's contract with every channel: an `IncomingMessage` in, a `BotReply` out. Adapters (web, Slack, Teams,
 * CLI) translate to and from these and render the reply in their own idiom; nothing here knows a platform.
 */
import type { Audience, Contact, DocumentType, OrganisationType, Region, Status } from '../knowledge/index.js';

export type Language = 'da' | 'en';

export interface IncomingMessage {
  /** Which adapter it came from: 'web', 'slack', 'teams', 'cli', … */
  channel: string;
  /** The channel's conversation id (a web session, a Slack channel, a Teams conversation). */
  conversationId: string;
  /** A thread within the conversation (Slack thread ts, Teams reply chain); '' when the channel has none. */
  threadId?: string;
  user: {
    id: string;
    displayName?: string;
    /** `internal` only for the centre's own staff, as the channel's settings decide. */
    audience: Audience;
    /**
     * True when the channel knows the user only by an id it issued itself (the web chat's browser cookie), not by a
     * platform login. Such a user's conversations are private: the first one owns it, and the engine refuses anyone
     * else with a `ConversationAccessError` ('conversation.not_yours'). Slack and Teams leave it unset, so several
     * people can write in one thread.
     */
    anonymous?: boolean;
  };
  text: string;
  /** The platform's id of this message, for de-duplication and feedback. */
  messageId?: string;
  /**
   * How the channel reaches this conversation again later (a Slack channel and thread, a Teams conversation
   * reference). Stored with the conversation so an adviser's reply can be delivered into it.
   */
  deliveryRef?: unknown;
}

export type Intent =
  | 'method' // how to do something: methods, approaches
  | 'case_lookup' // who has done this before
  | 'human' // asks for a person
  | 'greeting' // hello / what can you do
  | 'feedback' // comments on the previous answer
  | 'out_of_scope';

export type AnswerMode = 'extractive' | 'llm';

export interface Citation {
  /** The number used in the text: [1], [2], … */
  n: number;
  documentId: string;
  title: string;
  organisation?: string;
  year?: number;
  url?: string;
  /** The passage the answer used. */
  passage: string;
  /** Heading path of the passage inside the document. */
  section?: string;
}

export interface CaseCard {
  documentId: string;
  title: string;
  organisation: string;
  organisationType?: OrganisationType;
  region?: Region;
  year?: number;
  endYear?: number;
  status?: Status;
  contact?: Contact;
  /** One line, from the document itself. */
  summary: string;
  url?: string;
  /** Citation number for this case in the answer, when cited. */
  citation?: number;
}

export type SuggestedAction =
  | { type: 'feedback'; label: string; value: 'up' | 'down' }
  | { type: 'escalate'; label: string }
  | { type: 'follow_up'; label: string; text: string }
  /** "Del jeres erfaring": opens the channel's case-submission form (offered when the user says they did it too). */
  | { type: 'share_case'; label: string };

export interface EscalationState {
  id: string;
  status: 'queued' | 'claimed' | 'resolved' | 'cancelled';
  adviserName?: string;
}

export interface BotReply {
  /** Id of the stored reply: feedback refers to it. */
  replyId: string;
  conversationId: string;
  language: Language;
  intent: Intent;
  mode: AnswerMode;
  /** Markdown. Citations appear as [n]. */
  text: string;
  citations: Citation[];
  cases: CaseCard[];
  actions: SuggestedAction[];
  /** Retrieval confidence, 0..1; 0 for replies that are not answers (greeting, decline). */
  confidence: number;
  /** True when the reply offers a human adviser (low confidence, or asked for). */
  escalationOffered: boolean;
  /** One-line notices shown before the answer (personal data removed, model unavailable, …). */
  notices: string[];
  escalation?: EscalationState;
  /** Document types the answer drew on (for renderers that label sources). */
  sourceTypes?: DocumentType[];
}
