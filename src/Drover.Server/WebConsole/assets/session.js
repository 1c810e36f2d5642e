// One session: its header, the live timeline, what waits for the person (confirmations, custom tool results),
// a composer (message, interrupt) and per-tool statistics. Everything shown comes from the log's event stream.
import { api, sendEvents, streamEvents, ApiError } from './api.js';
import { h, clear, dateTime, duration, tokens, statusBadge } from './dom.js';
import { SessionModel } from './model.js';
import { Timeline } from './timeline.js';

const RECONNECT_MS = 1000;

export function sessionPage(sessionId, { crumbs, signal }) {
  crumbs.append(h('a', { href: '#/' }, 'sessions'), ' / ', h('span', { class: 'mono' }, sessionId));
  const model = new SessionModel();
  const timeline = new Timeline(model);
  const header = h('div', { class: 'session-header' }, h('span', { class: 'muted' }, 'loading…'));
  const live = h('span', { class: 'live', id: 'live-state' }, 'connecting');
  const waiting = h('section', { class: 'waiting', id: 'waiting', hidden: true }, h('h3', null, 'Waiting for you'));
  const stats = h('tbody');
  const notice = h('p', { class: 'error', role: 'alert' });

  const refreshHeader = debounce(async () => {
    try {
      renderHeader(header, await api(`/v1/sessions/${encodeURIComponent(sessionId)}`, { signal }));
    } catch (err) {
      if (!signal.aborted) clear(header).append(h('span', { class: 'error' }, err.message));
    }
  }, 250);

  async function send(events, what) {
    notice.textContent = '';
    try {
      await sendEvents(sessionId, events);
      return true;
    } catch (err) {
      notice.textContent = `${what}: ${err.message}`;
      return false;
    }
  }

  const message = h('textarea', { id: 'message', rows: 3, placeholder: 'Message the agent (Ctrl+Enter sends)' });
  const composer = h('form', { class: 'composer', id: 'composer', onsubmit: async (e) => {
    e.preventDefault();
    const value = message.value;
    if (!value.trim()) return;
    if (await send([{ type: 'user.message', content: [{ type: 'text', text: value }] }], 'send')) message.value = '';
  } },
  message,
  h('div', { class: 'composer-actions' },
    h('button', { type: 'submit', id: 'send' }, 'Send'),
    h('button', { type: 'button', id: 'interrupt', class: 'danger', onclick: () => send([{ type: 'user.interrupt' }], 'interrupt') }, 'Interrupt')));
  message.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) composer.requestSubmit();
  });

  // Cards are kept while their call waits, so text typed into one survives the events that arrive meanwhile.
  const cards = new Map();
  function renderWaiting() {
    const pending = [
      ...model.pendingConfirmations().map((use) => [use.id, () => confirmationCard(use, send)]),
      ...model.pendingCustomTools().map((use) => [use.id, () => customToolCard(use, send)])];
    const ids = new Set(pending.map(([id]) => id));
    for (const [id, card] of cards) {
      if (!ids.has(id)) {
        card.remove();
        cards.delete(id);
      }
    }
    for (const [id, make] of pending) {
      if (!cards.has(id)) waiting.append(cards.set(id, make()).get(id));
    }
    waiting.hidden = cards.size === 0;
  }

  function renderStats() {
    const rows = model.toolStats();
    clear(stats).append(...(rows.length === 0
      ? [h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'No tool calls yet.'))]
      : rows.map((s) => h('tr', { 'data-tool': s.name },
        h('td', { class: 'mono' }, s.name),
        h('td', { class: 'num' }, s.calls),
        h('td', { class: `num ${s.failures ? 'bad' : ''}` }, s.failures),
        h('td', { class: 'num' }, s.open),
        h('td', { class: 'num mono' }, duration(s.median))))));
  }

  // A replayed log arrives as a burst of frames: redraw the panels once per animation frame, not per event.
  let panelsPending = false;
  let stick = false;
  function panels() {
    if (panelsPending) return;
    panelsPending = true;
    requestAnimationFrame(() => {
      panelsPending = false;
      renderWaiting();
      renderStats();
      if (stick) composer.scrollIntoView({ block: 'end' });
    });
  }

  function apply(frame) {
    // A rendering bug must not look like a dropped connection (which would reconnect and hide it): log it, go on.
    try {
      if (frame.type === 'event_start' || frame.type === 'event_delta') {
        timeline.preview(frame.data);
        return;
      }
      if (!model.add(frame.data)) return;
      // Follow the tail while the reader is at the bottom; leave them where they are when they scrolled up.
      if (!panelsPending) stick = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 80;
      timeline.add(frame.data);
      panels();
      if (frame.type.startsWith('session.') || frame.type === 'span.model_request_end') refreshHeader();
    } catch (err) {
      console.error(`cannot show event ${frame.id} (${frame.type}):`, err);
    }
  }

  async function follow() {
    let last = 0;
    while (!signal.aborted) {
      try {
        live.textContent = 'live';
        live.className = 'live on';
        for await (const frame of streamEvents(sessionId, last, signal, ['agent.message'])) {
          if (frame.id) last = Number(frame.id);
          apply(frame);
          if (frame.type === 'session.deleted') {
            live.textContent = 'deleted';
            live.className = 'live off';
            return;
          }
        }
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ApiError && err.status < 500) {
          live.textContent = 'stopped';
          live.className = 'live off';
          notice.textContent = err.message;
          return;
        }
      }
      if (signal.aborted) return;
      live.textContent = 'reconnecting';
      live.className = 'live wait';
      await sleep(RECONNECT_MS, signal);
    }
  }

  refreshHeader();
  renderStats();
  follow();

  return h('section', { class: 'page session' },
    header,
    notice,
    h('div', { class: 'columns' },
      h('div', { class: 'main-column' },
        h('div', { class: 'toolbar' }, h('h2', null, 'Timeline'), live,
          h('span', { class: 'spacer' }),
          h('button', { type: 'button', class: 'link', onclick: () => toggleAll(timeline.element, true) }, 'unfold all'),
          h('button', { type: 'button', class: 'link', onclick: () => toggleAll(timeline.element, false) }, 'fold all')),
        timeline.element,
        waiting,
        composer),
      h('aside', { class: 'side-column' },
        h('h3', null, 'Tools'),
        h('table', { class: 'grid compact', id: 'tool-stats' },
          h('thead', null, h('tr', null, ['tool', 'calls', 'failed', 'open', 'median'].map((c) => h('th', null, c)))),
          stats))));
}

function renderHeader(header, s) {
  const usage = s.usage ?? {};
  clear(header).append(
    h('div', { class: 'title-line' },
      statusBadge(s.status),
      h('h2', { id: 'session-title' }, s.title || h('span', { class: 'muted' }, '(untitled)')),
      s.archived_at ? h('span', { class: 'tag' }, 'archived') : null),
    h('dl', { class: 'facts' },
      fact('id', h('span', { class: 'mono' }, s.id)),
      fact('agent', `${s.agent?.name ?? '—'} `, h('span', { class: 'mono muted' }, `${s.agent?.id ?? ''} v${s.agent?.version ?? '?'}`)),
      fact('model', h('span', { class: 'mono' }, s.agent?.model?.id ?? s.agent?.model ?? '—')),
      fact('environment', h('span', { class: 'mono' }, s.environment_id)),
      fact('tokens', `in ${tokens(usage.input_tokens)} · out ${tokens(usage.output_tokens)} · cache read ${tokens(usage.cache_read_input_tokens)}`),
      fact('active', duration((s.stats?.active_seconds ?? 0) * 1000)),
      fact('created', dateTime(s.created_at)),
      fact('updated', dateTime(s.updated_at))));
}

function fact(name, ...value) {
  return h('div', null, h('dt', null, name), h('dd', null, value));
}

function confirmationCard(use, send) {
  const reason = h('input', { type: 'text', class: 'deny-message', placeholder: 'why (shown to the agent when denied)' });
  return h('div', { class: 'card', 'data-tool-use-id': use.id },
    h('div', null, 'Allow ', h('b', { class: 'mono' }, use.name), '?'),
    h('pre', { class: 'json small' }, JSON.stringify(use.input, null, 2)),
    h('div', { class: 'card-actions' },
      h('button', { type: 'button', class: 'allow', onclick: () => send([{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'allow' }], 'allow') }, 'Allow'),
      reason,
      h('button', { type: 'button', class: 'deny danger', onclick: () => send([{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'deny',
        ...(reason.value.trim() ? { deny_message: reason.value.trim() } : {}) }], 'deny') }, 'Deny')));
}

function customToolCard(use, send) {
  const result = h('textarea', { rows: 2, class: 'custom-result', placeholder: 'result text' });
  const isError = h('input', { type: 'checkbox' });
  return h('div', { class: 'card', 'data-custom-tool-use-id': use.id },
    h('div', null, 'Custom tool ', h('b', { class: 'mono' }, use.name), ' waits for your result'),
    h('pre', { class: 'json small' }, JSON.stringify(use.input, null, 2)),
    result,
    h('div', { class: 'card-actions' },
      h('label', null, isError, ' is error'),
      h('button', { type: 'button', onclick: () => send([{ type: 'user.custom_tool_result', custom_tool_use_id: use.id,
        content: [{ type: 'text', text: result.value }], is_error: isError.checked }], 'tool result') }, 'Send result')));
}

function toggleAll(root, open) {
  for (const d of root.querySelectorAll('details')) d.open = open;
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
