/**
 * The contract's check of a shared case: every field problem named in Danish and English, personal data masked in
 * free text before anything is stored (the contact's work e-mail kept), methods split on commas, and the ingest's
 * own metadata rules (end year not before the start year). Also the console's edit check.
 */
import { describe, expect, it } from 'vitest';
import { validateDocumentEdit, validateSubmission } from '../../../bot/submissions/validate-submission.js';
import { VALID_CASE } from '../../support/case-submission-form.js';

describe('validateSubmission', () => {
  it('turns a valid form into case front matter and a body with the three sections', () => {
    const checked = validateSubmission(VALID_CASE);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.frontMatter).toMatchObject({
      type: 'case',
      title: 'Hverdagsrehabilitering i hjemmeplejen',
      organisation_type: 'kommune',
      region: 'Syddanmark',
      year: 2021,
      audience: 'public',
      contact: { role: 'Projektleder, Sundhed og Omsorg', email: 'projekt@fredericia.dk' },
    });
    expect(checked.value.body).toContain('## Hvad vi gjorde');
    expect(checked.value.body).toContain('## Råd til andre');
    expect(checked.value.maskedKinds).toEqual([]);
  });

  it('names each missing required field with a Danish and an English message', () => {
    const checked = validateSubmission({ ...VALID_CASE, title: '', contact_email: undefined });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const fields = checked.issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'contact_email']));
    const title = checked.issues.find((issue) => issue.field === 'title')!;
    expect(title.message).toEqual({ da: 'skal udfyldes', en: expect.stringContaining('is required') });
  });

  it('refuses a value outside the list and an e-mail that is not one, in Danish', () => {
    const checked = validateSubmission({ ...VALID_CASE, region: 'Jylland', contact_email: 'ikke-en-mail' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.find((issue) => issue.field === 'region')?.message.da).toMatch(/^skal være en af: /);
    expect(checked.issues.find((issue) => issue.field === 'contact_email')?.message.da).toMatch(/e-mailadresse/);
  });

  it('refuses an end year before the start year', () => {
    const checked = validateSubmission({ ...VALID_CASE, year: '2022', end_year: '2020' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toEqual([expect.objectContaining({ field: 'end_year', message: expect.objectContaining({ da: 'må ikke ligge før startåret' }) })]);
  });

  it('masks a CPR number and a phone number in free text but keeps the contact e-mail', () => {
    const checked = validateSubmission({
      ...VALID_CASE,
      what_we_did: 'Borgeren med CPR 010203-1234 fik hjælp. Ring til Jens på 20 12 34 56.',
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.body).not.toContain('010203-1234');
    expect(checked.value.body).not.toContain('20 12 34 56');
    expect(checked.value.maskedKinds).toEqual(expect.arrayContaining(['cpr', 'phone']));
    expect((checked.value.frontMatter.contact as { email: string }).email).toBe('projekt@fredericia.dk');
  });

  it('splits methods on commas, trimmed and without repeats', () => {
    const checked = validateSubmission({ ...VALID_CASE, methods: ' brugerrejse, prototype ,brugerrejse,, ' });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.frontMatter.methods).toEqual(['brugerrejse', 'prototype']);
  });

  it('names a field longer than the form allows', () => {
    const checked = validateSubmission({ ...VALID_CASE, title: 'x'.repeat(151) });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues[0]).toMatchObject({ field: 'title', message: { da: 'må højst være 150 tegn' } });
  });
});

describe('validateDocumentEdit', () => {
  it('checks edited front matter with the ingest schema and masks the body again', () => {
    const ok = validateDocumentEdit({ type: 'method', title: 'Et svar' }, 'Ring på 20 12 34 56.');
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.value.body).not.toContain('20 12 34 56');
    const bad = validateDocumentEdit({ type: 'opskrift', title: 'Et svar' }, '');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((issue) => issue.field)).toEqual(['type', 'body']);
  });
});
