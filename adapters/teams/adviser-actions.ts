/**
 * Claim / Resolve / reply pressed on an escalation card in the advisers' Teams channel. The activity must be
 * authenticated (a validated Bot Framework token: in emulator mode anyone on the machine could claim to be anyone),
 * and the Teams user linked to an adviser account (`teamsUserId` = their Entra object id); the escalation service
 * decides the rest (only the claimer may reply, one adviser wins a claim) and delivers replies to the user's own
 * channel.
 */
import type { TurnContext } from 'botbuilder';
import type { AdviserIdentity, EscalationResult, EscalationService } from '../../bot/escalation/escalation-port.js';
import type { Logger } from '../../config/logger.js';
import type { CardAction } from './adaptive-cards.js';
import { renderPlainMessage } from './render-reply.js';

/** The part of the adviser store the Teams channel needs (the AdviserStore fits). */
export interface TeamsAdviserDirectory {
  list(options?: { enabledOnly?: boolean }): Promise<Array<AdviserIdentity & { teamsUserId?: string }>>;
}

/** What {@link handleAdviserAction} works with. */
export interface AdviserActionDeps {
  escalations?: EscalationService;
  advisers?: TeamsAdviserDirectory;
  logger: Logger;
}

/** The adviser behind a Teams user: matched on the Entra object id, or on the bot-scoped `29:` id. */
export async function findTeamsAdviser(
  directory: TeamsAdviserDirectory | undefined,
  from: { id: string; aadObjectId?: string },
): Promise<AdviserIdentity | undefined> {
  if (!directory) return undefined;
  const advisers = await directory.list({ enabledOnly: true });
  const match = advisers.find((adviser) => adviser.teamsUserId && [from.aadObjectId, from.id].includes(adviser.teamsUserId));
  return match ? { id: match.id, name: match.name, email: match.email } : undefined;
}

/**
 * True when the turn's activity came with a validated Bot Framework token. botbuilder marks the unauthenticated
 * (emulator) identity as "authenticated" too, but with no claims; a validated token always has its audience claim.
 */
export function isAuthenticatedTurn(context: TurnContext): boolean {
  // botframework-connector's ClaimsIdentity (botbuilder does not re-export the type).
  const identity = context.turnState.get<{ isAuthenticated: boolean; getClaimValue(type: string): string | null } | undefined>(
    context.adapter.BotIdentityKey,
  );
  return Boolean(identity?.isAuthenticated && identity.getClaimValue('aud'));
}

/** Runs the action and answers in the card's thread with what happened. */
export async function handleAdviserAction(
  context: TurnContext,
  action: Exclude<CardAction, { kraftcenter: 'request_adviser' }>,
  deps: AdviserActionDeps,
): Promise<void> {
  const say = (text: string) => context.sendActivity(renderPlainMessage(text));
  if (!deps.escalations) {
    await say('Rådgiverkøen er ikke slået til på denne server.');
    return;
  }
  if (!isAuthenticatedTurn(context)) {
    deps.logger.warn('teams: refused an adviser action from an unauthenticated activity (emulator mode)', { action: action.kraftcenter });
    await say('Rådgiverhandlinger kræver, at Teams-kanalen er sat op med login (MICROSOFT_APP_ID). I emulator-tilstand kan sager ikke tages, besvares eller afsluttes herfra; brug rådgiverkonsollen.');
    return;
  }
  const adviser = await findTeamsAdviser(deps.advisers, context.activity.from);
  if (!adviser) {
    await say('Din Teams-bruger er ikke knyttet til en rådgiverkonto. Bed en administrator om at knytte den (dit Entra-objekt-id: '
      + `${context.activity.from.aadObjectId ?? context.activity.from.id}).`);
    return;
  }
  const { escalations } = deps;
  const id = action.escalationId;
  let result: EscalationResult<unknown>;
  let done: string;
  switch (action.kraftcenter) {
    case 'claim':
      result = await escalations.claim(id, adviser);
      done = `${adviser.name} har taget sagen. Svar brugeren i feltet på kortet.`;
      break;
    case 'resolve':
      result = await escalations.resolve(id, adviser);
      done = `${adviser.name} har afsluttet sagen; assistenten svarer brugeren igen.`;
      break;
    case 'reply': {
      const text = action.replyText?.trim();
      if (!text) {
        await say('Skriv svaret i feltet på kortet, før du trykker "Send svar".');
        return;
      }
      result = await escalations.reply(id, adviser, text);
      done = `Svaret er sendt til brugeren (${adviser.name}).`;
      break;
    }
  }
  if (!result.ok) deps.logger.info('teams: an adviser action was refused', { action: action.kraftcenter, escalation: id, error: result.error });
  await say(result.ok ? done : result.message);
}
