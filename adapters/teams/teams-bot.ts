/**
 * The botbuilder activity handler: routes messages (and card buttons) to answerMessage, "Del jeres erfaring" (its
 * command, its button and its form's submit, as a message or an `adaptiveCard/action` invoke) to the case form
 * (share-case.ts), the feedback invoke to handleFeedbackInvoke, and logs the channel reference when the bot is added
 * to a team, so operators can copy it into TEAMS_ADVISER_CHANNEL. Everything else is botbuilder's default.
 */
import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../../config/logger.js';
import { answerMessage, isFirstDelivery, type AnswerDeps } from './answer-message.js';
import { FEEDBACK_INVOKE, handleFeedbackInvoke, type FeedbackDeps } from './feedback-invoke.js';
import { caseFormRequestOf, createCaseForm, type CaseForm, type CaseFormDeps } from './share-case.js';

/** The bot's collaborators (the message, case form and feedback handlers' dependencies). */
export type TeamsBotDeps = AnswerDeps & FeedbackDeps & Pick<CaseFormDeps, 'submissions'> & { logger: Logger };

/** The Kraftcenter assistant as a Teams bot. */
export class KraftcenterTeamsBot extends TeamsActivityHandler {
  private readonly caseForm: CaseForm;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.caseForm = createCaseForm(deps);
    this.onMessage(async (context, next) => {
      const request = caseFormRequestOf(context.activity);
      if (!request) await answerMessage(context, deps);
      else if (await isFirstDelivery(context, deps)) {
        await this.caseForm
          .handleMessage(context, request)
          .catch((error: unknown) => deps.logger.error('teams: the case form failed', { error, action: request.action }));
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const { activity } = context;
      const addedBot = activity.membersAdded?.some((member) => member.id === activity.recipient.id);
      const team = (activity.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
      if (addedBot && team?.id) {
        const reference = {
          serviceUrl: activity.serviceUrl,
          conversation: { id: team.id },
          channelId: activity.channelId,
          tenantId: activity.conversation.tenantId,
        };
        deps.logger.info(
          `teams: added to the team "${team.name ?? team.id}". To post escalation cards in its General channel, set ` +
            `TEAMS_ADVISER_CHANNEL='${JSON.stringify(reference)}'`,
        );
      }
      await next();
    });
  }

  /** The feedback loop's submit; other invokes go to botbuilder (501 when nothing handles them). */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === FEEDBACK_INVOKE) return handleFeedbackInvoke(context, this.deps);
    return super.onInvokeActivity(context);
  }

  /** The case form sent with `Action.Execute`: the answer is the card that replaces it. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return (await this.caseForm.handleInvoke(context, value)) ?? super.onAdaptiveCardInvoke(context, value);
  }
}
