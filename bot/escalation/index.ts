/**
 * The hand-off to human advisers: the EscalationService (guarded state changes, audit log), opening hand-offs,
 * routing the user's messages to the adviser while one is open, office-hour deadlines and reminders, and the outbox
 * dispatcher that notifies advisers and delivers into the user's own conversation after each change has committed.
 */
export type * from './escalation-port.js';
export { createEscalationService, type EscalationServiceOptions, type EscalationCore } from './escalation-service.js';
export {
  requestAdviserEscalation,
  fallbackSummary,
  type OpenEscalationDeps,
  type OpenEscalationRequest,
  type OpenedEscalation,
} from './open-escalation.js';
export { routeToAdviser, type RoutedUser, type RouteResult } from './route-to-adviser.js';
export {
  computeDueAt,
  DEFAULT_ESCALATION_SETTINGS,
  DEFAULT_OFFICE_HOURS,
  type EscalationSettings,
  type OfficeHours,
} from './office-hours.js';
export {
  expectedResponseText,
  escalationTexts,
  isCancelCommand,
  ESCALATION_ERROR_MESSAGES,
  REPLY_TO_CLOSED_MESSAGE,
  type EscalationTexts,
} from './escalation-texts.js';
export {
  createOutboxDispatcher,
  type BackoffPolicy,
  type DispatchReport,
  type OutboxDispatcher,
  type OutboxDispatcherOptions,
} from './outbox-dispatcher.js';
export { outboxCounts } from './outbox-store.js';
export { enqueueBotReply, botReplyEventKey, hasPendingBotReplies, type QueuedReply } from './outbox-replies.js';
export { enqueueDueReminders } from './reminders.js';
export { createStoredMessageDeliveryPort, storedMessageDeliveryPorts, STORED_MESSAGE_CHANNELS } from './stored-message-delivery.js';
export { readAuditLog, writeAudit, type AuditLogEntry, type AuditRecord } from './escalation-records.js';
export { renderKnowledgeDraft, writeKnowledgeDraft, type DraftInput } from './knowledge-draft.js';
