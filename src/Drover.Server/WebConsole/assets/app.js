// The console's shell: asks for an API key, then routes #/ (sessions) and #/sessions/<id> (one session).
import { api, apiKey, ApiError } from './api.js';
import { h, clear } from './dom.js';
import { sessionsPage } from './sessions.js';
import { sessionPage } from './session.js';

const main = document.getElementById('main');
const crumbs = document.getElementById('crumbs');
const signOut = document.getElementById('sign-out');
let current = null;

signOut.addEventListener('click', () => {
  apiKey.clear();
  route();
});

window.addEventListener('hashchange', route);
window.addEventListener('drover:unauthorized', (e) => {
  apiKey.clear();
  route(e.detail);
});

function route(message) {
  current?.abort();
  current = new AbortController();
  clear(main);
  clear(crumbs);
  signOut.hidden = !apiKey.get();
  if (!apiKey.get()) {
    main.append(loginForm(typeof message === 'string' ? message : null));
    return;
  }
  const match = /^#\/sessions\/([^/]+)$/.exec(location.hash);
  const page = match
    ? sessionPage(decodeURIComponent(match[1]), { crumbs, signal: current.signal })
    : sessionsPage({ crumbs, signal: current.signal });
  main.append(page);
}

function loginForm(message) {
  const input = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', placeholder: 'sk-…', required: true });
  const error = h('p', { class: 'error', role: 'alert' }, message);
  const form = h('form', { class: 'login', onsubmit: async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    try {
      await api('/v1/sessions?limit=1', { key });
      apiKey.set(key);
      route();
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : `Cannot reach the server: ${err.message}`;
    }
  } },
  h('h1', null, 'Drover console'),
  h('label', { for: 'api-key' }, 'API key'),
  input,
  h('button', { type: 'submit', id: 'sign-in' }, 'Open'),
  h('p', { class: 'hint' }, 'The key stays in this browser tab (sessionStorage) and is sent only to this server, as x-api-key.'),
  error);
  queueMicrotask(() => input.focus());
  return form;
}

route();
