/**
 * The server's channels, in banner order (routes are mounted by their `mount`, start in this order, stop in reverse).
 * A new channel: a folder whose factory returns a Channel (adapters/channel.ts) and exports a PlanChannel, and one
 * line here.
 */
import type { PlanChannel } from './channel.js';
import { planConsoleChannel } from './console/console-channel.js';
import { planSlackChannel } from './slack/create-slack-channel.js';
import { planTeamsChannel } from './teams/create-teams-channel.js';
import { planWebChannel } from './web/web-channel.js';

export const CHANNELS: readonly PlanChannel[] = [
  planWebChannel,
  planConsoleChannel,
  planTeamsChannel,
  planSlackChannel,
];
