/**
 * The Bibliotek page's detail pane: one document's metadata, its chunks in order (what the assistant searches),
 * the questions whose answers cited it recently, and "Afpublicér" with a confirmation and an optional reason.
 */
import { el, externalLink, mailLink } from './lib/dom.js';
import { getJson, postJson } from './console-api.js';
import { channelLabel, formatDateTime } from './format.js';
import { audienceLabel, formatLabel, organisationTypeLabel, regionLabel, typeLabel, yearsLabel } from './bibliotek-format.js';

const documentPath = (id, action) => `/api/library/documents/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

function facts(doc) {
  const contact = doc.contact
    ? [doc.contact.name, doc.contact.role].filter(Boolean).join(', ') || undefined
    : undefined;
  const rows = [
    ['Type', typeLabel(doc.type)],
    ['Organisation', doc.organisation],
    ['Organisationstype', doc.organisationType ? organisationTypeLabel(doc.organisationType) : undefined],
    ['Region', doc.region ? regionLabel(doc.region) : undefined],
    ['År', yearsLabel(doc) || undefined],
    ['Politikområde', doc.policyArea],
    ['Status', doc.status],
    ['Metoder', doc.methods?.length ? doc.methods.join(', ') : undefined],
    ['Emneord', doc.tags?.length ? doc.tags.join(', ') : undefined],
    ['Målgruppe', audienceLabel(doc.audience)],
    ['Kontakt', contact],
    ['E-mail', doc.contact?.email ? mailLink(doc.contact.email) ?? doc.contact.email : undefined],
    ['Kilde', doc.sourceUrl ? externalLink(doc.sourceUrl, doc.sourceUrl) : undefined],
    ['Fil', `${doc.sourcePath} (${formatLabel(doc.sourceFormat)})`],
    ['Id', doc.id],
    ['Opdateret', formatDateTime(doc.updatedAt)],
  ].filter(([, value]) => value !== undefined && value !== '');
  return el('dl', { class: 'facts' }, ...rows.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', {}, value)]));
}

function chunkList(doc) {
  return el(
    'ol',
    { class: 'chunks' },
    ...doc.chunks.map((chunk) =>
      el(
        'li',
        { class: 'chunk' },
        el('p', { class: 'chunk__head' }, el('span', { text: `Tekststykke ${chunk.ordinal + 1}` }), chunk.headingPath.length ? el('span', { text: chunk.headingPath.join(' › ') }) : null, el('span', { text: `${chunk.tokenCount} tokens` })),
        el('p', { class: 'chunk__text pre', text: chunk.content }),
      ),
    ),
  );
}

function citingList(questions) {
  if (questions.length === 0) return el('p', { class: 'muted', text: 'Ingen svar har citeret dokumentet de seneste 90 dage.' });
  return el(
    'ul',
    { class: 'citing' },
    ...questions.map((row) =>
      el('li', { class: 'citing__item' }, el('p', { class: 'citing__question', text: row.question }), el('p', { class: 'citing__meta', text: `${channelLabel(row.channel)} · ${formatDateTime(row.askedAt)}` })),
    ),
  );
}

/**
 * @param {{ container: HTMLElement, onUnpublished: (id: string) => void, toast: (text: string, isError?: boolean) => void }} options
 */
export function createDocumentDetail({ container, onUnpublished, toast }) {
  let currentId = '';
  const empty = container.innerHTML;

  function unpublishPanel(doc) {
    const panel = el('section', { class: 'panel unpublish', 'aria-labelledby': 'unpublish-heading' });
    const start = el('button', { type: 'button', class: 'button button--secondary', text: 'Afpublicér…' });
    const reason = el('textarea', { id: 'unpublish-reason', name: 'reason', rows: '2', maxlength: '1000' });
    const confirm = el('button', { type: 'submit', class: 'button button--danger', text: 'Bekræft afpublicering' });
    const cancel = el('button', { type: 'button', class: 'button button--secondary', text: 'Annullér' });
    const form = el(
      'form',
      { class: 'stack-form', hidden: true },
      el('p', { class: 'alert', id: 'unpublish-warning', text: `"${doc.title}" tages ud af søgningen med det samme. Filen flyttes til side og kan lægges ind igen senere.` }),
      el('label', { for: 'unpublish-reason', text: 'Begrundelse (valgfri, gemmes i loggen)' }),
      reason,
      el('div', { class: 'row' }, confirm, cancel),
    );
    start.addEventListener('click', () => {
      form.hidden = false;
      start.hidden = true;
      reason.focus();
    });
    cancel.addEventListener('click', () => {
      form.hidden = true;
      start.hidden = false;
      start.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      confirm.disabled = true;
      try {
        const text = reason.value.trim();
        await postJson(documentPath(doc.id, 'unpublish'), text ? { reason: text } : {});
        toast(`"${doc.title}" er afpubliceret.`);
        currentId = '';
        container.innerHTML = empty;
        onUnpublished(doc.id);
      } catch (error) {
        toast(error.message, true);
        confirm.disabled = false;
      }
    });
    panel.append(el('h3', { id: 'unpublish-heading', class: 'panel__title', text: 'Tag ud af biblioteket' }), start, form);
    return panel;
  }

  function render({ document: doc, citingQuestions }) {
    const heading = el('h2', { id: 'detail-heading', class: 'detail__question', tabindex: '-1', text: doc.title });
    container.replaceChildren(
      el(
        'div',
        { class: 'detail__inner' },
        el('header', { class: 'detail__header' }, el('p', { class: 'detail__kicker', text: typeLabel(doc.type) }), heading, doc.summary ? el('p', { text: doc.summary }) : null),
        el('section', { class: 'panel', 'aria-labelledby': 'facts-heading' }, el('h3', { id: 'facts-heading', class: 'panel__title', text: 'Oplysninger' }), facts(doc)),
        el('section', { class: 'panel', 'aria-labelledby': 'citing-heading' }, el('h3', { id: 'citing-heading', class: 'panel__title', text: 'Spørgsmål, der har citeret dokumentet' }), citingList(citingQuestions)),
        el('section', { class: 'panel', 'aria-labelledby': 'chunks-heading' }, el('h3', { id: 'chunks-heading', class: 'panel__title', text: `Tekststykker (${doc.chunks.length})` }), chunkList(doc)),
        unpublishPanel(doc),
      ),
    );
    return heading;
  }

  return {
    currentId: () => currentId,
    /** Loads and shows a document; `focus` moves focus to its title (after a click, not on first load). */
    async show(id, focus) {
      currentId = id;
      container.setAttribute('aria-busy', 'true');
      try {
        const data = await getJson(documentPath(id));
        if (currentId !== id) return;
        const heading = render(data);
        if (focus) heading.focus();
      } catch (error) {
        container.replaceChildren(el('div', { class: 'detail__empty' }, el('h2', { id: 'detail-heading', text: 'Dokumentet kunne ikke vises' }), el('p', { text: error.message })));
      } finally {
        container.removeAttribute('aria-busy');
      }
    },
    clear() {
      currentId = '';
      container.innerHTML = empty;
    },
  };
}
