/**
 * The escalation core behind the advisers' console and every channel: the EscalationService port on the database,
 * plus opening hand-offs and routing user messages. Every state change is a guarded, atomic transition (see
 * escalation-transitions.ts); "worth keeping" answers become draft knowledge items after the resolve commits.
 */
import type { Logger } from '../../config/logger.js';
import type { Db } from '../../knowledge/index.js';
import type { ChatModel } from '../llm/index.js';
import type { AdviserIdentity, EscalationResult, EscalationService, EscalationSummary } from './escalation-port.js';
import { listEscalations, loadDetail, loadEscalation } from './escalation-rows.js';
import {
  cancelEscalationByUser,
  claimEscalation,
  reassignEscalation,
  releaseEscalation,
  replyToEscalation,
  resolveEscalation,
  type TransitionContext,
} from './escalation-transitions.js';
import { writeAudit } from './escalation-records.js';
import { insertSubmission, writeSubmissionAudit } from '../store/submission-store.js';
import { knowledgeDraftParts, loadDraftInput, writeKnowledgeDraft } from './knowledge-draft.js';
import type { OfficeHours } from './office-hours.js';
import { requestAdviserEscalation, type OpenEscalationRequest, type OpenedEscalation } from './open-escalation.js';
import { routeToAdviser, type RoutedUser, type RouteResult } from './route-to-adviser.js';

export interface EscalationServiceOptions {
  db: Db;
  logger: Logger;
  /** Writes the adviser's summary when set. */
  chatModel?: ChatModel;
  officeHours: OfficeHours;
  /** Working hours within which an adviser should take over (e.g. 4). */
  targetWorkingHours: number;
  /**
   * "Worth keeping" answers become proposals (source `adviser_draft`) in the console's Forslag queue; with this set
   * they are also exported here as draft Markdown files (DRAFTS_DIR).
   */
  draftsDir?: string;
  now?: () => Date;
}

/** The port plus what the engine needs: opening a hand-off and routing the user's messages while one is open. */
export interface EscalationCore extends EscalationService {
  /** Opens (or finds) the conversation's escalation; `text` is what to tell the user. */
  open(request: OpenEscalationRequest): Promise<OpenedEscalation>;
  /** See routeToAdviser. */
  routeUserMessage(conversationKey: string, maskedText: string, user: RoutedUser): Promise<RouteResult>;
}

/**
 * Creates the escalation service.
 * @example
 * const escalations = createEscalationService({ db, logger, officeHours: DEFAULT_OFFICE_HOURS, targetWorkingHours: 4, draftsDir: 'udkast' });
 * const result = await escalations.claim(id, adviser); // { ok: false, error: 'already_claimed', … } if someone was faster
 */
export function createEscalationService(options: EscalationServiceOptions): EscalationCore {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const context: TransitionContext = { db, now };
  const settings = { officeHours: options.officeHours, targetWorkingHours: options.targetWorkingHours };

  /**
   * Stores the draft in the Forslag queue (and exports its file with DRAFTS_DIR) after the resolve committed; a
   * failure is logged and audited, never undoes the resolve.
   */
  async function keepAnswer(id: string, adviser: AdviserIdentity): Promise<void> {
    try {
      const row = await loadEscalation(db, id);
      if (!row) return;
      const input = await loadDraftInput(db, row, adviser.name, now());
      const { frontMatter, body } = knowledgeDraftParts(input);
      const stored = await db.transaction(async (tx) => {
        const created = await insertSubmission(
          tx,
          { source: 'adviser_draft', frontMatter, body, channel: 'console', submitterId: adviser.id, submitterName: adviser.name, language: 'da', audience: 'internal', escalationId: id },
          now(),
        );
        if (created) {
          await writeSubmissionAudit(tx, { actor: adviser.id, action: 'draft_created', submissionId: created.id, details: { reference: created.reference, escalationId: id } });
          await writeAudit(tx, { actor: adviser.id, action: 'draft_stored', escalationId: id, details: { submissionId: created.id, reference: created.reference } });
        }
        return created;
      });
      logger.info('hand-off: "worth keeping" draft stored in the Forslag queue', { escalation: id, reference: stored?.reference });
      if (!options.draftsDir) return;
      const file = await writeKnowledgeDraft(options.draftsDir, input);
      await writeAudit(db, { actor: adviser.id, action: 'draft_written', escalationId: id, details: { file } });
      logger.info('hand-off: draft knowledge item written', { escalation: id, file });
    } catch (error) {
      logger.error('hand-off: could not write the draft knowledge item', { escalation: id, error });
      await writeAudit(db, {
        actor: 'system',
        action: 'draft_failed',
        escalationId: id,
        details: { error: (error as Error)?.message ?? String(error) },
      }).catch((auditError: unknown) => logger.error('hand-off: could not audit the failed draft', { escalation: id, error: auditError }));
    }
  }

  return {
    list: (filter = {}) => listEscalations(db, filter, now()),
    get: (id) => loadDetail(db, id, now()),
    claim: (id, adviser) => claimEscalation(context, id, adviser),
    release: (id, adviser) => releaseEscalation(context, id, adviser),
    reassign: (id, adviser, toAdviserId) => reassignEscalation(context, id, adviser, toAdviserId),
    reply: (id, adviser, text) => replyToEscalation(context, id, adviser, text),
    async resolve(id, adviser, resolveOptions = {}): Promise<EscalationResult<EscalationSummary>> {
      const result = await resolveEscalation(context, id, adviser, resolveOptions);
      if (result.ok && resolveOptions.keep) await keepAnswer(id, adviser);
      return result;
    },
    cancelByUser: (conversationKey) => cancelEscalationByUser(context, conversationKey),
    open: (request) => requestAdviserEscalation({ db, logger, chatModel: options.chatModel, settings, now }, request),
    routeUserMessage: (conversationKey, maskedText, user) => routeToAdviser(db, conversationKey, maskedText, user, { now }),
  };
}
