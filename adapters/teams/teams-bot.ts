/**
 * The botbuilder activity handler: routes messages (and card buttons) to answerMessage, the feedback invoke to
 * handleFeedbackInvoke, and logs the channel reference when the bot is added to a team, so operators can copy it
 * into TEAMS_ADVISER_CHANNEL. Everything else is botbuilder's default.
 */
import { TeamsActivityHandler, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from '../../config/logger.js';
import { answerMessage, type AnswerDeps } from './answer-message.js';
import { FEEDBACK_INVOKE, handleFeedbackInvoke, type FeedbackDeps } from './feedback-invoke.js';

/** The bot's collaborators (the message and feedback handlers' dependencies). */
export type TeamsBotDeps = AnswerDeps & FeedbackDeps & { logger: Logger };

/** The Kraftcenter assistant as a Teams bot. */
export class KraftcenterTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await answerMessage(context, deps);
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
}
