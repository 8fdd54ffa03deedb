/** The Microsoft Teams channel (botbuilder CloudAdapter): POST /api/messages, proactive delivery, adviser cards. */
export { createTeamsChannel, describeTeams, type TeamsChannel, type TeamsChannelOptions } from './create-teams-channel.js';
export { loadTeamsConfig, type TeamsAppType, type TeamsChannelReference, type TeamsConfig } from './config.js';
export { TEAMS_CHANNEL } from './to-inbound-message.js';
export { createTeamsOffRouter } from './teams-router.js';
export type { TeamsAdviserDirectory } from './adviser-actions.js';
