/**
 * The embeddable chat: one tag on any page adds a launcher button that opens Kraftcenterets assistent in a panel.
 *
 *   <script src="https://chat.kraftcenter.dk/widget.js" data-lang="da" data-position="right"
 *           data-title="Spørg Kraftcenteret" defer></script>
 *
 * data-lang: da (default) or en; data-position: right (default) or left; data-title: the launcher's and panel's
 * label. Who the user is (the audience) is decided by the chat server, never by the embedding page.
 *
 * The chat runs in an iframe of the chat page itself (`/?embed=1`), not in the embedding page: it keeps its own
 * origin, CSP, cookie and conversation, the host page's scripts and styles cannot reach it, and the server decides
 * who may frame it (WEB_EMBED_ORIGINS → CSP frame-ancestors). The launcher and panel live in a shadow root, styled
 * by a constructed stylesheet, so the host page's CSS does not change them and no inline style is needed.
 * Keyboard: the launcher is a button (aria-expanded); Escape, in the panel or in the chat, closes it and puts the
 * focus back on the launcher. On a narrow screen the panel fills the screen.
 */
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || document.querySelector('[data-kraftcenter-chat]')) return;
  const origin = new URL(script.src, document.baseURI).origin;
  const CLOSE_MESSAGE = 'kraftcenter-chat:close';
  const TEXT = {
    da: { title: 'Spørg Kraftcenterets assistent', close: 'Luk chatten' },
    en: { title: 'Ask the Kraftcenter assistant', close: 'Close the chat' },
  };
  const lang = script.dataset.lang === 'en' ? 'en' : 'da';
  const side = script.dataset.position === 'left' ? 'left' : 'right';
  const title = (script.dataset.title ?? '').trim().slice(0, 80) || TEXT[lang].title;

  const CSS = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .launcher, .panel { position: fixed; z-index: 2147483000; ${side}: 1rem; }
    .launcher {
      bottom: 1rem; display: inline-flex; align-items: center; gap: .5rem; min-height: 48px; max-width: calc(100vw - 2rem);
      padding: .65rem 1.1rem; border: 2px solid #fff; border-radius: 999px; background: #0b5563; color: #fff; cursor: pointer;
      font: 600 1rem/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; box-shadow: 0 4px 14px rgb(16 24 40 / 25%);
    }
    .launcher:hover { background: #083f4a; }
    .launcher svg { flex: none; }
    .launcher span { overflow-wrap: anywhere; text-align: left; }
    :focus-visible { outline: 3px solid #1a4fd6; outline-offset: 2px; }
    .launcher:focus-visible { box-shadow: 0 0 0 6px #ffd54a; }
    .panel {
      bottom: 5rem; width: min(400px, calc(100vw - 2rem)); height: min(640px, calc(100vh - 6.5rem));
      display: flex; flex-direction: column; overflow: hidden; background: #fff; border: 1px solid #aab5c0;
      border-radius: 14px; box-shadow: 0 12px 32px rgb(16 24 40 / 30%);
    }
    .panel[hidden] { display: none; }
    .bar {
      flex: none; display: flex; align-items: center; justify-content: space-between; gap: .5rem; padding: .35rem .35rem .35rem .9rem;
      background: #0b5563; color: #fff; font: 600 .95rem/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;
    }
    .bar :focus-visible { outline-color: #ffd54a; }
    .close {
      flex: none; display: grid; place-items: center; width: 44px; height: 44px; border: 0; border-radius: 8px; cursor: pointer;
      background: transparent; color: #fff; font: 400 1.6rem/1 system-ui, sans-serif;
    }
    .close:hover { background: rgb(255 255 255 / 15%); }
    iframe { flex: 1; width: 100%; border: 0; background: #f3f5f7; }
    @media (max-width: 480px), (max-height: 480px) {
      .panel { inset: 0; width: 100%; height: 100%; border: 0; border-radius: 0; }
    }
    @media (forced-colors: active) { .launcher, .panel { border: 2px solid CanvasText; } }
  `;

  const svgNs = 'http://www.w3.org/2000/svg';
  function chatIcon() {
    const svg = document.createElementNS(svgNs, 'svg');
    for (const [key, value] of Object.entries({ viewBox: '0 0 24 24', width: '22', height: '22', fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false' })) {
      svg.setAttribute(key, value);
    }
    const path = document.createElementNS(svgNs, 'path');
    path.setAttribute('d', 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z');
    svg.append(path);
    return svg;
  }

  const host = document.createElement('div');
  host.setAttribute('data-kraftcenter-chat', '');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'kraftcenter-chat-panel');
  const label = document.createElement('span');
  label.textContent = title;
  launcher.append(chatIcon(), label);

  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.id = 'kraftcenter-chat-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  panel.lang = lang;
  const bar = document.createElement('div');
  bar.className = 'bar';
  const heading = document.createElement('span');
  heading.textContent = title;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', TEXT[lang].close);
  close.textContent = '×';
  bar.append(heading, close);
  panel.append(bar);
  root.append(panel, launcher);

  let frame = null;

  /** Gives the chat the keyboard focus: the frame, where the chat page has focused its question box. */
  function focusChat() {
    frame.focus();
  }

  function open() {
    if (!frame) {
      // Made on first open: a page that is only visited starts no chat session.
      frame = document.createElement('iframe');
      frame.title = title;
      frame.src = `${origin}/?embed=1&lang=${lang}`;
      frame.addEventListener('load', () => !panel.hidden && focusChat());
      panel.append(frame);
    }
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    focusChat();
  }

  function shut() {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', () => (panel.hidden ? open() : shut()));
  close.addEventListener('click', shut);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') shut();
  });
  window.addEventListener('message', (event) => {
    if (frame && event.source === frame.contentWindow && event.origin === origin && event.data?.type === CLOSE_MESSAGE) shut();
  });

  // A tag in <head> without `defer` runs before <body> exists.
  if (document.body) document.body.append(host);
  else document.addEventListener('DOMContentLoaded', () => document.body.append(host), { once: true });
})();
