/*
 * Signpost chat widget. Plain script, no build step, no third parties.
 *
 * Safety rules this file keeps (see shared/docs/PRODUCT.md, Safeguards):
 * - Quick exit (button, or Shift pressed 3 times within a second) blanks the page at once,
 *   forgets the conversation, asks the server to wipe it, and leaves with location.replace so
 *   Back does not return here.
 * - Nothing is stored: no cookies, localStorage, sessionStorage or IndexedDB. The sender id is
 *   random per page load and lives only in this closure.
 * - Every dynamic text goes in with textContent, never innerHTML: bot replies are data.
 */
(function () {
  'use strict';

  const EXIT_URL = 'https://www.bbc.co.uk/weather';
  const LANGS = ['en', 'ur', 'bn', 'ar', 'hi', 'pa', 'gu', 'zh', 'vi', 'el', 'tr'];
  const RTL_LANGS = ['ar', 'ur'];
  const MAX_CHARS = 1000;
  const SHIFT_PRESSES = 3;
  const SHIFT_WINDOW_MS = 1000;

  // English copies of the two strings that must work even when /i18n cannot be loaded:
  // the exit button and the emergency routes. Kept equal to locales/widget.en.yml by a test.
  const FALLBACK = {
    exit_button: 'Exit this page',
    offline: "We can't reach the chat right now. If you are in danger, call 999. If you can't speak, call 999 from a mobile, listen, then press 55. National Domestic Abuse Helpline, free, 24/7: 0808 2000 247.",
  };

  /** All conversation state, in memory only; wiped on quick exit. */
  const state = {
    sender: newSenderId(),
    lang: 'en',
    strings: FALLBACK,
    exiting: false,
    pending: 0,
    queue: Promise.resolve(),
    controller: new AbortController(),
  };

  const ui = {};

  /** 128 random bits as hex: unguessable, so nobody else can wipe or read this conversation. */
  function newSenderId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  /** Small element builder; text is always set with textContent. */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function t(key) {
    const value = state.strings && state.strings[key];
    return typeof value === 'string' ? value : (FALLBACK[key] || '');
  }

  // ---------------------------------------------------------------- quick exit

  /** Leave now. Order matters: hide first (someone may be walking in), then forget, then go. */
  function quickExit() {
    if (state.exiting) { return; }
    state.exiting = true;
    const sender = state.sender;

    const blank = el('div', { 'class': 'sp-blank' });
    document.body.replaceChildren(blank);
    document.documentElement.classList.add('sp-exiting');

    state.controller.abort();
    state.sender = null;
    state.strings = null;
    state.queue = null;
    Object.keys(ui).forEach(function (key) { delete ui[key]; });

    try {
      if (sender && navigator.sendBeacon) {
        // A plain string is sent as text/plain, which the server accepts; fine if it fails.
        navigator.sendBeacon('/chat/exit', JSON.stringify({ sender: sender }));
      }
    } catch (e) { /* the page is leaving anyway */ }

    window.location.replace(EXIT_URL);
  }

  /**
   * GOV.UK "Exit this page" shortcut: three presses of Shift on its own within a second.
   * A Shift used to type a capital letter does not count.
   */
  function watchShift() {
    let presses = [];
    let shiftAlone = false;
    window.addEventListener('keydown', function (event) {
      if (event.key === 'Shift') {
        if (!event.repeat) { shiftAlone = true; }
      } else {
        shiftAlone = false;
      }
    }, true);
    window.addEventListener('keyup', function (event) {
      if (event.key !== 'Shift' || !shiftAlone) { return; }
      shiftAlone = false;
      const now = Date.now();
      presses = presses.filter(function (time) { return now - time < SHIFT_WINDOW_MS; });
      presses.push(now);
      if (presses.length >= SHIFT_PRESSES) { quickExit(); }
    }, true);
  }

  /** Sticky bar with the exit button, first in the page so it is the first Tab stop. */
  function buildExitBar() {
    const button = el('button', { type: 'button', 'class': 'sp-exit', 'data-i18n': 'exit_button' });
    button.textContent = t('exit_button');
    button.addEventListener('click', quickExit);
    const bar = el('div', { 'class': 'sp-exit-bar' }, [button]);
    document.body.insertBefore(bar, document.body.firstChild);
    ui.exitBar = bar;
  }

  // ---------------------------------------------------------------- widget

  function buildWidget(root) {
    root.classList.add('sp-widget');
    root.replaceChildren();

    const title = el('h2', { 'class': 'sp-title', id: 'sp-title', 'data-i18n': 'title' });
    const intro = el('p', { 'class': 'sp-intro', 'data-i18n': 'intro' });
    const hint = el('p', { 'class': 'sp-hint', 'data-i18n': 'exit_hint' });

    const langLabel = el('label', { 'for': 'sp-lang', 'class': 'sp-label', 'data-i18n': 'language_label' });
    const langSelect = el('select', { id: 'sp-lang', 'class': 'sp-select' });
    LANGS.forEach(function (code) {
      const option = el('option', { value: code, lang: code, dir: RTL_LANGS.indexOf(code) >= 0 ? 'rtl' : 'ltr' });
      option.dataset.i18n = 'lang_' + code;
      langSelect.appendChild(option);
    });
    langSelect.addEventListener('change', function () { setLanguage(langSelect.value); });
    const langRow = el('div', { 'class': 'sp-lang-row' }, [langLabel, langSelect]);

    // Focusable so keyboard users can scroll it; role=log announces new messages politely.
    const log = el('div', {
      'class': 'sp-log', id: 'sp-log', role: 'log', 'aria-live': 'polite',
      'aria-relevant': 'additions', tabindex: '0', 'data-i18n-aria-label': 'log_label',
    });
    const typing = el('p', { 'class': 'sp-typing', role: 'status', 'data-i18n': 'typing' });
    typing.hidden = true;

    const inputLabel = el('label', { 'for': 'sp-input', 'class': 'sp-label', 'data-i18n': 'input_label' });
    const input = el('textarea', {
      id: 'sp-input', 'class': 'sp-input', rows: '3', maxlength: String(MAX_CHARS),
      autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'sp-error',
      'data-i18n-placeholder': 'placeholder',
    });
    const sendButton = el('button', { type: 'submit', 'class': 'sp-send', 'data-i18n': 'send' });
    const error = el('p', { 'class': 'sp-error', id: 'sp-error', role: 'alert' });
    const form = el('form', { 'class': 'sp-form', novalidate: '' }, [
      inputLabel, el('div', { 'class': 'sp-input-row' }, [input, sendButton]), error,
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submitInput();
    });
    input.addEventListener('keydown', function (event) {
      // Enter sends, Shift+Enter adds a line; never while an IME is composing (zh, vi...).
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitInput();
      }
    });

    const tracksList = el('ul', { 'class': 'sp-tracks-list' });
    ['cover_tracks_exit', 'cover_tracks_private', 'cover_tracks_history', 'cover_tracks_device']
      .forEach(function (key) { tracksList.appendChild(el('li', { 'data-i18n': key })); });
    const tracks = el('details', { 'class': 'sp-tracks' }, [
      el('summary', { 'data-i18n': 'cover_tracks_title' }), tracksList,
    ]);

    root.setAttribute('aria-labelledby', 'sp-title');
    [title, intro, hint, langRow, log, typing, form, tracks].forEach(function (node) {
      root.appendChild(node);
    });
    Object.assign(ui, { root: root, langSelect: langSelect, log: log, typing: typing, input: input, error: error });
  }

  /** Put the current strings into every element that names a key; sets lang and dir. */
  function applyStrings() {
    const dir = RTL_LANGS.indexOf(state.lang) >= 0 ? 'rtl' : 'ltr';
    [ui.root, ui.exitBar].forEach(function (node) {
      if (!node) { return; }
      node.setAttribute('lang', state.lang);
      node.setAttribute('dir', dir);
      node.querySelectorAll('[data-i18n]').forEach(function (item) {
        item.textContent = t(item.dataset.i18n);
      });
      node.querySelectorAll('[data-i18n-placeholder]').forEach(function (item) {
        item.setAttribute('placeholder', t(item.dataset.i18nPlaceholder));
      });
      node.querySelectorAll('[data-i18n-aria-label]').forEach(function (item) {
        item.setAttribute('aria-label', t(item.dataset.i18nAriaLabel));
      });
    });
    if (ui.langSelect) { ui.langSelect.value = state.lang; }
  }

  async function fetchStrings(lang) {
    const response = await fetch('/i18n/' + encodeURIComponent(lang) + '.json', {
      cache: 'no-store', credentials: 'same-origin', signal: state.controller.signal,
    });
    if (!response.ok) { throw new Error('strings ' + response.status); }
    return response.json();
  }

  let languageRequest = 0;

  /** Switch language; if the strings cannot be loaded the old ones stay. */
  async function setLanguage(lang) {
    if (LANGS.indexOf(lang) < 0) { return; }
    const request = ++languageRequest;
    try {
      const strings = await fetchStrings(lang);
      if (state.exiting || request !== languageRequest) { return; }
      state.strings = strings;
      state.lang = lang;
      applyStrings();
    } catch (e) {
      if (ui.langSelect) { ui.langSelect.value = state.lang; }
    }
  }

  // ---------------------------------------------------------------- messages

  /** Append one message. The screen-reader prefix says who is speaking. */
  function addMessage(kind, text) {
    if (!ui.log) { return; }
    const prefix = el('span', { 'class': 'sp-sr' });
    prefix.textContent = t(kind === 'user' ? 'you_label' : 'new_message_announcement') + ' ';
    const body = el('span', { 'class': 'sp-msg-text', dir: 'auto' });
    appendKeepingNumbersTogether(body, text);
    ui.log.appendChild(el('div', { 'class': 'sp-msg sp-msg-' + kind }, [prefix, body]));
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  /**
   * Text nodes only, but phone numbers such as "0808 2000 247" go in a no-wrap span so they
   * are never split across lines (hard to read, and in RTL the parts look reordered).
   */
  function appendKeepingNumbersTogether(parent, text) {
    const parts = text.split(/(\b[0-9]{2,5}(?: [0-9]{2,5}){1,3}\b)/);
    parts.forEach(function (part, index) {
      if (!part) { return; }
      if (index % 2 === 1) {
        const span = el('span', { 'class': 'sp-nowrap' });
        span.textContent = part;
        parent.appendChild(span);
      } else {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function showError(text) {
    if (ui.error) { ui.error.textContent = text; }
  }

  function setTyping(delta) {
    state.pending += delta;
    if (ui.typing) { ui.typing.hidden = state.pending <= 0; }
  }

  function submitInput() {
    if (state.exiting || !ui.input) { return; }
    const text = ui.input.value;
    if (!text.trim()) { return; }
    if (text.length > MAX_CHARS) {
      showError(t('error_too_long'));
      return;
    }
    showError('');
    ui.input.value = '';
    addMessage('user', text);
    setTyping(1);
    // One message at a time, so replies come back in the order they were asked.
    state.queue = state.queue.then(function () { return sendToServer(text); });
  }

  async function sendToServer(text) {
    let replies = [];
    let degraded = false;
    let tooLong = false;
    try {
      const response = await fetch('/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sender: state.sender, message: text, metadata: { language: state.lang } }),
        cache: 'no-store',
        credentials: 'same-origin',
        signal: state.controller.signal,
      });
      if (response.status === 413) {
        tooLong = true;
      } else if (!response.ok || response.headers.get('X-Signpost-Degraded') === '1') {
        degraded = true;
      } else {
        const body = await response.json();
        replies = Array.isArray(body) ? body : [];
      }
    } catch (e) {
      degraded = true;
    }
    if (state.exiting) { return; }
    setTyping(-1);
    if (tooLong) {
      showError(t('error_too_long'));
    } else if (degraded) {
      addMessage('bot', t('offline'));
    } else {
      replies.forEach(function (reply) {
        if (reply && typeof reply.text === 'string' && reply.text) { addMessage('bot', reply.text); }
      });
    }
  }

  // ---------------------------------------------------------------- start

  function initialLanguage(root) {
    const wanted = [root.dataset.lang].concat(Array.from(navigator.languages || []));
    for (let i = 0; i < wanted.length; i += 1) {
      const code = String(wanted[i] || '').toLowerCase().split('-')[0];
      if (LANGS.indexOf(code) >= 0) { return code; }
    }
    return 'en';
  }

  async function start() {
    watchShift();
    buildExitBar();
    let root = document.getElementById('signpost-widget');
    if (!root) {
      root = el('section', { id: 'signpost-widget' });
      document.body.appendChild(root);
    }
    const lang = initialLanguage(root);
    try {
      state.strings = await fetchStrings(lang);
      state.lang = lang;
    } catch (e) {
      // Safe failure: no strings means no chat, but the emergency routes still show.
      if (state.exiting) { return; }
      root.classList.add('sp-widget');
      const message = el('p', { 'class': 'sp-msg sp-msg-bot', role: 'alert' });
      message.textContent = FALLBACK.offline;
      root.replaceChildren(message);
      return;
    }
    if (state.exiting) { return; }
    buildWidget(root);
    applyStrings();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
