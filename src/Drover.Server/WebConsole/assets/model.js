// What the session page knows about a log, computed from its events alone (src/Drover.Core/Events has the shapes):
// tool calls paired with their results and confirmations, model request spans, what waits for the person.

export const TOOL_USES = new Set(['agent.tool_use', 'agent.mcp_tool_use', 'agent.custom_tool_use']);
const RESULT_KEYS = {
  'agent.tool_result': 'tool_use_id',
  'user.tool_result': 'tool_use_id',
  'agent.mcp_tool_result': 'mcp_tool_use_id',
  'user.custom_tool_result': 'custom_tool_use_id',
};

export class SessionModel {
  events = [];
  ids = new Set();
  calls = new Map(); // tool use id -> { use, result, confirmation }
  spans = new Map(); // span.model_request_start id -> { start, end }

  /** Adds an event; returns false when the event was already seen (a replayed frame). */
  add(event) {
    if (event.id && this.ids.has(event.id)) return false;
    if (event.id) this.ids.add(event.id);
    this.events.push(event);
    if (TOOL_USES.has(event.type)) {
      this.call(event.id).use = event;
    } else if (RESULT_KEYS[event.type]) {
      this.call(event[RESULT_KEYS[event.type]]).result = event;
    } else if (event.type === 'user.tool_confirmation') {
      this.call(event.tool_use_id).confirmation = event;
    } else if (event.type === 'span.model_request_start') {
      this.span(event.id).start = event;
    } else if (event.type === 'span.model_request_end') {
      this.span(event.model_request_start_id).end = event;
    }
    return true;
  }

  call(id) {
    let call = this.calls.get(id);
    if (!call) this.calls.set(id, call = { use: null, result: null, confirmation: null });
    return call;
  }

  span(id) {
    let span = this.spans.get(id);
    if (!span) this.spans.set(id, span = { start: null, end: null });
    return span;
  }

  /** Built-in and MCP calls under always_ask with no confirmation and no result yet. */
  pendingConfirmations() {
    return [...this.calls.values()].filter((c) => c.use && c.use.type !== 'agent.custom_tool_use'
      && c.use.evaluated_permission === 'ask' && !c.confirmation && !c.result).map((c) => c.use);
  }

  /** Custom tool calls the client has not answered. */
  pendingCustomTools() {
    return [...this.calls.values()].filter((c) => c.use?.type === 'agent.custom_tool_use' && !c.result).map((c) => c.use);
  }

  /** Per tool name: calls, failures (error results), results still open, median duration use → result. */
  toolStats() {
    const byName = new Map();
    for (const { use, result } of this.calls.values()) {
      if (!use) continue;
      const name = use.type === 'agent.mcp_tool_use' ? `${use.mcp_server_name}/${use.name}` : use.name;
      let s = byName.get(name);
      if (!s) byName.set(name, s = { name, calls: 0, failures: 0, open: 0, durations: [] });
      s.calls++;
      if (!result) { s.open++; continue; }
      if (result.is_error === true) s.failures++;
      const ms = elapsed(use, result);
      if (ms !== null) s.durations.push(ms);
    }
    return [...byName.values()]
      .map((s) => ({ ...s, median: median(s.durations) }))
      .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  }
}

/** Milliseconds between two events' processed_at, or null when either is missing (a queued user event). */
export function elapsed(from, to) {
  if (!from?.processed_at || !to?.processed_at) return null;
  const ms = Date.parse(to.processed_at) - Date.parse(from.processed_at);
  return Number.isNaN(ms) ? null : ms;
}

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The text of content blocks; other blocks as [type] markers. */
export function contentText(content) {
  if (!Array.isArray(content)) return '';
  return content.map((b) => {
    if (b?.type === 'text') return b.text ?? '';
    if (b?.type === 'document') return `[document${b.title ? `: ${b.title}` : ''}]`;
    return `[${b?.type ?? 'block'}]`;
  }).join('\n');
}
