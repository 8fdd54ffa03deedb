/**
 * The Bibliotek page's upload: the chosen files go to POST /api/library/uploads, and the answer is shown as a table
 * with one line a file: added, updated, unchanged, or not added with the problem (the CLI's text).
 */
import { el } from './lib/dom.js';
import { uploadFiles } from './bibliotek-api.js';
import { outcomeLabel } from './bibliotek-format.js';

function reportTable(files) {
  const added = files.filter((file) => file.outcome !== 'failed').length;
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'data-table upload-table' },
      el('caption', { text: `Resultat: ${added} af ${files.length} ${files.length === 1 ? 'fil' : 'filer'} lagt ind` }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Fil' }), el('th', { scope: 'col', text: 'Resultat' }), el('th', { scope: 'col', text: 'Dokument' }), el('th', { scope: 'col', text: 'Bemærkning' }))),
      el(
        'tbody',
        {},
        ...files.map((file) =>
          el(
            'tr',
            { class: `upload-line upload-line--${file.outcome}` },
            el('td', { text: file.name }),
            el('td', {}, el('span', { class: `badge badge--${file.outcome}`, text: outcomeLabel(file.outcome) })),
            el('td', {}, file.documentId ? el('a', { href: `#/${encodeURIComponent(file.documentId)}`, text: file.documentId }) : ''),
            el('td', { class: 'pre', text: file.problem ?? (file.chunks !== undefined ? `${file.chunks} tekststykker` : '') }),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {{ form: HTMLFormElement, report: HTMLElement, onUploaded: () => void }} parts
 */
export function createUpload({ form, report, onUploaded }) {
  const button = form.querySelector('button[type="submit"]');
  const input = form.querySelector('input[type="file"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!input.files?.length) return;
    button.disabled = true;
    report.replaceChildren(el('p', { class: 'muted', text: `Indlæser ${input.files.length === 1 ? '1 fil' : `${input.files.length} filer`}…` }));
    try {
      const result = await uploadFiles(new FormData(form));
      report.replaceChildren(reportTable(result.files));
      form.reset();
      if (result.files.some((file) => file.outcome !== 'failed')) onUploaded();
    } catch (error) {
      report.replaceChildren(el('p', { class: 'alert', text: error.message }));
    } finally {
      button.disabled = false;
    }
  });
}
