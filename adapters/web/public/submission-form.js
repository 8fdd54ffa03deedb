/**
 * "Del jeres erfaring": a modal dialog with the case-submission form. Its fields come from the API
 * (GET /api/submission-form); it is sent as multipart/form-data (POST /api/case-submissions) with the tab's
 * conversation id, so the adviser's question and the publish notice arrive in this conversation. Field errors
 * appear beside each field and in a summary above the form, and the focus moves to the first wrong field; on
 * success the dialog shows the reference number, and `onSent` lets the page follow the conversation for the answer
 * (case-follow.js).
 */
import { serverTime } from './case-follow.js';
import { el } from './dom.js';
import { clearFieldErrors, fieldControl, renderAttachmentField, renderField, showFieldErrors } from './submission-fields.js';

const WORDS = {
  da: {
    title: 'Del jeres erfaring',
    intro: 'Har I prøvet noget, andre kan lære af? Fortæl Kraftcenteret om det. En rådgiver læser det, før det kommer i biblioteket. Skriv ikke personoplysninger om borgere.',
    requiredNote: 'Felter med * skal udfyldes.',
    send: 'Send erfaring',
    sending: 'Sender …',
    cancel: 'Annuller',
    close: 'Luk',
    summary: 'Ret disse felter:',
    thanksTitle: 'Tak for jeres erfaring',
    loadFailed: 'Formularen kunne ikke hentes. Prøv igen om lidt.',
    sendFailed: 'Vi kunne ikke sende formularen. Tjek forbindelsen, og prøv igen – det, I har skrevet, står der stadig.',
    busy: 'Der er sendt mange formularer herfra lige nu. Vent lidt, og prøv igen.',
    tooLarge: 'Filen er for stor. Den må højst fylde 10 MB.',
  },
  en: {
    title: 'Share your experience',
    intro: 'Have you tried something others can learn from? Tell the Kraftcenter about it. An adviser reads it before it goes into the library. Do not write personal data about citizens.',
    requiredNote: 'Fields marked * are required.',
    send: 'Send experience',
    sending: 'Sending …',
    cancel: 'Cancel',
    close: 'Close',
    summary: 'Please correct these fields:',
    thanksTitle: 'Thank you for your experience',
    loadFailed: 'The form could not be loaded. Please try again shortly.',
    sendFailed: 'We could not send the form. Check your connection and try again – what you wrote is still there.',
    busy: 'Many forms have been sent from here just now. Wait a little and try again.',
    tooLarge: 'The file is too large. It may be at most 10 MB.',
  },
};

/** The page's language: English when page-language.js switched the page to English. */
const pageLanguage = () => (document.documentElement.lang === 'en' ? 'en' : 'da');

/**
 * @param {{ conversation: { get(): string }, onError: (text: string) => void,
 *   onSent?: (sent: { conversationId: string, reference: string, since: string }) => void }} deps
 * @returns {{ open(opener?: HTMLElement): Promise<void> }}
 */
export function createSubmissionForm({ conversation, onError, onSent }) {
  let dialog;
  let opener;

  function close() {
    dialog?.close();
  }

  async function build(language) {
    const words = WORDS[language];
    const response = await fetch(`/api/submission-form?lang=${language}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`form ${response.status}`);
    const spec = await response.json();
    const summary = el('div', { class: 'form-summary', id: 'case-summary', tabindex: '-1', hidden: true });
    const status = el('p', { class: 'form-status', role: 'status' });
    const sendButton = el('button', { type: 'submit', class: 'button button--primary', text: words.send });
    const form = el(
      'form',
      { class: 'case-form', novalidate: true, 'aria-labelledby': 'case-dialog-title' },
      el('p', { class: 'case-form__note', text: words.requiredNote }),
      summary,
      spec.fields.map((field) => renderField(field, language)),
      renderAttachmentField(spec.attachment),
      el('input', { type: 'hidden', name: 'lang', value: language }),
      status,
      el(
        'div',
        { class: 'case-form__buttons' },
        sendButton,
        el('button', { type: 'button', class: 'button button--secondary', text: words.cancel, onclick: close }),
      ),
    );
    const body = el('div', { class: 'case-dialog__body' }, el('p', { class: 'case-dialog__intro', text: words.intro }), form);
    const node = el(
      'dialog',
      { class: 'case-dialog', 'aria-labelledby': 'case-dialog-title', lang: language },
      el(
        'div',
        { class: 'case-dialog__head' },
        el('h2', { id: 'case-dialog-title', class: 'case-dialog__title', text: words.title }),
        el('button', { type: 'button', class: 'case-dialog__close', 'aria-label': words.close, title: words.close, text: '×', onclick: close }),
      ),
      body,
    );
    // Escape closes the dialog only, not the widget's panel around the frame (embed-mode.js skips a handled key).
    node.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      close();
    });
    node.addEventListener('close', () => {
      if (opener?.isConnected) opener.focus();
    });

    const showErrors = (issues) => {
      const shown = showFieldErrors(form, issues);
      const unplaced = issues.filter((issue) => !shown.some((item) => item.field === issue.field));
      summary.replaceChildren(
        el('h3', { class: 'form-summary__title', text: words.summary }),
        el(
          'ul',
          {},
          shown.map((item) =>
            el('li', {}, el('a', { href: `#${fieldControl(form, item.field)?.id ?? ''}`, text: `${item.label}: ${item.message}`, onclick: (event) => {
              event.preventDefault();
              fieldControl(form, item.field)?.focus();
            } })),
          ),
          unplaced.map((issue) => el('li', { text: issue.message })),
        ),
      );
      summary.hidden = false;
      const first = shown[0] ? fieldControl(form, shown[0].field) : null;
      (first ?? summary).focus();
    };

    const showProblem = (text) => {
      summary.replaceChildren(el('p', { text }));
      summary.hidden = false;
      summary.focus();
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sendButton.disabled) return;
      clearFieldErrors(form);
      summary.hidden = true;
      const file = form.elements.namedItem(spec.attachment.name)?.files?.[0];
      if (file && file.size > spec.attachment.maxBytes) return showErrors([{ field: spec.attachment.name, message: words.tooLarge }]);
      const data = new FormData(form);
      const conversationId = conversation.get();
      data.set('conversationId', conversationId);
      sendButton.disabled = true;
      status.textContent = words.sending;
      let response;
      let answer = null;
      try {
        response = await fetch('/api/case-submissions', {
          method: 'POST',
          body: data,
          credentials: 'same-origin',
          headers: { Accept: 'application/json', 'X-Kraftcenter-Form': '1' },
        });
        answer = await response.json().catch(() => null);
      } catch {
        response = undefined;
      } finally {
        sendButton.disabled = false;
        status.textContent = '';
      }
      if (response?.status === 201 && answer?.reference) {
        onSent?.({ conversationId, reference: answer.reference, since: serverTime(response) });
        return showThanks(body, words, answer.message);
      }
      const issues = answer?.error?.issues;
      if (Array.isArray(issues) && issues.length > 0) return showErrors(issues);
      if (response?.status === 429) return showProblem(words.busy);
      showProblem(answer?.error?.message || words.sendFailed);
    });

    document.body.append(node);
    return node;
  }

  function showThanks(body, words, message) {
    const heading = el('h3', { class: 'case-thanks__title', tabindex: '-1', text: words.thanksTitle });
    body.replaceChildren(
      el(
        'div',
        { class: 'case-thanks', role: 'status' },
        heading,
        el('p', { class: 'case-thanks__message', text: message }),
        el('button', { type: 'button', class: 'button button--primary', text: words.close, onclick: close }),
      ),
    );
    heading.focus();
    // The next open starts with an empty form.
    dialog.addEventListener('close', () => {
      dialog.remove();
      dialog = undefined;
    }, { once: true });
  }

  return {
    async open(from) {
      opener = from ?? document.activeElement;
      const language = pageLanguage();
      if (!dialog || dialog.getAttribute('lang') !== language) {
        dialog?.remove();
        try {
          dialog = await build(language);
        } catch {
          dialog = undefined;
          onError(WORDS[language].loadFailed);
          return;
        }
      }
      if (dialog.open) return;
      dialog.showModal();
      fieldControl(dialog.querySelector('form'), 'title')?.focus();
    },
  };
}
