import type { Logger } from '../../config/logger.js';
import type { KnowledgeBase } from '../../knowledge/index.js';
import type { EscalationSettings } from '../escalation/index.js';
import type { ChatModel } from '../llm/index.js';
import type { ModelProbe } from '../llm/model-probe.js';

export interface EngineOptions {
  knowledge: KnowledgeBase;
  /** Present when a language model is configured: answers in `llm` mode, falling back to extractive. */
  chatModel?: ChatModel;
  /** With `chatModel`: whether its server answers, for the health check (bot/llm/model-probe.ts). */
  modelProbe?: ModelProbe;
  logger: Logger;
  /** Retrieval confidence below which the library is said not to cover the question. @default CONFIDENCE_THRESHOLD */
  confidenceThreshold?: number;
  /** Messages per user per minute. @default 20 */
  rateLimitPerMinute?: number;
  /** @default 4000 */
  maxMessageChars?: number;
  /** Office hours and the response target for hand-offs. @default DEFAULT_ESCALATION_SETTINGS (weekdays 8–16, 4 h) */
  escalation?: EscalationSettings;
  /** Injected clock (tests). */
  now?: () => Date;
}
