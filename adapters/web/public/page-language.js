/**
 * The page's own words in English, for the widget's `data-lang="en"` (the chat page is opened as `/?lang=en`).
 * Danish is in index.html; this swaps the fixed texts of the page (header, welcome, examples, composer). Answers
 * follow the language the user writes in (the engine decides); messages made in the browser stay Danish, except
 * the case form's (submission-form.js) and the label beside an adviser's message (chat-log.js), which read the page's
 * `lang`.
 */
const ENGLISH = {
  lang: 'en',
  title: 'Ask the Kraftcenter assistant',
  texts: {
    '.skip-link': 'Go to the question box',
    '.brand__title': 'Ask the Kraftcenter assistant',
    '.brand__lead': 'Answers from the Kraftcenter library of cases and methods – always with sources.',
    '#new-conversation': 'New conversation',
    '#share-case': 'Share your experience',
    '#log-heading': 'Conversation',
    '.welcome .message__author': 'Kraftcenter assistant',
    '#composer-hint': 'Enter sends, Shift+Enter adds a new line. Do not write personal data about citizens.',
    'label[for="message-input"]': 'Your question',
    '#send-button': 'Send',
    '#handoff-cancel': 'Cancel',
  },
  attributes: {
    '#new-conversation': { 'aria-label': 'Start a new conversation' },
    '.welcome .follow-ups': { 'aria-label': 'Example questions' },
    '#composer': { 'aria-label': 'Ask a question' },
    '#message-input': { placeholder: 'Write your question…' },
    '#send-button': { 'aria-label': 'Send question' },
    '#handoff-cancel': { 'aria-label': 'Cancel the request for an adviser' },
  },
  welcome: [
    'Hi! I help you find methods and municipalities, regions and agencies that have tried something similar. I answer from the Kraftcenter library only and always show where the answer comes from.',
    'You can always ask to talk to one of the Kraftcenter advisers.',
  ],
  examples: [
    'Who has worked with welfare technology in elderly care?',
    'Which methods can we use to involve citizens?',
    'How do we get started with an innovation fund?',
  ],
  typing: 'The assistant is writing…',
};

/** Switches the page's fixed texts to `lang` ('en'; anything else keeps the Danish page). */
export function applyPageLanguage(lang) {
  if (lang !== 'en') return;
  const words = ENGLISH;
  document.documentElement.lang = words.lang;
  document.title = words.title;
  for (const [selector, text] of Object.entries(words.texts)) {
    const node = document.querySelector(selector);
    if (node) node.textContent = text;
  }
  for (const [selector, attributes] of Object.entries(words.attributes)) {
    const node = document.querySelector(selector);
    for (const [name, value] of Object.entries(attributes)) node?.setAttribute(name, value);
  }
  document.querySelectorAll('.welcome .answer p').forEach((paragraph, i) => {
    if (words.welcome[i]) paragraph.textContent = words.welcome[i];
  });
  document.querySelectorAll('.welcome button[data-question]').forEach((button, i) => {
    if (!words.examples[i]) return;
    button.dataset.question = words.examples[i];
    button.textContent = words.examples[i];
  });
  const typing = document.getElementById('typing');
  if (typing?.lastChild) typing.lastChild.textContent = ` ${words.typing} `;
}
