import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../config/env.js';
import { describeTeams, loadTeamsConfig } from '../../../../adapters/teams/index.js';

const issues = (env: Record<string, string>) => {
  try {
    loadTeamsConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.join('\n');
  }
  throw new Error('expected a ConfigError');
};

describe('loadTeamsConfig', () => {
  it('should leave Teams off without MICROSOFT_APP_ID unless TEAMS_EMULATOR=true is set explicitly', () => {
    expect(loadTeamsConfig({})).toBeUndefined();
    expect(loadTeamsConfig({ MICROSOFT_APP_ID: '  ', TEAMS_EMULATOR: 'false' })).toBeUndefined();
    const config = loadTeamsConfig({ TEAMS_EMULATOR: 'true' })!;
    expect(config).toMatchObject({ authenticated: false, audience: 'public', appType: 'MultiTenant' });
    expect(describeTeams(config)).toMatch(/^teams til \(emulator mode: unauthenticated, loopback only/);
  });

  it('should refuse TEAMS_EMULATOR=true together with credentials, and a value that is not true or false', () => {
    expect(issues({ TEAMS_EMULATOR: 'true', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' })).toMatch(/TEAMS_EMULATOR: must not be true together with MICROSOFT_APP_ID/);
    expect(issues({ TEAMS_EMULATOR: 'yes please' })).toMatch(/TEAMS_EMULATOR/);
  });

  it('should default to SingleTenant when a tenant id is given', () => {
    const config = loadTeamsConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't', TEAMS_AUDIENCE: 'internal' })!;
    expect(config).toMatchObject({ authenticated: true, appType: 'SingleTenant', tenantId: 't', audience: 'internal' });
  });

  it('should name each missing or contradictory variable', () => {
    expect(issues({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TYPE: 'SingleTenant' })).toMatch(/MICROSOFT_APP_PASSWORD: required[\s\S]*MICROSOFT_APP_TENANT_ID: required/);
    expect(issues({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 't' })).toMatch(/must not be set/);
    expect(issues({ MICROSOFT_APP_PASSWORD: 'pw' })).toMatch(/MICROSOFT_APP_ID: required/);
    expect(issues({ MICROSOFT_APP_TYPE: 'Multi' })).toMatch(/MICROSOFT_APP_TYPE/);
    expect(issues({ TEAMS_AUDIENCE: 'staff' })).toMatch(/TEAMS_AUDIENCE/);
  });

  it('should refuse internal documents for the unauthenticated emulator mode', () => {
    expect(issues({ TEAMS_EMULATOR: 'true', TEAMS_AUDIENCE: 'internal' })).toMatch(/TEAMS_AUDIENCE: must not be internal in emulator mode/);
    expect(loadTeamsConfig({ TEAMS_EMULATOR: 'true', TEAMS_AUDIENCE: 'public' })!.audience).toBe('public');
  });

  it('should accept managed identity without a password', () => {
    expect(loadTeamsConfig({ MICROSOFT_APP_ID: 'app', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' })!.appType).toBe('UserAssignedMSI');
  });

  it('should parse TEAMS_ADVISER_CHANNEL as the JSON channel reference and explain a bad one', () => {
    const channel = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: '19:advisers@thread.tacv2' }, tenantId: 't' };
    const credentials = { MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' };
    expect(loadTeamsConfig({ ...credentials, TEAMS_ADVISER_CHANNEL: JSON.stringify(channel) })!.adviserChannel).toEqual({ ...channel, channelId: 'msteams' });
    // Without credentials the setting would do nothing (Teams is off), and the emulator may only reach this machine.
    expect(issues({ TEAMS_ADVISER_CHANNEL: JSON.stringify(channel) })).toMatch(/TEAMS_ADVISER_CHANNEL: needs MICROSOFT_APP_ID/);
    expect(issues({ TEAMS_EMULATOR: 'true', TEAMS_ADVISER_CHANNEL: JSON.stringify(channel) })).toMatch(/TEAMS_ADVISER_CHANNEL: in emulator mode .* on this machine/);
    const local = { ...channel, serviceUrl: 'http://localhost:3978/' };
    expect(loadTeamsConfig({ TEAMS_EMULATOR: 'true', TEAMS_ADVISER_CHANNEL: JSON.stringify(local) })!.adviserChannel?.serviceUrl).toBe(local.serviceUrl);
    expect(issues({ TEAMS_ADVISER_CHANNEL: '19:advisers@thread.tacv2' })).toMatch(/TEAMS_ADVISER_CHANNEL: .*not JSON/);
    expect(issues({ TEAMS_ADVISER_CHANNEL: '{"conversation":{"id":"x"}}' })).toMatch(/TEAMS_ADVISER_CHANNEL/);
  });
});
