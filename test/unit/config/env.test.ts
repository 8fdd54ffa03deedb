import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/env.js';

describe('loadConfig', () => {
  it('should run on the embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.database).toEqual({ kind: 'pglite', url: undefined, dataDir: '/srv/app/.data' });
    expect(config.embedding).toMatchObject({ provider: 'local', dimensions: 384 });
    expect(config.openai).toBeUndefined();
    expect(config.http.port).toBe(3000);
    expect(config.escalation.officeHours).toMatchObject({ days: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' });
  });

  it('should choose OpenAI embeddings and llm answers when a key is set', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://localhost:11434/v1' });
    expect(config.embedding).toMatchObject({ provider: 'openai', model: 'text-embedding-3-small', baseURL: 'http://localhost:11434/v1' });
    expect(config.openai).toMatchObject({ chatModel: 'gpt-4o-mini' });
  });

  it('should keep local embeddings when EMBEDDING_PROVIDER=local even with a key', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test', EMBEDDING_PROVIDER: 'local' }).embedding.provider).toBe('local');
  });

  it('should name each bad variable on its own line when settings are wrong', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc', EMBEDDING_PROVIDER: 'cohere', OFFICE_HOURS: 'weekdays' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['DATABASE_URL', 'PORT', 'EMBEDDING_PROVIDER', 'OFFICE_HOURS']) expect(message).toContain(name);
    }
  });

  it('should read the web chats one address may start a minute (120 by default) and name a bad value', () => {
    expect(loadConfig({}).web.chatsPerAddressPerMinute).toBe(120);
    expect(loadConfig({ WEB_CHATS_PER_ADDRESS_PER_MINUTE: '600' }).web.chatsPerAddressPerMinute).toBe(600);
    expect(() => loadConfig({ WEB_CHATS_PER_ADDRESS_PER_MINUTE: 'mange' })).toThrow(/WEB_CHATS_PER_ADDRESS_PER_MINUTE/);
    expect(() => loadConfig({ WEB_CHATS_PER_ADDRESS_PER_MINUTE: '0' })).toThrow(/WEB_CHATS_PER_ADDRESS_PER_MINUTE/);
  });

  it('should cap answers in progress at 32 on either database unless MAX_ANSWERS_IN_PROGRESS says otherwise', () => {
    expect(loadConfig({}).web.maxAnswersInProgress).toBe(32);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/kc' }).web.maxAnswersInProgress).toBe(32);
    expect(loadConfig({ MAX_ANSWERS_IN_PROGRESS: '3' }).web.maxAnswersInProgress).toBe(3);
    expect(() => loadConfig({ MAX_ANSWERS_IN_PROGRESS: '0' })).toThrow(/MAX_ANSWERS_IN_PROGRESS: must be at least 1/);
  });

  it('should require a key when OpenAI embeddings are asked for', () => {
    expect(() => loadConfig({ EMBEDDING_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });

  it('should treat empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', OPENAI_API_KEY: '  ' }).database.kind).toBe('pglite');
  });

  it('should read office hours and closed dates for hand-offs', () => {
    const config = loadConfig({ OFFICE_HOURS: '1-4,5 09:00-15:00', CLOSED_DATES: '2026-12-24, 2026-12-25', ESCALATION_TARGET_HOURS: '2' });
    expect(config.escalation).toMatchObject({
      officeHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '15:00', closedDates: ['2026-12-24', '2026-12-25'] },
      targetWorkingHours: 2,
    });
  });
});
