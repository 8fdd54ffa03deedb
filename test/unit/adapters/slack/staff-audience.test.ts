/**
 * Who counts as staff in Slack (issue 10, item 5): guests, external (Slack Connect) users and anyone unknown are
 * `public`; staff are decided by workspace, e-mail domain or (by default) the installing workspace; users.info
 * results are cached, failures answered as `public`.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audienceOf, type StaffPolicy } from '../../../../adapters/slack/staff-audience.js';
import { createUserDirectory, FAILURE_TTL_MS, USER_TTL_MS } from '../../../../adapters/slack/user-directory.js';
import { slackClientOptions } from '../../../../adapters/slack/post-with-retry.js';
import { FAKE_BOT, startFakeSlackApi, type FakeSlackApi } from '../../../fakes/fake-slack-api.js';

const byHome: StaffPolicy = { staffAudience: 'internal', staffTeamIds: [], staffEmailDomains: [] };
const member = { team_id: 'T1', profile: { email: 'mette@kraftcenter.dk' } };

describe('audienceOf', () => {
  it('should treat a member of the installing workspace as staff when no staff list is set', () => {
    expect(audienceOf(member, byHome, 'T1')).toBe('internal');
    expect(audienceOf(member, { ...byHome, staffAudience: 'public' }, 'T1')).toBe('public');
  });

  it('should treat guests, Slack Connect strangers, other workspaces, bots and deleted users as public', () => {
    for (const user of [
      { ...member, is_restricted: true },
      { ...member, is_ultra_restricted: true },
      { ...member, is_stranger: true },
      { ...member, team_id: 'T9' },
      { ...member, is_bot: true },
      { ...member, deleted: true },
    ]) {
      expect(audienceOf(user, byHome, 'T1')).toBe('public');
    }
  });

  it('should answer public when unsure: no user, or no home workspace to compare with', () => {
    expect(audienceOf(undefined, byHome, 'T1')).toBe('public');
    expect(audienceOf(member, byHome, undefined)).toBe('public');
  });

  it('should use the configured workspaces and e-mail domains instead of the installing workspace', () => {
    const policy: StaffPolicy = { staffAudience: 'internal', staffTeamIds: ['T2', 'E1'], staffEmailDomains: ['kraftcenter.dk'] };
    expect(audienceOf({ team_id: 'T1', profile: { email: 'a@kommune.dk' } }, policy, 'T1')).toBe('public');
    expect(audienceOf({ team_id: 'T2' }, policy, 'T1')).toBe('internal');
    expect(audienceOf({ team_id: 'T7', enterprise_user: { enterprise_id: 'E1' } }, policy, 'T1')).toBe('internal');
    expect(audienceOf({ team_id: 'T9', profile: { email: 'Mette@Kraftcenter.dk' } }, policy, 'T1')).toBe('internal');
    expect(audienceOf({ team_id: 'T9', profile: { email: 'm@evil-kraftcenter.dk' } }, policy, 'T1')).toBe('public');
    expect(audienceOf({ team_id: 'T2', is_restricted: true }, policy, 'T1')).toBe('public');
  });
});

describe('createUserDirectory', () => {
  let fake: FakeSlackApi;
  let client: webApi.WebClient;
  let clock: number;
  const directory = () => createUserDirectory({ policy: byHome, homeTeamId: async () => FAKE_BOT.teamId, now: () => clock });

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    client = new webApi.WebClient('xoxb-test', slackClientOptions(fake.url));
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    clock = 1_000_000;
  });

  it('should give a member of the workspace their name and the staff audience, asking Slack once per TTL', async () => {
    const users = directory();
    expect(await users.lookup(client, 'U1')).toEqual({ audience: 'internal', displayName: 'Bruger U1' });
    expect(await users.lookup(client, 'U1')).toEqual({ audience: 'internal', displayName: 'Bruger U1' });
    expect(fake.callsTo('users.info')).toHaveLength(1);
    clock += USER_TTL_MS;
    await users.lookup(client, 'U1');
    expect(fake.callsTo('users.info')).toHaveLength(2);
  });

  it('should give a guest the public audience', async () => {
    fake.setUser('UGUEST', { is_restricted: true });
    expect((await directory().lookup(client, 'UGUEST')).audience).toBe('public');
  });

  it('should answer public when users.info fails, and ask again after a short while', async () => {
    const users = directory();
    fake.failNext('users.info', { error: 'missing_scope' });
    expect(await users.lookup(client, 'U2')).toEqual({ audience: 'public' });
    expect(await users.lookup(client, 'U2')).toEqual({ audience: 'public' });
    expect(fake.callsTo('users.info')).toHaveLength(1);
    clock += FAILURE_TTL_MS;
    expect((await users.lookup(client, 'U2')).audience).toBe('internal');
  });

  it('should answer public when the installing workspace cannot be found out', async () => {
    const users = createUserDirectory({ policy: byHome, homeTeamId: async () => { throw new Error('auth.test failed'); }, now: () => clock });
    expect((await users.lookup(client, 'U3')).audience).toBe('public');
  });
});
