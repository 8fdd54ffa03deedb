/**
 * The Slack modal's pure parts: state read back into the form's input, issues as per-block errors (an issue the form
 * has no block for lands on the first field, since Slack refuses unknown block ids), and private metadata that a
 * tampered or old view cannot turn into a foreign delivery reference.
 */
import { describe, expect, it } from 'vitest';
import { buildSubmissionModal, decodeOrigin, encodeOrigin, issuesToErrors, readSubmissionState } from '../../../../adapters/slack/submission-modal.js';
import { viewState } from './slack-submission-payloads.js';

describe('submission modal', () => {
  it('should read texts, a select and a multi-select back from the view state and leave untouched fields out', () => {
    const input = readSubmissionState(viewState({ title: 'Titel', region: 'Syddanmark', innovation_type: ['teknologisk'], year: '2021' }) as never);
    expect(input).toMatchObject({ title: 'Titel', region: 'Syddanmark', innovation_type: ['teknologisk'], year: '2021' });
    expect(input.organisation).toBeUndefined();
    expect(input.organisation_type).toBeUndefined();
  });

  it('should key errors by block id, join two issues of one field, and put an unknown field on the first block', () => {
    const errors = issuesToErrors(
      [
        { field: 'year', message: { da: 'skal være et årstal, fx 2019', en: 'must be a year such as 2019' } },
        { field: 'year', message: { da: 'må ikke ligge før startåret', en: 'must not be before year' } },
        { field: 'type', message: { da: 'skal udfyldes', en: 'is required' } },
      ],
      'da',
    );
    expect(errors).toEqual({ year: 'skal være et årstal, fx 2019; må ikke ligge før startåret', title: 'type: skal udfyldes' });
  });

  it('should keep the language and conversation through private metadata and drop a conversation that is not a Slack id', () => {
    const origin = { language: 'en' as const, conversation: { channel: 'C1', threadId: '1700000000.000100', ephemeral: true } };
    expect(decodeOrigin(buildSubmissionModal(origin).private_metadata)).toEqual(origin);
    expect(decodeOrigin(encodeOrigin({ language: 'da' }))).toEqual({ language: 'da' });
    expect(decodeOrigin(JSON.stringify({ l: 'en', c: 'https://evil.example', t: '1.1' }))).toEqual({ language: 'en' });
    expect(decodeOrigin('not json')).toEqual({ language: 'da' });
  });
});
