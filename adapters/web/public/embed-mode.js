/**
 * The chat page inside the widget's iframe (`/?embed=1`, see widget.js): a compact header, the question box
 * focused when the frame gets focus, and Escape asks the embedding page to close the panel (a key pressed in the
 * frame never reaches the page around it). The message carries no data; widget.js accepts it only from this
 * frame's window and origin.
 */
export const CLOSE_MESSAGE = 'kraftcenter-chat:close';

/** Turns embed mode on when the page was opened by the widget inside a frame. */
export function applyEmbedMode(params, input) {
  if (params.get('embed') !== '1' || window.parent === window) return;
  document.documentElement.classList.add('is-embedded');
  // When the widget gives the frame the focus, it goes to the question box unless the user was somewhere else.
  const focusInput = () => {
    if (document.activeElement === document.body || document.activeElement === null) input.focus({ preventScroll: true });
  };
  window.addEventListener('focus', focusInput);
  focusInput();
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    window.parent.postMessage({ type: CLOSE_MESSAGE }, '*');
  });
}
