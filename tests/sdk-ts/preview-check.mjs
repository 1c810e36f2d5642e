// Live previews through the official TypeScript SDK: a stream opened with event_deltas yields event_start and
// event_delta (as the SDK types them) before the agent.message with the same id.
// Usage: DROVER_BASE_URL=... DROVER_API_KEY=... PREVIEW_TEXT='...' node preview-check.mjs
// (the server's fake model must answer with PREVIEW_TEXT in several text deltas).
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ apiKey: process.env.DROVER_API_KEY, baseURL: process.env.DROVER_BASE_URL, maxRetries: 0 });
const expected = process.env.PREVIEW_TEXT;

const agent = await client.beta.agents.create({ name: `ts-preview-${Date.now()}`, model: 'claude-sonnet-4-5' });
const environment = await client.beta.environments.create({ name: `ts-preview-env-${Date.now()}`, config: { type: 'cloud' } });
const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });

const stream = await client.beta.sessions.events.stream(session.id, { event_deltas: ['agent.message'] });
await client.beta.sessions.events.send(session.id, { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }] });

const seen = [];
const timer = setTimeout(() => stream.controller.abort(), 20000);
for await (const event of stream) {
  seen.push(event);
  if (event.type === 'session.status_idle') break;
}
clearTimeout(timer);
console.log(`ok stream: ${seen.map((e) => e.type).join(', ')}`);

const starts = seen.filter((e) => e.type === 'event_start');
assert.equal(starts.length, 1, 'one event_start');
assert.equal(starts[0].event.type, 'agent.message');
const deltas = seen.filter((e) => e.type === 'event_delta');
assert.ok(deltas.length >= 2, 'several event_delta frames');
for (const d of deltas) {
  assert.equal(d.event_id, starts[0].event.id);
  assert.equal(d.delta.type, 'content_delta');
  assert.equal(d.delta.content.type, 'text');
  assert.equal(d.processed_at, undefined);
}
assert.equal(deltas.map((d) => d.delta.content.text).join(''), expected);
const message = seen.find((e) => e.type === 'agent.message');
assert.equal(message.id, starts[0].event.id, 'the message has the previewed id');
assert.equal(message.content[0].text, expected);
assert.ok(seen.indexOf(starts[0]) < seen.indexOf(deltas[0]) && seen.indexOf(deltas.at(-1)) < seen.indexOf(message), 'start, deltas, then the message');
console.log('ok event_start / event_delta / agent.message');
console.log('all ok');
