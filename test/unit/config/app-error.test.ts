import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, isUserFixableError } from '../../../config/app-error.js';
import { ConfigError } from '../../../config/env.js';
import { ChatModelError } from '../../../bot/llm/chat-model-error.js';
import { ConversationAccessError } from '../../../bot/store/conversation-access-error.js';
import { AdviserInputError } from '../../../bot/advisers/adviser-types.js';
import { ESCALATION_ERROR_MESSAGES } from '../../../bot/escalation/escalation-texts.js';
import { PdfExtractionError } from '../../../ingest/parse/pdf-worker.js';
import { EmbeddingModelMismatchError } from '../../../knowledge/store/embedding-settings.js';
import { DatabaseUnavailableError, QueryError } from '../../../knowledge/db/db.js';
import { DataDirInUseError } from '../../../knowledge/db/data-dir-lock.js';
import { EmbeddingError } from '../../../knowledge/embeddings/embedding-error.js';
import { AuthTimeoutError } from '../../../adapters/teams/auth-failures.js';
import { ERROR_RESPONSES } from '../../../adapters/web/error-responses.js';
import { UsageError } from '../../../bin/lib/run-cli.js';
import { QuestionFileError } from '../../../test/eval/question-sets.js';

const model = { modelId: 'a', dimensions: 1 };
const holder = { pid: 1, command: 'npm start', startedAt: new Date(0).toISOString(), token: 't' };

/** One instance of every error class we throw, with whether the user can fix it (as the CLI and server showed it before). */
const ERRORS: Array<[AppError, boolean]> = [
  [new ConfigError(['PORT: expected a number']), true],
  [new UsageError('skriv et spørgsmål'), true],
  [new QuestionFileError('questions.json: must be a JSON array'), true],
  [new EmbeddingError('embedding.unauthorized', 'rejected'), true],
  [new EmbeddingModelMismatchError(model, { ...model, modelId: 'b' }), true],
  [new DatabaseUnavailableError('no database'), true],
  [new DataDirInUseError('/tmp/x', holder), true],
  [new AdviserInputError('bad e-mail'), true],
  [new ConversationAccessError('conversation.not_yours', 'web:x'), true],
  [new ChatModelError('llm.unavailable', 'down'), false],
  [new QueryError('SELECT 1', new Error('boom')), false],
  [new PdfExtractionError('timeout', 'slow'), false],
  [new AuthTimeoutError(5_000), false],
];

describe('AppError', () => {
  it('should be the base of every error class, with a code from the one table and the class name as name', () => {
    for (const [error] of ERRORS) {
      expect(error).toBeInstanceOf(AppError);
      expect(Object.keys(ERROR_CODES)).toContain(error.code);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('should tell user-fixable errors from our faults by code, as the command line and the server show them', () => {
    for (const [error, fixable] of ERRORS) expect([error.name, isUserFixableError(error)]).toEqual([error.name, fixable]);
  });

  it('should not take an error for ours because of its name', () => {
    const impostor = Object.assign(new Error('looks like a setting'), { name: 'ConfigError', code: 'config.invalid' });
    expect(isUserFixableError(impostor)).toBe(false);
    expect(isUserFixableError(Object.assign(new Error('x'), { name: 'UsageError' }))).toBe(false);
  });

  it('should keep the cause and the PDF reason in the code', () => {
    const cause = new Error('driver');
    expect(new QueryError('SELECT 1', cause).cause).toBe(cause);
    expect(new PdfExtractionError('password', 'locked').code).toBe('ingest.pdf_password');
  });
});

describe('ERROR_RESPONSES', () => {
  it('should answer every escalation refusal and every conversation refusal with a 4xx', () => {
    const codes = [...Object.keys(ESCALATION_ERROR_MESSAGES).map((refusal) => `escalation.${refusal}`), 'conversation.not_yours', 'conversation.not_found', 'conversation.no_question'];
    for (const code of codes) {
      const response = ERROR_RESPONSES[code as keyof typeof ERROR_RESPONSES];
      expect(response, code).toBeDefined();
      expect(response!.status).toBeGreaterThanOrEqual(400);
      expect(response!.status).toBeLessThan(500);
    }
  });
});
