/**
 * The fields of "Del jeres erfaring", drawn from the API's field list (GET /api/submission-form, which comes from
 * SUBMISSION_FIELDS on the server): a label with a required marker, a hint, the control and a place for its error,
 * tied together with aria-describedby. Also shows and clears the errors the API names per field.
 */
import { el } from './dom.js';

const ID = (name) => `case-${name.replace(/_/g, '-')}`;

/** The texts of controls the field list does not carry. */
export const FIELD_WORDS = {
  da: { choose: 'Vælg …', required: 'skal udfyldes' },
  en: { choose: 'Choose …', required: 'required' },
};

function describedBy(field, error) {
  return [field.hint ? `${ID(field.name)}-hint` : null, error ? `${ID(field.name)}-error` : null].filter(Boolean).join(' ') || null;
}

function control(field, words) {
  const common = { id: ID(field.name), name: field.name, 'aria-describedby': describedBy(field, false), required: field.required };
  if (field.kind === 'longtext') return el('textarea', { ...common, rows: 5, maxlength: field.maxLength });
  if (field.kind === 'select') {
    return el(
      'select',
      common,
      el('option', { value: '', text: words.choose }),
      (field.options ?? []).map((option) => el('option', { value: option.value, text: option.label })),
    );
  }
  const type = { email: 'email', url: 'url' }[field.kind] ?? 'text';
  const year = field.kind === 'year' ? { inputmode: 'numeric', pattern: '[0-9]{4}', autocomplete: 'off', class: 'field__year' } : {};
  const autocomplete = field.kind === 'email' ? { autocomplete: 'email' } : {};
  return el('input', { ...common, type, maxlength: field.maxLength, ...autocomplete, ...year });
}

function labelText(field) {
  return [field.label, field.required ? el('span', { class: 'field__required', 'aria-hidden': 'true', text: ' *' }) : null];
}

/** One field's block. A multiselect is a group of checkboxes under a legend. */
export function renderField(field, language) {
  const words = FIELD_WORDS[language];
  const hint = field.hint ? el('p', { class: 'field__hint', id: `${ID(field.name)}-hint`, text: field.hint }) : null;
  const error = el('p', { class: 'field__error', id: `${ID(field.name)}-error`, hidden: true });
  if (field.kind === 'multiselect') {
    const boxes = (field.options ?? []).map((option, i) =>
      el(
        'label',
        { class: 'field__check' },
        el('input', { type: 'checkbox', name: field.name, value: option.value, id: i === 0 ? ID(field.name) : null }),
        ` ${option.label}`,
      ),
    );
    return el(
      'fieldset',
      { class: 'field field--group', 'data-field': field.name, 'aria-describedby': describedBy(field, false) },
      el('legend', { class: 'field__label' }, labelText(field)),
      hint,
      error,
      el('div', { class: 'field__checks' }, boxes),
    );
  }
  return el(
    'div',
    { class: 'field', 'data-field': field.name },
    el('label', { class: 'field__label', for: ID(field.name) }, labelText(field)),
    hint,
    error,
    control(field, words),
  );
}

/** The attachment's block (the file input accepts .pdf and .docx). */
export function renderAttachmentField(attachment) {
  const id = ID(attachment.name);
  return el(
    'div',
    { class: 'field', 'data-field': attachment.name },
    el('label', { class: 'field__label', for: id, text: attachment.label }),
    el('p', { class: 'field__hint', id: `${id}-hint`, text: attachment.hint }),
    el('p', { class: 'field__error', id: `${id}-error`, hidden: true }),
    el('input', { type: 'file', id, name: attachment.name, accept: attachment.accept, 'aria-describedby': `${id}-hint` }),
  );
}

/** The element that gets aria-invalid and the focus for a field (the first checkbox of a group). */
export function fieldControl(form, name) {
  return form.querySelector(`#${ID(name)}`);
}

/** Removes every field error. */
export function clearFieldErrors(form) {
  for (const block of form.querySelectorAll('[data-field]')) {
    const error = block.querySelector('.field__error');
    error.hidden = true;
    error.textContent = '';
    block.classList.remove('field--invalid');
    for (const node of block.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    const target = block.tagName === 'FIELDSET' ? block : fieldControl(form, block.dataset.field);
    const hint = block.querySelector('.field__hint');
    if (hint) target?.setAttribute('aria-describedby', hint.id);
    else target?.removeAttribute('aria-describedby');
  }
}

/**
 * Shows each issue beside its field; returns the issues that found a field (in form order) with their labels,
 * for the error summary.
 */
export function showFieldErrors(form, issues) {
  const shown = [];
  for (const block of form.querySelectorAll('[data-field]')) {
    const issue = issues.find((item) => item.field === block.dataset.field);
    if (!issue) continue;
    const error = block.querySelector('.field__error');
    error.textContent = issue.message;
    error.hidden = false;
    block.classList.add('field--invalid');
    const hint = block.querySelector('.field__hint');
    const ids = [hint?.id, error.id].filter(Boolean).join(' ');
    const target = block.tagName === 'FIELDSET' ? block : fieldControl(form, block.dataset.field);
    target?.setAttribute('aria-describedby', ids);
    // A fieldset cannot be aria-invalid; its checkboxes can.
    const invalid = block.tagName === 'FIELDSET' ? block.querySelectorAll('input') : [target];
    for (const node of invalid) node?.setAttribute('aria-invalid', 'true');
    const label = block.querySelector('.field__label')?.firstChild?.textContent ?? issue.field;
    shown.push({ field: issue.field, label, message: issue.message });
  }
  return shown;
}
