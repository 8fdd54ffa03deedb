/**
 * The chat page's entry point: wires the form, keyboard, citation links, "Ny samtale", the hand-off status bar and
 * "Del jeres erfaring" (the case form, and the answer to a shared case: case-follow.js) to the chat controller; `?lang=en` and `?embed=1` (from the widget) set the page's language and embed mode.
 */
import { createCaseFollow } from './case-follow.js';
import { createChatController } from './chat-controller.js';
import { createChatLog } from './chat-log.js';
import { createConversation } from './conversation-id.js';
import { applyEmbedMode } from './embed-mode.js';
import { createEscalationBanner } from './escalation-banner.js';
import { applyPageLanguage } from './page-language.js';
import { createSubmissionForm } from './submission-form.js';

const form = document.getElementById('composer');
const input = document.getElementById('message-input');
const sendButton = document.getElementById('send-button');
const logElement = document.getElementById('log');
const typing = document.getElementById('typing');
const params = new URLSearchParams(window.location.search);
applyPageLanguage(params.get('lang'));

/** Grows the textbox with its content, up to the height the stylesheet allows. */
function autosize() {
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight + 2}px`;
}

const conversation = createConversation();
conversation.get();
const log = createChatLog(logElement, typing, document.getElementById('announcer'));
const cancelButton = document.getElementById('handoff-cancel');
const handoff = createEscalationBanner({
  log,
  banner: document.getElementById('handoff'),
  status: document.getElementById('handoff-status'),
  cancelButton,
  conversation,
  input,
});
// A shared case's answer (a question, the reason it was turned down, "published") comes back in the log.
const caseFollow = createCaseFollow({ seen: handoff });
const caseForm = createSubmissionForm({ conversation, onError: (text) => log.appendError(text), onSent: (sent) => caseFollow.remember(sent) });
const chat = createChatController({
  log,
  input,
  sendButton,
  conversation,
  handoff,
  onInputChange: autosize,
  onShareCase: (button) => void caseForm.open(button),
});
document.getElementById('share-case').addEventListener('click', (event) => void caseForm.open(event.currentTarget));
// "Annuller" while waiting: the same as writing "annuller" (the engine withdraws the request).
cancelButton.addEventListener('click', () => void chat.send('annuller', false));

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void chat.send(input.value, true);
});

input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  form.requestSubmit();
});
input.addEventListener('input', autosize);

document.getElementById('new-conversation').addEventListener('click', () => chat.reset());

// Example questions in the welcome message.
logElement.addEventListener('click', (event) => {
  const example = event.target.closest('button[data-question]');
  if (example) void chat.send(example.dataset.question, false);
});

// Citation links: jump to the source, focus it and highlight it until focus moves on.
logElement.addEventListener('click', (event) => {
  const link = event.target.closest('a.cite, a.cite-link');
  const target = link && document.getElementById(link.getAttribute('href').slice(1));
  if (!target) return;
  event.preventDefault();
  for (const other of document.querySelectorAll('.source.is-highlighted')) other.classList.remove('is-highlighted');
  target.classList.add('is-highlighted');
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  target.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
  target.focus({ preventScroll: true });
  const unhighlight = (focusEvent) => {
    if (target.contains(focusEvent.relatedTarget)) return;
    target.classList.remove('is-highlighted');
    target.removeEventListener('focusout', unhighlight);
  };
  target.addEventListener('focusout', unhighlight);
});

document.documentElement.classList.add('js-ready');
autosize();
handoff.resume();
caseFollow.resume();
applyEmbedMode(params, input);
