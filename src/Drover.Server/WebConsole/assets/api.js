// The /v1 API as the console uses it: the key from sessionStorage as x-api-key, errors from the API's envelope,
// and the event stream read with fetch (EventSource cannot send headers) and parsed as SSE here.

const KEY = 'drover.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

function headers(extra, key) {
  return { 'x-api-key': key ?? apiKey.get() ?? '', 'anthropic-version': '2023-06-01', ...extra };
}

// A 401 with the stored key means it was revoked meanwhile: the shell forgets it and asks again.
async function fail(response, announce = true) {
  let type = 'http_error';
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    type = body?.error?.type ?? type;
    message = body?.error?.message ?? message;
  } catch { /* not the envelope: keep the status line */ }
  if (response.status === 401 && announce) window.dispatchEvent(new CustomEvent('drover:unauthorized', { detail: message }));
  throw new ApiError(response.status, type, message);
}

/** Calls the API with the stored key, or with `key` (to try one before storing it). */
export async function api(path, { method = 'GET', body, signal, key } = {}) {
  const response = await fetch(path, {
    method,
    signal,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }, key),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) await fail(response, key === undefined);
  return response.json();
}

export const sendEvents = (sessionId, events) =>
  api(`/v1/sessions/${encodeURIComponent(sessionId)}/events`, { method: 'POST', body: { events } });

/**
 * Yields { id, type, data } for each event frame after sequence `after` (0 = the whole log), then follows the log
 * live. Pings are skipped. `deltas` asks for live previews of those event types (event_start / event_delta frames,
 * which have no id). Returns when the server ends the stream; throws on HTTP errors and network failures.
 */
export async function* streamEvents(sessionId, after, signal, deltas = []) {
  const query = deltas.map((d) => `event_deltas[]=${encodeURIComponent(d)}`).join('&');
  const response = await fetch(`/v1/sessions/${encodeURIComponent(sessionId)}/events/stream${query ? `?${query}` : ''}`, {
    signal,
    headers: headers({ accept: 'text/event-stream', 'Last-Event-ID': String(after) }),
  });
  if (!response.ok) await fail(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replaceAll('\r\n', '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = parseFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (frame && frame.type !== 'ping') yield frame;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function parseFrame(text) {
  let type = 'message';
  let id = null;
  const data = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  return { type, id, data: JSON.parse(data.join('\n')) };
}
