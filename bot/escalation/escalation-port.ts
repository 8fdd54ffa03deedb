/**
 * The hand-off contract shared by the escalation core (bot/escalation), the advisers' console and API
 * (adapters/console) and every channel's delivery. Types only; the implementation is createEscalationService.
 */
import type { BotReply, Citation, EscalationState, Language } from '../messages.js';
// What opened an escalation: defined once, beside the table it is stored in.
import type { EscalationTrigger } from '../store/escalation-store.js';

export type { EscalationTrigger };

export type EscalationStatus = EscalationState['status'];

/** The adviser acting (from a console session, a bearer token, or a linked Slack/Teams user). */
export interface AdviserIdentity {
  id: string;
  name: string;
  email: string;
}

export interface EscalationSummary {
  id: string;
  status: EscalationStatus;
  trigger: EscalationTrigger;
  channel: string;
  language: Language;
  question: string;
  summary: string;
  userName?: string;
  adviserId?: string;
  adviserName?: string;
  createdAt: string;
  dueAt: string;
  /** Minutes since it was opened, and whether the response target has passed while unclaimed. */
  ageMinutes: number;
  overdue: boolean;
  /** Last delivery to the user failed for good (shown to the adviser). */
  deliveryFailed?: boolean;
}

export interface TranscriptEntry {
  id: string;
  role: 'user' | 'bot' | 'adviser' | 'system';
  text: string;
  authorName?: string;
  citations: Citation[];
  createdAt: string;
}

export interface EscalationDetail extends EscalationSummary {
  conversationKey: string;
  transcript: TranscriptEntry[];
  lastAnswer?: { text: string; citations: Citation[] };
  resolutionNote?: string;
}

export type EscalationError =
  | 'not_found'
  | 'already_claimed' // someone else won the claim (HTTP 409)
  | 'not_yours' // claimed by another adviser (HTTP 403)
  | 'closed' // resolved or cancelled (HTTP 409)
  | 'not_queued' // e.g. the user cancels after it was claimed
  | 'unknown_adviser';

export type EscalationResult<T> = { ok: true; value: T } | { ok: false; error: EscalationError; message: string };

export interface EscalationListFilter {
  status?: EscalationStatus[];
  adviserId?: string;
  channel?: string;
  /** Only escalations older than this many minutes. */
  minAgeMinutes?: number;
}

/**
 * What a user delivery is: the hand-off's messages and notices, or `bot_reply` – the engine's answer, which the
 * channel could not post when it was given (its platform was rate limiting or down) and queued to be posted later.
 */
export type UserDeliveryKind = 'adviser_joined' | 'adviser_message' | 'bot_back' | 'queued' | 'cancelled' | 'bot_reply';

/** A message for the user's own conversation, delivered by that conversation's channel. */
export interface UserDelivery {
  conversationKey: string;
  channel: string;
  /** The channel's reference for reaching the conversation (Slack channel/thread, Teams reference). */
  deliveryRef?: unknown;
  kind: UserDeliveryKind;
  /** The text; for `bot_reply`, the answer's markdown (for ports that can only show text). */
  text: string;
  authorName?: string;
  language: Language;
  /** Kind `bot_reply` only: the whole answer, which the port renders as it renders live answers. */
  reply?: BotReply;
}

/**
 * Each channel implements this to put adviser messages (and answers it queued, kind `bot_reply`) into the user's own
 * conversation. Throwing means "retry later" (the outbox retries with backoff); after the last attempt the
 * escalation, if any, shows the failure.
 */
export interface DeliveryPort {
  channel: string;
  deliver(delivery: UserDelivery): Promise<void>;
}

/** Told about queue events (console live updates, Slack/Teams adviser channels). Throwing means retry later. */
export interface AdviserNotifier {
  name: string;
  notify(event: AdviserEvent): Promise<void>;
}

export type AdviserEvent =
  | { type: 'escalation.created'; escalation: EscalationSummary }
  | { type: 'escalation.claimed'; escalation: EscalationSummary }
  | { type: 'escalation.released'; escalation: EscalationSummary }
  | { type: 'escalation.resolved'; escalation: EscalationSummary }
  | { type: 'escalation.cancelled'; escalation: EscalationSummary }
  | { type: 'escalation.user_message'; escalation: EscalationSummary; text: string }
  | { type: 'escalation.reminder'; escalation: EscalationSummary };

export interface EscalationService {
  list(filter?: EscalationListFilter): Promise<EscalationSummary[]>;
  get(id: string): Promise<EscalationDetail | undefined>;
  /** Exactly one adviser wins when several claim at once; the others get 'already_claimed'. */
  claim(id: string, adviser: AdviserIdentity): Promise<EscalationResult<EscalationSummary>>;
  /** Hand it back to the queue. */
  release(id: string, adviser: AdviserIdentity): Promise<EscalationResult<EscalationSummary>>;
  /** Give it to a named colleague (by adviser id). */
  reassign(id: string, adviser: AdviserIdentity, toAdviserId: string): Promise<EscalationResult<EscalationSummary>>;
  /**
   * Only the claimer may reply; the text, with personal data masked, is stored and delivered into the user's
   * conversation, and returned as `text` (what the user got; optional so that test doubles may leave it out).
   */
  reply(id: string, adviser: AdviserIdentity, text: string): Promise<EscalationResult<{ messageId: string; text?: string }>>;
  /** Closes it; a `note` is stored with personal data masked. */
  resolve(id: string, adviser: AdviserIdentity, options?: { note?: string; keep?: boolean }): Promise<EscalationResult<EscalationSummary>>;
  /** The user cancels while it is still queued. */
  cancelByUser(conversationKey: string): Promise<EscalationResult<EscalationSummary>>;
}
