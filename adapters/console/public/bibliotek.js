/**
 * The Bibliotek page: who is signed in (and the CSRF token), the search form filled from the address (it is a plain
 * GET form, so every search has its own link), the result list, the detail pane by `#/<id>`, and the upload.
 */
import { ApiError, getJson, setCsrfToken } from './console-api.js';
import { setUploadCsrfToken } from './bibliotek-api.js';
import { createDocumentDetail } from './bibliotek-detail.js';
import { createResultList, currentQuery } from './bibliotek-list.js';
import { createUpload } from './bibliotek-upload.js';

const byId = (id) => document.getElementById(id);
const toastElement = byId('toast');
let toastTimer;

function toast(text, isError = false) {
  toastElement.textContent = text;
  toastElement.classList.toggle('toast--error', isError);
  toastElement.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toastElement.hidden = true), isError ? 8000 : 4000);
}

/** Puts the address's query into the search form. */
function fillForm(query) {
  byId('search-q').value = query.get('q') ?? '';
  byId('filter-type').value = query.get('type') ?? '';
  byId('filter-region').value = query.get('region') ?? '';
  byId('filter-organisation-type').value = query.get('organisationType') ?? '';
  byId('filter-year-from').value = query.get('yearFrom') ?? '';
  byId('filter-year-to').value = query.get('yearTo') ?? '';
  byId('filter-audience').value = query.get('audience') ?? '';
}

// Empty fields stay out of the address (`?q=skole`, not `?q=skole&type=&region=…`).
byId('library-search').addEventListener('formdata', (event) => {
  for (const [key, value] of [...event.formData.entries()]) if (value === '') event.formData.delete(key);
});

const list = createResultList({ list: byId('results-list'), status: byId('results-status'), pager: byId('pager') });
const detail = createDocumentDetail({
  container: byId('detail'),
  toast,
  onUnpublished: () => {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
    void list.refresh();
  },
});
createUpload({ form: byId('upload-form'), report: byId('upload-report'), onUploaded: () => void list.refresh() });

function route(focus) {
  const match = /^#\/(.+)$/.exec(window.location.hash);
  const id = match ? decodeURIComponent(match[1]) : '';
  list.select(id);
  if (!id) return detail.clear();
  if (id !== detail.currentId()) void detail.show(id, focus);
}

async function start() {
  const who = await getJson('/api/advisers/me');
  setCsrfToken(who.csrfToken);
  setUploadCsrfToken(who.csrfToken);
  byId('sign-out-csrf').value = who.csrfToken ?? '';
  byId('me').textContent = who.adviser.name;
  fillForm(currentQuery());
  await list.refresh();
  route(false);
  window.addEventListener('hashchange', () => route(true));
}

start().catch((error) => {
  if (!(error instanceof ApiError && error.status === 401)) toast('Bibliotekssiden kunne ikke starte. Genindlæs siden.', true);
});
