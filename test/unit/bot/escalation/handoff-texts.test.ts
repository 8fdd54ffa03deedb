import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_SETTINGS, escalationTexts, isCancelCommand } from '../../../../bot/escalation/index.js';

describe('isCancelCommand', () => {
  it.each(['annuller', 'Annuller.', 'annullér', ' cancel ', 'Cancel!', 'annuller henvendelsen', 'cancel the request', 'fortryd'])(
    'should recognise "%s" when the user cancels',
    (text) => expect(isCancelCommand(text)).toBe(true),
  );

  it.each(['kan man annullere en kontrakt?', 'annuller min aftale med borgeren i morgen', 'stop med at spørge om det', 'How do I cancel a tender?'])(
    'should not take "%s" for a cancellation when it is a question',
    (text) => expect(isCancelCommand(text)).toBe(false),
  );
});

describe('escalationTexts', () => {
  it('should tell how to cancel in the queued text when an escalation is opened', () => {
    expect(escalationTexts('da').queued(DEFAULT_ESCALATION_SETTINGS)).toMatch(/rådgivere.*arbejdstimer.*»annuller«/s);
    expect(escalationTexts('en').queued(DEFAULT_ESCALATION_SETTINGS)).toMatch(/advisers.*working hours.*"cancel"/s);
  });

  it('should fall back to Danish when the language is unknown', () => {
    expect(escalationTexts('de').botBack()).toBe(escalationTexts('da').botBack());
  });
});
