/**
 * The Bibliotek page's result list: the documents the address's filters choose (GET /api/library/documents with
 * the same query), each a link to its detail (`#/<id>`), with the count and the pages.
 */
import { getJson } from './console-api.js';
import { el } from './lib/dom.js';
import { documentsLabel, factsOf } from './bibliotek-format.js';

/** The query keys the API understands. */
export const QUERY_KEYS = ['q', 'type', 'region', 'organisationType', 'yearFrom', 'yearTo', 'audience', 'page'];

/** The API's query from the address (empty values and unknown keys dropped). */
export function currentQuery(search = window.location.search) {
  const params = new URLSearchParams(search);
  const query = new URLSearchParams();
  for (const key of QUERY_KEYS) {
    const value = params.get(key)?.trim();
    if (value) query.set(key, value);
  }
  return query;
}

/**
 * @param {{ list: HTMLElement, status: HTMLElement, pager: HTMLElement }} parts
 */
export function createResultList({ list, status, pager }) {
  let selected = '';

  function pageLink(query, page, text, rel) {
    const next = new URLSearchParams(query);
    if (page > 1) next.set('page', String(page));
    else next.delete('page');
    return el('a', { class: 'button button--secondary', href: `?${next.toString()}${window.location.hash}`, rel, text });
  }

  function renderPager(query, result) {
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    pager.replaceChildren();
    pager.hidden = pages <= 1;
    if (pages <= 1) return;
    if (result.page > 1) pager.append(pageLink(query, result.page - 1, 'Forrige side', 'prev'));
    pager.append(el('span', { class: 'pager__where', text: `Side ${result.page} af ${pages}` }));
    if (result.page < pages) pager.append(pageLink(query, result.page + 1, 'Næste side', 'next'));
  }

  function render(query, result) {
    list.replaceChildren(
      ...result.documents.map((doc) =>
        el(
          'li',
          { class: 'library-item', 'data-id': doc.id },
          el(
            'a',
            { class: 'library-item__link', href: `#/${encodeURIComponent(doc.id)}`, 'aria-current': doc.id === selected ? 'true' : undefined },
            el('span', { class: 'library-item__title', text: doc.title }),
            el('span', { class: 'library-item__facts' }, ...factsOf(doc).map((fact) => el('span', { class: 'library-item__fact', text: fact }))),
          ),
        ),
      ),
    );
    const shown = result.documents.length;
    const from = (result.page - 1) * result.pageSize + 1;
    status.textContent =
      result.total === 0 ? 'Ingen dokumenter passer til søgningen.'
      : shown === result.total ? `${documentsLabel(result.total)}.`
      : `Viser ${from}–${from + shown - 1} af ${documentsLabel(result.total)}.`;
    renderPager(query, result);
  }

  return {
    /** Loads and shows the address's query. */
    async refresh() {
      const query = currentQuery();
      status.textContent = 'Henter dokumenter…';
      try {
        render(query, await getJson(`/api/library/documents?${query.toString()}`));
      } catch (error) {
        status.textContent = error.message;
        list.replaceChildren();
        pager.hidden = true;
      }
    },
    /** Marks the open document in the list. */
    select(id) {
      selected = id;
      for (const link of list.querySelectorAll('.library-item__link')) {
        if (link.parentElement?.dataset.id === id) link.setAttribute('aria-current', 'true');
        else link.removeAttribute('aria-current');
      }
    },
  };
}
