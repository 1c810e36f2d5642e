// One row per event of the log: a readable line (and foldable details), plus its raw JSON on a click.
import { h, jsonFold, pretty, time, duration, tokens } from './dom.js';
import { TOOL_USES, elapsed, contentText } from './model.js';

export class Timeline {
  element = h('ol', { class: 'timeline', id: 'timeline' });
  #callStatus = new Map(); // tool use id -> the status element of its row
  #queued = []; // 'queued' tags of user events not yet taken up
  #previews = new Map(); // previewed agent.message id -> { row, text } (live text before the event is logged)

  constructor(model) {
    this.model = model;
  }

  /** A live preview frame: event_start opens a provisional agent.message row, event_delta appends its text. */
  preview(frame) {
    if (frame.type === 'event_start') {
      const { type, id } = frame.event ?? {};
      if (type !== 'agent.message' || !id || this.#previews.has(id)) return;
      const text = h('div', { class: 'text' });
      const row = h('li', { class: 'ev ev-agent preview', 'data-type': 'preview', 'data-event-id': id },
        h('div', { class: 'ev-head' },
          h('span', { class: 'ev-time mono' }, ''),
          h('span', { class: 'ev-type mono' }, type),
          h('span', { class: 'ev-summary' }, h('span', { class: 'tag' }, 'writing…'))),
        h('div', { class: 'ev-body' }, text));
      this.#previews.set(id, { row, text });
      this.element.append(row);
    } else if (frame.type === 'event_delta') {
      const preview = this.#previews.get(frame.event_id);
      if (preview) preview.text.textContent += frame.delta?.content?.text ?? '';
    }
  }

  add(event) {
    // The logged event replaces its preview; a request's end closes previews that never got one (an interrupt).
    this.#previews.get(event.id)?.row.remove();
    this.#previews.delete(event.id);
    if (event.type === 'span.model_request_end') {
      for (const { row } of this.#previews.values()) row.remove();
      this.#previews.clear();
    }
    // Queued user events keep processed_at null in the log (it is never rewritten); the next event the server
    // writes itself shows that the harness has taken them up.
    if (!isClientEvent(event.type)) {
      for (const tag of this.#queued.splice(0)) tag.remove();
    }
    this.element.append(this.#row(event));
    const useId = TOOL_USES.has(event.type) ? event.id : event.tool_use_id ?? event.mcp_tool_use_id ?? event.custom_tool_use_id;
    if (useId) this.#refreshCall(useId);
  }

  #row(event) {
    const raw = h('pre', { class: 'json raw', hidden: true });
    const toggle = h('button', { type: 'button', class: 'raw-toggle', title: 'raw JSON', 'aria-expanded': 'false', onclick: () => {
      if (!raw.firstChild) raw.textContent = pretty(event);
      raw.hidden = !raw.hidden;
      toggle.setAttribute('aria-expanded', String(!raw.hidden));
    } }, '{ }');
    const { summary, body } = describe(event, this.model);
    const status = TOOL_USES.has(event.type) ? h('span', { class: 'call-status' }) : null;
    if (status) this.#callStatus.set(event.id, status);
    const queued = isClientEvent(event.type) && event.processed_at === null ? h('span', { class: 'tag queued' }, 'queued') : null;
    if (queued) this.#queued.push(queued);
    return h('li', { class: `ev ev-${category(event.type)}`, 'data-type': event.type, 'data-event-id': event.id ?? '' },
      h('div', { class: 'ev-head' },
        h('span', { class: 'ev-time mono' }, time(event.processed_at)),
        h('span', { class: 'ev-type mono' }, event.type),
        h('span', { class: 'ev-summary' }, summary, queued,
          event.session_thread_id ? h('span', { class: 'tag', title: event.session_thread_id }, `thread …${event.session_thread_id.slice(-6)}`) : null),
        status,
        toggle),
      body ? h('div', { class: 'ev-body' }, body) : null,
      raw);
  }

  #refreshCall(useId) {
    const status = this.#callStatus.get(useId);
    const call = this.model.calls.get(useId);
    if (!status || !call) return;
    if (call.result) {
      const ms = elapsed(call.use, call.result);
      status.className = `call-status ${call.result.is_error ? 'failed' : 'ok'}`;
      status.textContent = `${call.result.is_error ? 'failed' : 'done'} · ${duration(ms)}`;
    } else if (call.confirmation) {
      status.className = `call-status ${call.confirmation.result === 'deny' ? 'failed' : 'pending'}`;
      status.textContent = call.confirmation.result === 'deny' ? 'denied' : 'allowed · running';
    } else if (call.use?.evaluated_permission === 'ask') {
      status.className = 'call-status waiting';
      status.textContent = 'waiting for confirmation';
    } else {
      status.className = 'call-status pending';
      status.textContent = call.use?.type === 'agent.custom_tool_use' ? 'waiting for client' : 'running';
    }
  }
}

function isClientEvent(type) {
  return type.startsWith('user.') || type === 'system.message';
}

function category(type) {
  if (type === 'session.error' || type === 'workflow_run.error') return 'error';
  if (type === 'agent.message') return 'agent';
  if (type === 'agent.thinking') return 'thinking';
  if (TOOL_USES.has(type) || type.endsWith('tool_result') || type === 'user.tool_confirmation') return 'tool';
  if (type.startsWith('user.') || type === 'system.message') return 'user';
  if (type.startsWith('session.status') || type.startsWith('session.thread_status')) return 'status';
  if (type.startsWith('span.')) return 'span';
  return 'meta';
}

function text(value) {
  return h('div', { class: 'text' }, value);
}

function toolName(model, useId) {
  const use = model.calls.get(useId)?.use;
  return use ? use.name : 'unknown call';
}

function describe(e, model) {
  switch (e.type) {
    case 'user.message':
    case 'agent.message':
      return { summary: '', body: text(contentText(e.content)) };
    case 'system.message':
      return { summary: '', body: text(contentText(e.content)) };
    case 'agent.thinking':
      return { summary: 'thinking…' };
    case 'agent.tool_use':
    case 'agent.custom_tool_use':
    case 'agent.mcp_tool_use': {
      const name = e.type === 'agent.mcp_tool_use' ? `${e.mcp_server_name}/${e.name}` : e.name;
      const policy = e.evaluation?.type ?? e.evaluated_permission;
      return { summary: h('span', null, h('b', { class: 'mono' }, name), policy ? h('span', { class: 'tag' }, policy) : null),
        body: jsonFold('input', e.input) };
    }
    case 'agent.tool_result':
    case 'agent.mcp_tool_result':
    case 'user.tool_result':
    case 'user.custom_tool_result': {
      const useId = e.tool_use_id ?? e.mcp_tool_use_id ?? e.custom_tool_use_id;
      const ms = elapsed(model.calls.get(useId)?.use, e);
      return { summary: h('span', null, h('b', { class: 'mono' }, toolName(model, useId)), ` · ${duration(ms)}`,
        e.is_error ? h('span', { class: 'tag tag-error' }, 'error') : null),
      body: jsonFold('output', contentText(e.content) || e.content || '(no content)', { cls: e.is_error ? 'fold-error' : '' }) };
    }
    case 'user.tool_confirmation':
      return { summary: h('span', null, h('b', null, e.result), ' ', h('span', { class: 'mono' }, toolName(model, e.tool_use_id))),
        body: e.deny_message ? text(e.deny_message) : null };
    case 'user.interrupt':
      return { summary: 'interrupt' };
    case 'session.status_idle': {
      const reason = e.stop_reason?.type ?? '';
      return { summary: h('span', null, 'idle · ', h('b', null, reason),
        e.stop_reason?.event_ids?.length ? ` (${e.stop_reason.event_ids.length} waiting)` : '') };
    }
    case 'session.status_running':
      return { summary: 'running' };
    case 'session.status_rescheduled':
      return { summary: 'rescheduled: an earlier run stopped and this one resumes from the log' };
    case 'session.status_terminated':
      return { summary: 'terminated' };
    case 'session.error':
    case 'workflow_run.error':
      return { summary: h('span', null, h('b', null, e.error?.type ?? 'error'), ' · ', e.error?.retry_status?.type ?? ''),
        body: text(e.error?.message ?? '') };
    case 'session.usage': {
      const u = e.usage ?? {};
      return { summary: `tokens in ${tokens(u.input_tokens)} · out ${tokens(u.output_tokens)} · cache read ${tokens(u.cache_read_input_tokens)}`
        + (u.active_seconds != null ? ` · active ${u.active_seconds.toFixed(1)} s` : '') };
    }
    case 'span.model_request_start':
      return { summary: 'model request' };
    case 'span.model_request_end': {
      const start = model.spans.get(e.model_request_start_id)?.start;
      const u = e.model_usage ?? {};
      return { summary: h('span', null, `model request · ${duration(elapsed(start, e))} · in ${tokens(u.input_tokens)} · out ${tokens(u.output_tokens)}`
        + (u.cache_read_input_tokens ? ` · cache read ${tokens(u.cache_read_input_tokens)}` : ''),
      e.is_error ? h('span', { class: 'tag tag-error' }, 'failed') : null) };
    }
    case 'session.updated':
      return { summary: 'session updated' };
    case 'session.deleted':
      return { summary: 'session deleted' };
    default:
      return { summary: '' };
  }
}
