// Drives a Drover server with the official Anthropic TypeScript SDK and asserts what comes back.
// Usage: DROVER_BASE_URL=http://127.0.0.1:PORT DROVER_API_KEY=... node wire-check.mjs
// Prints one line per step and exits non-zero on the first failure.
import assert from 'node:assert/strict';
import Anthropic, { toFile } from '@anthropic-ai/sdk';

const client = new Anthropic({ apiKey: process.env.DROVER_API_KEY, baseURL: process.env.DROVER_BASE_URL, maxRetries: 0 });
const step = (name) => console.log(`ok ${name}`);

const agent = await client.beta.agents.create({ name: 'ts-agent', model: 'claude-sonnet-4-5', system: 'Be brief.' });
assert.match(agent.id, /^agent_/);
assert.equal(agent.version, 1);
assert.equal(agent.model.id, 'claude-sonnet-4-5');
step('agents.create');

const environment = await client.beta.environments.create({
  name: `ts-env-${Date.now()}`,
  config: { type: 'cloud', networking: { type: 'unrestricted' } },
});
assert.match(environment.id, /^env_/);
assert.equal(environment.config.type, 'cloud');
step('environments.create');

const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, title: 'from TypeScript' });
assert.match(session.id, /^sesn_/);
assert.equal(session.status, 'idle');
assert.equal(session.agent.id, agent.id);
step('sessions.create');

// Open the stream first (no replay), then send, then find the sent event on the stream.
const stream = await client.beta.sessions.events.stream(session.id);
const iterator = stream[Symbol.asyncIterator]();
const firstFromStream = iterator.next();
let sent;
let received;
for (let attempt = 0; !received && attempt < 50; attempt++) {
  sent = await client.beta.sessions.events.send(session.id, {
    events: [{ type: 'user.message', content: [{ type: 'text', text: `hello ${attempt}` }] }],
  });
  received = await Promise.race([firstFromStream, new Promise((r) => setTimeout(() => r(undefined), 200))]);
}
assert.ok(received && !received.done, 'the stream delivered no event');
assert.equal(received.value.type, 'user.message');
assert.match(received.value.id, /^sevt_/);
step('events.send + events.stream');
stream.controller.abort();

const listed = [];
for await (const event of client.beta.sessions.events.list(session.id, { limit: 2 })) {
  listed.push(event);
}
assert.ok(listed.length >= 1);
assert.ok(listed.some((e) => e.id === received.value.id), 'the streamed event is in the list with the same id');
assert.equal(sent.data[0].type, 'user.message');
step('events.list');

const sessions = [];
for await (const s of client.beta.sessions.list({ limit: 1 })) {
  sessions.push(s.id);
}
assert.ok(sessions.includes(session.id));
step('sessions.list');

// Files API: upload with toFile, list, retrieve, download (bytes compared), delete.
const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
const uploaded = await client.beta.files.upload({ file: await toFile(bytes, 'numbers.bin', { type: 'application/x-numbers' }) });
assert.match(uploaded.id, /^file_/);
assert.equal(uploaded.type, 'file');
assert.equal(uploaded.filename, 'numbers.bin');
assert.equal(uploaded.mime_type, 'application/x-numbers');
assert.equal(uploaded.size_bytes, bytes.length);
step('files.upload');

const second = await client.beta.files.upload({ file: await toFile(Buffer.from('hello files'), 'hello.txt') });
assert.equal(second.mime_type, 'text/plain');
const fileIds = [];
for await (const file of client.beta.files.list({ limit: 1 })) {
  fileIds.push(file.id);
}
assert.ok(fileIds.includes(second.id) && fileIds.includes(uploaded.id), 'both listed, one per page');
step('files.list');

const metadata = await client.beta.files.retrieveMetadata(uploaded.id);
assert.deepEqual(metadata, uploaded);
const download = await client.beta.files.download(uploaded.id);
assert.equal(download.headers.get('content-type'), 'application/x-numbers');
assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
step('files.retrieveMetadata + files.download');

const deleted = await client.beta.files.delete(uploaded.id);
assert.deepEqual(deleted, { id: uploaded.id, type: 'file_deleted' });
await assert.rejects(client.beta.files.retrieveMetadata(uploaded.id), (error) => error.status === 404);
await client.beta.files.delete(second.id);
step('files.delete');

await assert.rejects(client.beta.sessions.retrieve('sesn_01ARZ3NDEKTSV4RRFFQ69G5FAV'), (error) => {
  assert.equal(error.status, 404);
  assert.equal(error.error?.error?.type, 'not_found_error');
  assert.match(error.requestID ?? '', /^req_/);
  return true;
});
step('errors');
console.log('all ok');
