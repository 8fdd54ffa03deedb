/**
 * The advisers' console: who is signed in (and the CSRF token), the queue, the detail pane, `#/<id>` routing and
 * live updates over server-sent events (`/api/escalations/stream`) – new escalations and new messages appear
 * without reloading.
 */
import { ApiError, getJson, setCsrfToken } from './console-api.js';
import { createDetailView } from './detail-view.js';
import { createQueueView } from './queue-view.js';

const byId = (id) => document.getElementById(id);
const announcer = byId('announcer');
const toastElement = byId('toast');
const live = byId('live');
let me = { id: '', name: '' };
let colleagues = [];
let toastTimer;

function announce(text) {
  announcer.textContent = '';
  window.setTimeout(() => (announcer.textContent = text), 50);
}

function toast(text, isError = false) {
  toastElement.textContent = text;
  toastElement.classList.toggle('toast--error', isError);
  toastElement.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toastElement.hidden = true), isError ? 8000 : 4000);
}

const queue = createQueueView({
  list: byId('queue-list'),
  status: byId('queue-status'),
  views: byId('views'),
  channel: byId('filter-channel'),
  age: byId('filter-age'),
  announce,
  me: () => me,
});
const detail = createDetailView({
  container: byId('detail'),
  me: () => me,
  colleagues: () => colleagues,
  onChanged: () => void queue.refresh(),
  toast,
});

function route(focus) {
  const match = /^#\/(.+)$/.exec(window.location.hash);
  const id = match ? decodeURIComponent(match[1]) : '';
  queue.select(id);
  if (id && id !== detail.currentId()) void detail.show(id, focus);
}

function connect() {
  const source = new EventSource('/api/escalations/stream');
  let timer;
  const changed = new Set();
  source.addEventListener('open', () => {
    live.dataset.state = 'on';
    live.textContent = 'Live';
    void queue.refresh();
    void detail.refresh();
  });
  source.addEventListener('escalation', (event) => {
    changed.add(JSON.parse(event.data).id);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      void queue.refresh();
      if (changed.has(detail.currentId())) void detail.refresh();
      changed.clear();
    }, 200);
  });
  source.addEventListener('error', () => {
    live.dataset.state = 'off';
    live.textContent = 'Forbinder igen…';
    if (source.readyState === EventSource.CLOSED) {
      // Refused (signed out, expired, disabled): check the session, which sends us to the sign-in page if needed.
      void getJson('/api/advisers/me').then(() => window.setTimeout(connect, 5000), () => undefined);
    }
  });
}

async function start() {
  const who = await getJson('/api/advisers/me');
  me = who.adviser;
  setCsrfToken(who.csrfToken);
  byId('sign-out-csrf').value = who.csrfToken ?? '';
  byId('me').textContent = me.name;
  colleagues = (await getJson('/api/advisers')).advisers ?? [];
  await queue.refresh();
  route(false);
  window.addEventListener('hashchange', () => route(true));
  connect();
}

start().catch((error) => {
  if (!(error instanceof ApiError && error.status === 401)) toast('Konsollen kunne ikke starte. Genindlæs siden.', true);
});
