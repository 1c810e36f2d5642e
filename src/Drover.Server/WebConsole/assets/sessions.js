// The sessions list: status, agent, usage, times and title; filter by status; pages both ways.
import { api } from './api.js';
import { h, clear, dateTime, tokens, statusBadge } from './dom.js';

const STATUSES = ['idle', 'running', 'rescheduling', 'terminated'];
const PAGE_SIZE = 25;
const REFRESH_MS = 5000;

export function sessionsPage({ crumbs, signal }) {
  crumbs.append('sessions');
  const state = { status: '', archived: false, page: null };
  const status = h('select', { id: 'status-filter', onchange: () => { state.status = status.value; state.page = null; load(); } },
    h('option', { value: '' }, 'all statuses'),
    STATUSES.map((s) => h('option', { value: s }, s)));
  const archived = h('input', { type: 'checkbox', id: 'include-archived', onchange: () => { state.archived = archived.checked; state.page = null; load(); } });
  const body = h('tbody');
  const message = h('p', { class: 'muted', role: 'status' });
  const newer = h('button', { type: 'button', disabled: true }, '← newer');
  const older = h('button', { type: 'button', disabled: true }, 'older →');
  const refresh = h('button', { type: 'button', onclick: () => load() }, 'refresh');

  async function load(quiet = false) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (state.status) query.append('statuses[]', state.status);
    if (state.archived) query.set('include_archived', 'true');
    if (state.page) query.set('page', state.page);
    if (!quiet) message.textContent = 'loading…';
    try {
      const result = await api(`/v1/sessions?${query}`, { signal });
      clear(body).append(...result.data.map(row));
      message.textContent = result.data.length === 0 ? 'No sessions.' : '';
      pager(newer, result.prev_page);
      pager(older, result.next_page);
    } catch (err) {
      if (!signal.aborted) message.textContent = err.message;
    }
  }

  function pager(button, cursor) {
    button.disabled = !cursor;
    button.onclick = cursor ? () => { state.page = cursor; load(); } : null;
  }

  load();
  // Statuses and usage change while the page is open: reload the shown page while the tab is visible.
  const timer = setInterval(() => { if (!document.hidden) load(true); }, REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return h('section', { class: 'page sessions' },
    h('div', { class: 'toolbar' },
      h('h2', null, 'Sessions'),
      h('label', null, 'status ', status),
      h('label', null, archived, ' include archived'),
      h('span', { class: 'spacer' }),
      refresh, newer, older),
    h('table', { class: 'grid', id: 'sessions' },
      h('thead', null, h('tr', null,
        ['status', 'session', 'agent', 'tokens in / out', 'created', 'updated'].map((c) => h('th', null, c)))),
      body),
    message);
}

function row(session) {
  const usage = session.usage ?? {};
  const link = `#/sessions/${encodeURIComponent(session.id)}`;
  return h('tr', { 'data-session-id': session.id },
    h('td', null, statusBadge(session.status), session.archived_at ? h('span', { class: 'tag' }, 'archived') : null),
    h('td', null,
      h('a', { href: link, class: 'session-link' }, session.title || h('span', { class: 'muted' }, '(untitled)')),
      h('div', { class: 'mono muted small' }, session.id)),
    h('td', null, session.agent?.name ?? '—', h('div', { class: 'mono muted small' }, session.agent?.id ?? '')),
    h('td', { class: 'num mono' }, `${tokens(usage.input_tokens)} / ${tokens(usage.output_tokens)}`),
    h('td', { class: 'mono small' }, dateTime(session.created_at)),
    h('td', { class: 'mono small' }, dateTime(session.updated_at)));
}
