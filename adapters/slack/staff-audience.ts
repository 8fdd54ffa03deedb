/**
 * Who counts as the centre's staff in Slack, decided per user from `users.info`: guests (single- and multi-channel),
 * people from other organisations (Slack Connect: `is_stranger`, or another workspace's team id), bots and deleted
 * accounts never do. Of the rest, staff are those in a configured workspace or with a configured e-mail domain, or
 * (with neither setting) those in the workspace the app is installed in. Anyone the bot is unsure about is `public`,
 * so an internal note only ever reaches someone positively known to be staff.
 */
import type { Audience } from '../../knowledge/index.js';

/** The fields of a `users.info` user this decision reads. */
export interface SlackUserRecord {
  team_id?: string;
  enterprise_user?: { enterprise_id?: string };
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { email?: string };
}

/** The settings behind the decision (SLACK_STAFF_* in config.ts). */
export interface StaffPolicy {
  /** The audience staff get (SLACK_STAFF_AUDIENCE); everybody else is `public`. */
  staffAudience: Audience;
  /** Workspace (T…) or Enterprise Grid (E…) ids whose members are staff. */
  staffTeamIds: readonly string[];
  /** E-mail domains (exact, lower case) whose owners are staff; needs the users:read.email scope. */
  staffEmailDomains: readonly string[];
}

/**
 * The audience of one Slack user. `homeTeamId` is the installing workspace (auth.test), used only when neither
 * staff list is configured; `undefined` user or home team (a failed lookup) gives `public`.
 *
 * @example
 * audienceOf({ team_id: 'T1', is_restricted: true }, policy, 'T1'); // 'public': a guest
 */
export function audienceOf(user: SlackUserRecord | undefined, policy: StaffPolicy, homeTeamId: string | undefined): Audience {
  return isStaff(user, policy, homeTeamId) ? policy.staffAudience : 'public';
}

function isStaff(user: SlackUserRecord | undefined, policy: StaffPolicy, homeTeamId: string | undefined): boolean {
  if (!user || user.is_restricted || user.is_ultra_restricted || user.is_stranger || user.is_bot || user.deleted) return false;
  const teams = [user.team_id, user.enterprise_user?.enterprise_id].filter((id): id is string => Boolean(id));
  if (policy.staffTeamIds.length === 0 && policy.staffEmailDomains.length === 0) {
    return homeTeamId !== undefined && user.team_id === homeTeamId;
  }
  if (teams.some((id) => policy.staffTeamIds.includes(id))) return true;
  const domain = user.profile?.email?.split('@')[1]?.toLowerCase();
  return domain !== undefined && policy.staffEmailDomains.includes(domain);
}
