/** Who an adviser is in Slack: the enabled adviser record linked to a Slack user id. */
import type { AdviserIdentity } from '../../bot/escalation/escalation-port.js';
import type { SlackDeps } from './slack-deps.js';

/**
 * The adviser linked to a Slack user (`advisers.slack_user_id`), when there is an enabled one; undefined for everyone
 * else, who may then not claim, resolve or reply.
 */
export async function findSlackAdviser(deps: Pick<SlackDeps, 'advisers'>, slackUserId: string): Promise<AdviserIdentity | undefined> {
  const adviser = await deps.advisers?.findBySlackUser(slackUserId);
  return adviser && adviser.enabled !== false ? { id: adviser.id, name: adviser.name, email: adviser.email } : undefined;
}
