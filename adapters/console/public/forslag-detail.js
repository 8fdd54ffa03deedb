/**
 * The detail pane of one proposal: what it is and who sent it, the attachment, the library documents that may tell
 * the same story (a warning when one is very close), the editor, the actions and the history (audit trail).
 */
import { el } from './lib/dom.js';
import { ApiError, getJson, postJson, putJson } from './console-api.js';
import { channelLabel, formatDateTime } from './format.js';
import { createEditor } from './forslag-editor.js';
import { renderProposalActions } from './forslag-actions.js';
import { actionLabel, isVeryClose, likenessLabel, ageSince, sizeLabel, sourceLabel, statusLabel } from './forslag-format.js';

const path = (id, action) => `/api/submissions/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

const DONE = {
  ask: 'Spørgsmålet er sendt til indsenderen.',
  reject: 'Forslaget er afvist.',
  publish: 'Forslaget er publiceret i biblioteket.',
  unpublish: 'Forslaget er afpubliceret.',
};

function panel(title, ...children) {
  return el('section', { class: 'panel' }, el('h3', { class: 'panel__title', text: title }), ...children);
}

function nearDuplicates(items, title) {
  if (!items?.length) return panel('Lignende i biblioteket', el('p', { class: 'muted', text: 'Intet i biblioteket ligner dette forslag.' }));
  const close = (item) => isVeryClose(item, title);
  const closest = items.find(close);
  return panel(
    'Lignende i biblioteket',
    closest
      ? el('p', { class: 'alert', role: 'note', text: `Meget tæt på "${closest.title}" (${likenessLabel(closest).toLowerCase()}). Tjek, at det ikke er den samme erfaring, før du publicerer.` })
      : null,
    el(
      'ul',
      { class: 'duplicates' },
      items.map((item) =>
        el(
          'li',
          { class: `duplicate${close(item) ? ' duplicate--close' : ''}` },
          el(
            'p',
            { class: 'duplicate__head' },
            el('strong', { text: item.title }),
            el('span', { class: 'duplicate__score', text: likenessLabel(item) }),
          ),
          el('p', { class: 'muted', text: [item.organisation, item.year, item.documentId].filter(Boolean).join(' · ') }),
          item.snippet ? el('blockquote', { class: 'duplicate__snippet', text: item.snippet }) : null,
        ),
      ),
    ),
  );
}

function history(events) {
  return panel(
    'Historik',
    events?.length
      ? el(
          'ol',
          { class: 'history' },
          [...events].reverse().map((event) => {
            const details = event.details ?? {};
            const note = details.question ?? details.reason ?? details.libraryPath ?? details.path ?? '';
            return el(
              'li',
              { class: 'history__entry' },
              el('p', { class: 'history__head' }, el('span', { text: actionLabel(event.action) }), el('time', { datetime: event.at, text: formatDateTime(event.at) })),
              el('p', { class: 'muted', text: event.actorName ?? event.actor }),
              note ? el('p', { class: 'pre', text: String(note) }) : null,
            );
          }),
        )
      : el('p', { class: 'muted', text: 'Ingen handlinger endnu.' }),
  );
}

/**
 * @param {{ container: HTMLElement, fields: () => Array<object>, onChanged: () => void,
 *   toast: (text: string, isError?: boolean) => void }} deps
 */
export function createProposalDetail({ container, fields, onChanged, toast }) {
  let current = null;
  let editor = null;

  function header(detail) {
    const attachment = detail.attachment
      ? el(
          'p',
          { class: 'attachment' },
          'Bilag: ',
          el('a', { href: path(detail.id, 'attachment'), download: detail.attachment.fileName, text: detail.attachment.fileName }),
          ` (${sizeLabel(detail.attachment.size)})`,
        )
      : null;
    return el(
      'header',
      { class: 'detail__header' },
      el('p', { class: 'detail__kicker', text: `${sourceLabel(detail.source)} · ${channelLabel(detail.channel)}` }),
      el('h2', { id: 'detail-heading', class: 'detail__question', tabindex: '-1', text: detail.title }),
      el(
        'p',
        { class: 'detail__meta' },
        el('span', { class: `badge badge--proposal-${detail.status}`, id: 'proposal-status', text: statusLabel(detail.status) }),
        el('span', { text: detail.reference }),
        el('span', { text: `Modtaget ${formatDateTime(detail.createdAt)} (${ageSince(detail.createdAt)} siden)` }),
        detail.submitterName ? el('span', { text: `Fra: ${detail.submitterName}` }) : null,
        detail.organisation ? el('span', { text: detail.organisation }) : null,
      ),
      attachment,
      detail.documentId ? el('p', { class: 'muted', text: `Dokument i biblioteket: ${detail.documentId}${detail.libraryPath ? ` (${detail.libraryPath})` : ''}` }) : null,
    );
  }

  async function save() {
    editor.clearErrors();
    try {
      const saved = await putJson(path(current.id), editor.values());
      editor.markSaved();
      return saved;
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.issues.length > 0) editor.showErrors(error.issues);
      else toast(error instanceof ApiError ? error.message : 'Ændringerne kunne ikke gemmes. Prøv igen.', true);
      return null;
    }
  }

  /** Runs an action; publishing saves unsaved edits first (and stops if they have errors). */
  async function run(action, body) {
    if (!current) return false;
    const buttons = [...container.querySelectorAll('.detail__actions button')];
    buttons.forEach((button) => (button.disabled = true));
    try {
      if (action === 'publish' && editor?.dirty() && !(await save())) return false;
      await postJson(path(current.id, action), body);
      toast(DONE[action]);
      await show(current.id, false);
      onChanged();
      return true;
    } catch (error) {
      // Publishing checks the document again: its field errors belong beside the fields.
      if (error instanceof ApiError && error.status === 400 && error.issues.length > 0 && action === 'publish') editor?.showErrors(error.issues);
      toast(error instanceof ApiError ? error.message : 'Handlingen mislykkedes. Prøv igen.', true);
      return false;
    } finally {
      buttons.forEach((button) => (button.disabled = false));
    }
  }

  function render(detail) {
    const readOnly = detail.status === 'published' || detail.status === 'rejected';
    editor = createEditor(fields(), detail, { readOnly });
    editor.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (await save()) {
        toast('Ændringerne er gemt.');
        await show(detail.id, false);
        onChanged();
      }
    });
    if (!readOnly) {
      editor.form.append(el('div', { class: 'row' }, el('button', { type: 'submit', class: 'button button--secondary', text: 'Gem ændringer' })));
    } else {
      const why = detail.status === 'published' ? 'Et publiceret dokument kan ikke rettes her. Afpublicér det først.' : 'Et afvist forslag kan ikke rettes.';
      editor.form.append(el('p', { class: 'hint', text: why }));
    }
    container.replaceChildren(
      el(
        'div',
        { class: 'detail__inner' },
        header(detail),
        el('section', { class: 'detail__actions', 'aria-label': 'Handlinger' }, renderProposalActions(detail, run)),
        nearDuplicates(detail.nearDuplicates, detail.title),
        el('section', { class: 'panel' }, editor.form),
        history(detail.history),
      ),
    );
  }

  async function show(id, focus = false) {
    let detail;
    try {
      detail = await getJson(path(id));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      current = null;
      container.replaceChildren(el('div', { class: 'detail__empty' }, el('h2', { id: 'detail-heading', text: 'Forslaget findes ikke' })));
      return;
    }
    current = detail;
    render(detail);
    if (focus) container.querySelector('#detail-heading')?.focus();
  }

  return { show, currentId: () => current?.id ?? '' };
}
