/**
 * The logger itself: JSON lines, personal data masked in messages and details, errors with type, message and cause
 * (a stack only on error lines), request ids from the context, LOG_FORMAT.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/env.js';
import { createLogger } from '../../../config/logger.js';
import { outsideRequestContext, runInRequestContext } from '../../../observability/request-context.js';
import { captureLogs } from './log-capture.js';

describe('structured logs', () => {
  it('should write one JSON object per line with level, time and message', () => {
    const logs = captureLogs('info');
    logs.logger.debug('not written');
    logs.logger.info('written', { documents: 3 });
    expect(logs.raw).toHaveLength(1);
    expect(logs.lines()[0]).toMatchObject({ level: 'info', msg: 'written', documents: 3 });
    expect(typeof logs.lines()[0]!.time).toBe('string');
  });

  it('should mask an e-mail address, a CPR number and a phone number in the message and in string details', () => {
    const logs = captureLogs();
    logs.logger.warn('could not reach anna.hansen@kommune.dk', {
      note: 'borgerens cpr er 010190-1234, ring på 12 34 56 78',
      nested: { contact: ['jens(at)region.dk'] },
    });
    const [line] = logs.raw;
    expect(line).not.toMatch(/anna\.hansen|010190|12 34 56 78|jens\(at\)/);
    expect(logs.lines()[0]).toMatchObject({
      msg: 'could not reach [e-mail removed]',
      note: 'borgerens cpr er [CPR number removed], ring på [phone number removed]',
      nested: { contact: ['[e-mail removed]'] },
    });
  });

  it('should write an error as type, message, code and cause, without its stack below error level', () => {
    const logs = captureLogs();
    const error = Object.assign(new Error('query failed for ole@example.dk', { cause: new TypeError('socket closed') }), {
      code: 'E_QUERY',
      request: { headers: { authorization: 'Bearer secret-token' } },
    });
    logs.logger.warn('retrying', { error });
    logs.logger.error('gave up', { error });
    const [warned, failed] = logs.lines();
    expect(warned!.error).toEqual({ type: 'Error', message: 'query failed for [e-mail removed]', code: 'E_QUERY', cause: { type: 'TypeError', message: 'socket closed' } });
    expect((failed!.error as { stack?: string }).stack).toMatch(/^Error: query failed for \[e-mail removed\]/);
    expect(logs.raw.join('\n')).not.toContain('secret-token');
  });

  it('should add the request id of the context to every line, through awaits and child loggers', async () => {
    const logs = captureLogs();
    logs.logger.info('outside');
    await runInRequestContext({ requestId: 'req-42' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logs.logger.child({ channel: 'web' }).info('inside');
    });
    const [outside, inside] = logs.lines();
    expect(outside!.requestId).toBeUndefined();
    expect(inside).toMatchObject({ requestId: 'req-42', channel: 'web', msg: 'inside' });
  });

  it('should leave out the request id for a shared loop that a request happened to start', async () => {
    const logs = captureLogs();
    let poll: Promise<void> | undefined;
    runInRequestContext({ requestId: 'req-first-subscriber' }, () => {
      poll = outsideRequestContext(() => new Promise<void>((resolve) => setTimeout(() => (logs.logger.info('poll'), resolve()), 1)));
    });
    await poll;
    expect(logs.lines()[0]!.requestId).toBeUndefined();
  });

  it('should write readable lines with LOG_FORMAT=pretty', () => {
    const raw: string[] = [];
    createLogger({ format: 'pretty', write: (line) => void raw.push(line) }).info('klar', { port: 3000 });
    const text = raw.join('');
    expect(text).toMatch(/INFO.*klar/);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('should take LOG_FORMAT json (default) or pretty and refuse anything else in one line', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });
});
