/**
 * The Forslag page: who is signed in (and the CSRF token), the editor's fields, the queue, the detail pane and
 * `#/<id>` routing.
 */
import { ApiError, getJson, setCsrfToken } from './console-api.js';
import { createProposalDetail } from './forslag-detail.js';
import { createProposalQueue } from './forslag-queue.js';

const byId = (id) => document.getElementById(id);
const toastElement = byId('toast');
let fields = [];
let toastTimer;

function toast(text, isError = false) {
  toastElement.textContent = text;
  toastElement.classList.toggle('toast--error', isError);
  toastElement.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toastElement.hidden = true), isError ? 8000 : 4000);
}

const queue = createProposalQueue({ list: byId('proposal-list'), status: byId('queue-status'), tabs: byId('tabs'), source: byId('filter-source') });
const detail = createProposalDetail({ container: byId('detail'), fields: () => fields, onChanged: () => void queue.refresh(), toast });

function route(focus) {
  const match = /^#\/(.+)$/.exec(window.location.hash);
  const id = match ? decodeURIComponent(match[1]) : '';
  queue.select(id);
  if (id && id !== detail.currentId()) detail.show(id, focus).catch((error) => toast(error.message, true));
}

async function start() {
  const who = await getJson('/api/advisers/me');
  setCsrfToken(who.csrfToken);
  byId('sign-out-csrf').value = who.csrfToken ?? '';
  byId('me').textContent = who.adviser.name;
  fields = (await getJson('/api/submissions/fields')).fields ?? [];
  await queue.refresh();
  route(false);
  window.addEventListener('hashchange', () => route(true));
}

start().catch((error) => {
  if (!(error instanceof ApiError && error.status === 401)) toast('Forslagssiden kunne ikke starte. Genindlæs siden.', true);
});
