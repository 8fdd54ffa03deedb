import { describe, expect, it } from 'vitest';
import { loadSlackConfig } from '../../../../adapters/slack/config.js';
import { ConfigError } from '../../../../config/env.js';

describe('loadSlackConfig', () => {
  it('should return undefined when no Slack setting is present', () => {
    expect(loadSlackConfig({})).toBeUndefined();
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: '  ', SLACK_ADVISER_CHANNEL: '' })).toBeUndefined();
  });

  it('should read HTTP mode with its defaults when the bot token and signing secret are set', () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toEqual({
      mode: 'http', botToken: 'xoxb-1', signingSecret: 's', appToken: undefined, apiUrl: undefined, adviserChannel: undefined,
      slashCommand: '/spørg', answerChannels: [], ephemeralInPublic: false, audience: 'internal', allowBots: false,
      staffTeamIds: [], staffEmailDomains: [],
    });
  });

  it('should read who counts as staff, and name a bad workspace id or e-mail domain', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadSlackConfig({ ...base, SLACK_STAFF_TEAM_IDS: 'T01, E02', SLACK_STAFF_EMAIL_DOMAINS: '@Kraftcenter.dk kommune.dk' })).toMatchObject({
      staffTeamIds: ['T01', 'E02'], staffEmailDomains: ['kraftcenter.dk', 'kommune.dk'],
    });
    expect(() => loadSlackConfig({ ...base, SLACK_STAFF_TEAM_IDS: 'kraftcenter' })).toThrow(/SLACK_STAFF_TEAM_IDS: "kraftcenter" is not a workspace id/);
    expect(() => loadSlackConfig({ ...base, SLACK_STAFF_EMAIL_DOMAINS: 'localhost' })).toThrow(/SLACK_STAFF_EMAIL_DOMAINS: "localhost" is not an e-mail domain/);
  });

  it('should read Socket Mode, the API URL, channels and flags when they are set', () => {
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api', SLACK_ADVISER_CHANNEL: 'CADV',
      SLACK_SLASH_COMMAND: '/spoerg', SLACK_ANSWER_CHANNELS: 'C1, G2', SLACK_EPHEMERAL_IN_PUBLIC: 'true', SLACK_STAFF_AUDIENCE: 'public', SLACK_ALLOW_BOTS: '1',
    });
    expect(config).toMatchObject({ mode: 'socket', apiUrl: 'http://127.0.0.1:9/api/', adviserChannel: 'CADV', slashCommand: '/spoerg',
      answerChannels: ['C1', 'G2'], ephemeralInPublic: true, audience: 'public', allowBots: true });
  });

  it('should name each missing or malformed variable when Slack is half configured', () => {
    const error = (() => {
      try {
        loadSlackConfig({ SLACK_SIGNING_SECRET: 's', SLACK_ANSWER_CHANNELS: 'general' });
      } catch (caught) {
        return caught as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.issues.join('\n')).toMatch(/SLACK_BOT_TOKEN: required/);
    expect(error!.issues.join('\n')).toMatch(/SLACK_ANSWER_CHANNELS: "general" is not a channel id/);
    expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' })).toThrow(/xoxb/);
    expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_ADVISER_CHANNEL: '#rådgivere' })).toThrow(/channel id/);
    expect(() => loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_EPHEMERAL_IN_PUBLIC: 'måske' })).toThrow(/true or false/);
  });
});
