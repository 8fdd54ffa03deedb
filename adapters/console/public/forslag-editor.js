/**
 * The editor of one proposal: every front-matter field (from `GET /api/submissions/fields`, the one field list:
 * selects for the enumerations, checkboxes for innovation types, comma lists) and the Markdown body. Field errors
 * from the API sit beside their fields (aria-invalid, aria-describedby) and in a summary that links to them.
 */
import { el } from './lib/dom.js';

const fieldId = (key) => `fm-${key.replace(/[^\w-]/g, '-')}`;
const BODY_ID = 'fm-body';

/** The value at a front-matter path (`contact.email`). */
function read(frontMatter, key) {
  return key.split('.').reduce((value, part) => (value && typeof value === 'object' ? value[part] : undefined), frontMatter);
}

/** Sets (or, for an empty value, removes) a front-matter path; an emptied mapping is removed too. */
function write(frontMatter, key, value) {
  const [head, tail] = key.split('.');
  const empty = value === '' || (Array.isArray(value) && value.length === 0);
  if (!tail) {
    if (empty) delete frontMatter[head];
    else frontMatter[head] = value;
    return;
  }
  const inner = { ...(typeof frontMatter[head] === 'object' && frontMatter[head] !== null ? frontMatter[head] : {}) };
  if (empty) delete inner[tail];
  else inner[tail] = value;
  if (Object.keys(inner).length === 0) delete frontMatter[head];
  else frontMatter[head] = inner;
}

const asList = (text) => [...new Set(text.split(/[,;\n]/).map((item) => item.trim()).filter(Boolean))];
const asText = (value) => (value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value));

function describedBy(id, field) {
  return [field.hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
}

function control(field, value) {
  const id = fieldId(field.key);
  const common = { id, name: field.key, 'aria-describedby': describedBy(id, field), required: field.required || null };
  if (field.kind === 'select') {
    const choices = field.options.map((option) => el('option', { value: option.value, text: option.label, selected: option.value === value || null }));
    return el('select', common, field.required ? null : el('option', { value: '', text: '–' }), choices);
  }
  const type = { email: 'email', url: 'url' }[field.kind] ?? 'text';
  return el('input', {
    ...common,
    type,
    value: asText(value),
    maxlength: field.maxLength ? String(field.maxLength) : null,
    inputmode: field.kind === 'year' ? 'numeric' : null,
    autocomplete: 'off',
    class: field.kind === 'year' ? 'input--short' : null,
  });
}

function fieldRow(field, value) {
  const id = fieldId(field.key);
  const hint = field.hint ? el('p', { id: `${id}-hint`, class: 'hint', text: field.hint }) : null;
  const error = el('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const label = `${field.label}${field.required ? ' (skal udfyldes)' : ''}`;
  if (field.kind === 'multiselect') {
    const chosen = new Set(Array.isArray(value) ? value : asList(asText(value)));
    return el(
      'fieldset',
      { class: 'editor-field editor-field--choices', id, 'data-key': field.key, 'aria-describedby': describedBy(id, field) },
      el('legend', { text: label }),
      hint,
      el(
        'div',
        { class: 'choices' },
        field.options.map((option) =>
          el('label', { class: 'check' }, el('input', { type: 'checkbox', name: field.key, value: option.value, checked: chosen.has(option.value) || null }), ` ${option.label}`),
        ),
      ),
      error,
    );
  }
  return el('div', { class: 'editor-field', 'data-key': field.key }, el('label', { for: id, text: label }), hint, control(field, value), error);
}

/**
 * Builds the editor for a proposal.
 * @param {Array<object>} fields the editor's fields
 * @param {{ frontMatter: object, body: string }} detail the proposal
 * @param {{ readOnly?: boolean }} [options]
 */
export function createEditor(fields, detail, { readOnly = false } = {}) {
  const summary = el('div', { class: 'alert error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const body = el('textarea', { id: BODY_ID, name: 'body', rows: '16', class: 'markdown-input', 'aria-describedby': `${BODY_ID}-hint ${BODY_ID}-error`, required: true }, detail.body ?? '');
  const form = el(
    'form',
    { class: 'editor', novalidate: true, 'aria-labelledby': 'editor-heading' },
    el('h3', { id: 'editor-heading', class: 'form-heading', text: 'Ret forslaget' }),
    summary,
    el(
      'fieldset',
      { class: 'editor__fields', disabled: readOnly || null },
      el('legend', { class: 'visually-hidden', text: 'Metadata' }),
      el('div', { class: 'editor-grid' }, fields.map((field) => fieldRow(field, read(detail.frontMatter ?? {}, field.key)))),
      el(
        'div',
        { class: 'editor-field editor-field--wide', 'data-key': 'body' },
        el('label', { for: BODY_ID, text: 'Tekst (Markdown) (skal udfyldes)' }),
        el('p', { id: `${BODY_ID}-hint`, class: 'hint', text: 'Overskrifter med ##. Personoplysninger (CPR, private telefonnumre) maskeres, når du gemmer.' }),
        body,
        el('p', { id: `${BODY_ID}-error`, class: 'field-error', hidden: true }),
      ),
    ),
  );
  let saved = JSON.stringify(values());

  /** The front matter and body as the form has them, over the stored front matter (keys it does not show stay). */
  function values() {
    const frontMatter = structuredClone(detail.frontMatter ?? {});
    for (const field of fields) {
      if (field.kind === 'multiselect') {
        const checked = [...form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(field.key)}"]:checked`)].map((box) => box.value);
        write(frontMatter, field.key, checked);
        continue;
      }
      const input = form.querySelector(`#${CSS.escape(fieldId(field.key))}`);
      const text = input.value.trim();
      write(frontMatter, field.key, field.kind === 'list' ? asList(text) : text);
    }
    return { frontMatter, body: body.value };
  }

  /** The field element of an issue's path (`contact.email`, `innovation_type.1`, `body`). */
  function rowFor(path) {
    if (path === 'body') return form.querySelector('[data-key="body"]');
    const field = fields.find((f) => path === f.key || path.startsWith(`${f.key}.`)) ?? fields.find((f) => f.key.startsWith(`${path}.`));
    return field ? form.querySelector(`[data-key="${CSS.escape(field.key)}"]`) : null;
  }

  function clearErrors() {
    summary.hidden = true;
    summary.replaceChildren();
    for (const error of form.querySelectorAll('.field-error')) {
      error.hidden = true;
      error.textContent = '';
    }
    for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  }

  /** Shows the API's field issues beside their fields, and a summary that links to each; focuses the summary. */
  function showErrors(issues) {
    clearErrors();
    const links = [];
    for (const issue of issues) {
      const row = rowFor(issue.field);
      const label = row?.querySelector('label, legend')?.textContent?.replace(' (skal udfyldes)', '') ?? issue.field;
      const message = issue.message.startsWith(`${issue.field}: `) ? issue.message.slice(issue.field.length + 2) : issue.message;
      if (row) {
        const error = row.querySelector('.field-error');
        error.textContent = error.textContent ? `${error.textContent} ${message}` : message;
        error.hidden = false;
        const target = row.querySelector('input:not([type="checkbox"]), select, textarea') ?? row;
        target.setAttribute('aria-invalid', 'true');
        links.push(el('li', {}, el('a', { href: `#${target.id}`, text: `${label}: ${message}`, onclick: (event) => (event.preventDefault(), target.focus?.()) })));
      } else {
        links.push(el('li', { text: `${label}: ${message}` }));
      }
    }
    summary.replaceChildren(el('p', { text: issues.length === 1 ? 'Et felt skal rettes:' : `${issues.length} felter skal rettes:` }), el('ul', {}, links));
    summary.hidden = false;
    summary.focus();
  }

  return {
    form,
    values,
    /** True when the form differs from what was last saved. */
    dirty: () => JSON.stringify(values()) !== saved,
    /** Marks the current values as saved. */
    markSaved: () => (saved = JSON.stringify(values())),
    showErrors,
    clearErrors,
  };
}
