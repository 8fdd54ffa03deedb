/**
 * What the chat does: send a question (the answer shown as it is written where the browser can read a stream, else
 * whole from JSON), record 👍/👎, ask for an adviser (and follow the hand-off). Keeps the typed text when sending
 * fails.
 */
import { canStream, postJson, postStream, politeMessage } from './api-client.js';
import { el } from './dom.js';
import { escalateButton } from './render-actions.js';

/**
 * @param {{ log: ReturnType<typeof import('./chat-log.js').createChatLog>, input: HTMLTextAreaElement,
 *   sendButton: HTMLButtonElement, conversation: ReturnType<typeof import('./conversation-id.js').createConversation>,
 *   handoff: ReturnType<typeof import('./escalation-banner.js').createEscalationBanner>, onInputChange?: () => void,
 *   onShareCase?: (button: HTMLButtonElement) => void }} deps
 */
export function createChatController({ log, input, sendButton, conversation, handoff, onInputChange = () => {}, onShareCase = () => {} }) {
  let pending = false;
  let generation = 0;

  const setBusy = (busy) => {
    pending = busy;
    sendButton.disabled = busy;
    log.setTyping(busy);
  };

  /**
   * Shows a reply unless the hand-off stream showed it already (in place of the draft that streamed it, if any),
   * then passes on its escalation state.
   */
  const showReply = (reply, draft) => {
    if (handoff.has(reply.replyId)) draft?.remove();
    else if (draft) draft.finish(reply, handlers);
    else log.appendBot(reply, handlers);
    handoff.markShown(reply.replyId);
    handoff.update(reply.escalation);
  };

  /**
   * Asks the question. Streaming, the typing indicator shows the status line ("Søger i biblioteket …") until the
   * text begins; then a draft shows the text as it arrives, and the caller replaces it with the final reply (it is
   * removed on failure).
   */
  async function ask(body, mine) {
    if (!canStream) return { reply: await postJson('/api/chat', body) };
    let draft;
    try {
      const reply = await postStream('/api/chat', body, {
        onStatus: (text) => {
          if (mine === generation && !draft) log.setTyping(true, text);
        },
        onText: (delta) => {
          if (mine !== generation) return;
          if (!draft) {
            log.setTyping(false);
            draft = log.startDraft();
          }
          draft.append(delta);
        },
      });
      return { reply, draft };
    } catch (error) {
      draft?.remove();
      throw error;
    }
  }

  const restoreText = (text) => {
    const current = input.value.trim();
    input.value = current ? `${text}\n${current}` : text;
    onInputChange();
    input.focus();
  };

  /** Sends a question; `fromInput` says it was typed (and so goes back into the textbox if sending fails). */
  async function send(text, fromInput) {
    const question = text.trim();
    if (!question || pending) return;
    const mine = generation;
    setBusy(true);
    const userNode = log.appendUser(question);
    if (fromInput) {
      input.value = '';
      onInputChange();
    }
    try {
      const { reply, draft } = await ask({ conversationId: conversation.get(), text: question }, mine);
      if (mine === generation) showReply(reply, draft);
    } catch (error) {
      if (mine !== generation) return;
      log.markUnsent(userNode);
      log.appendError(politeMessage(error, 'chat'));
      if (fromInput) restoreText(question);
    } finally {
      if (mine === generation) setBusy(false);
    }
  }

  async function onFeedback(reply, value, { buttons, pressed, status, group }) {
    if (group.dataset.state) return;
    group.dataset.state = 'sending';
    const hadFocus = buttons.includes(document.activeElement);
    buttons.forEach((button) => (button.disabled = true));
    try {
      const result = await postJson('/api/feedback', { replyId: reply.replyId, value });
      group.dataset.state = 'done';
      pressed.setAttribute('aria-pressed', 'true');
      status.textContent = 'Tak for din feedback';
      if (hadFocus) {
        status.tabIndex = -1;
        status.focus();
      }
      if (result.offerAdviser) {
        const offer = String(result.message ?? '').replace(/^\s*tak for (din )?feedback[.!]?\s*/i, '');
        const actions = group.closest('.actions');
        actions?.querySelector('.actions__bar [data-action="escalate"]')?.remove();
        actions?.append(
          el('div', { class: 'adviser-offer' }, el('p', { text: offer || 'Vil du tale med en rådgiver?' }), escalateButton(reply, 'Tal med en rådgiver', handlers)),
        );
      }
    } catch (error) {
      delete group.dataset.state;
      buttons.forEach((button) => (button.disabled = false));
      status.textContent = politeMessage(error, 'feedback');
    }
  }

  async function onEscalate(reply, button) {
    if (button.disabled || pending) return;
    const mine = generation;
    button.disabled = true;
    setBusy(true);
    try {
      const answer = await postJson('/api/adviser', { conversationId: conversation.get(), language: reply.language });
      if (mine !== generation) return;
      for (const other of document.querySelectorAll('#log [data-action="escalate"]')) other.disabled = true;
      showReply(answer);
    } catch (error) {
      if (mine !== generation) return;
      button.disabled = false;
      log.appendError(politeMessage(error, 'adviser'));
    } finally {
      if (mine === generation) setBusy(false);
    }
  }

  const handlers = { onFeedback, onEscalate, onFollowUp: (text) => send(text, false), onShareCase };

  return {
    send,
    /** Starts a new conversation: new id, empty log; answers still on their way are dropped. */
    reset() {
      generation += 1;
      handoff.reset();
      conversation.reset();
      log.reset();
      setBusy(false);
      input.value = '';
      onInputChange();
      input.focus();
    },
  };
}
