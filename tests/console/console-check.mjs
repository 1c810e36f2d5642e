// Drives the web console (/console) in headless Chromium as a person would; run by ConsoleBrowserTests.
//   DROVER_BASE_URL, DROVER_API_KEY, DROVER_SESSION_ID: the server, its admin key, the session to open
//   DROVER_SCENARIO: 'live' (an event arrives live, confirmations, send a message, raw JSON, screenshot)
//                    'custom' (status filter, paging, a custom tool result, interrupt, a dropped stream)
//                    'xss' (model output with markup renders as text)
//                    or 'preview' (an agent message's text shows live before the message is logged)
//   DROVER_SCREENSHOT: where 'live' saves its screenshot
// Prints 'ok: <step>' per step and 'all ok' at the end; exits non-zero on the first failure.
import { chromium } from 'playwright-core';

const base = required('DROVER_BASE_URL');
const key = required('DROVER_API_KEY');
const sessionId = required('DROVER_SESSION_ID');
const scenario = process.env.DROVER_SCENARIO ?? 'live';
// Generous: CI shares two cores among several test classes, Chromium and the server.
const timeout = 30_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  // Tests run as root, where Chromium refuses its own sandbox.
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const pageErrors = [];
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  // Chromium logs every non-2xx fetch (the refused key's 401) as an error; anything else logged as one is a failure.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
  });

  await signIn(page);
  if (scenario === 'live') await live(page);
  else if (scenario === 'custom') await custom(page);
  else if (scenario === 'xss') await xss(page);
  else if (scenario === 'preview') await preview(page);
  else throw new Error(`unknown scenario ${scenario}`);

  if (pageErrors.length) throw new Error(`errors in the page:\n${pageErrors.join('\n')}`);
  console.log('all ok');
} catch (err) {
  console.error(`FAILED: ${err.stack ?? err}`);
  if (pageErrors.length) console.error(pageErrors.join('\n'));
  // What the page showed when it failed: the timeline's rows as text.
  const rows = await page?.locator('#timeline li').allInnerTexts().catch(() => []) ?? [];
  console.error(`timeline (${rows.length} rows):\n${rows.map((r) => r.replaceAll('\n', ' | ')).join('\n')}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

async function signIn(page) {
  const response = await page.goto(`${base}/console`);
  if (!response.ok()) throw new Error(`GET /console: ${response.status()}`);
  await page.fill('#api-key', 'sk-not-a-key-0123456789abcdef');
  await page.click('#sign-in');
  await page.locator('.login .error').filter({ hasText: 'not valid' }).waitFor();
  ok('a wrong key is refused on the login form');

  await page.fill('#api-key', key);
  await page.click('#sign-in');
  await page.locator(`#sessions tr[data-session-id="${sessionId}"]`).waitFor();
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('drover.apiKey'), local: localStorage.length }));
  if (stored.session !== key || stored.local !== 0) throw new Error(`the key should be in sessionStorage only: ${JSON.stringify(stored)}`);
  ok('signed in; the key is in sessionStorage only; the session is listed');
}

async function openSession(page) {
  await page.click(`#sessions tr[data-session-id="${sessionId}"] a.session-link`);
  await page.locator('#live-state', { hasText: 'live' }).waitFor();
  await page.locator('#session-title').waitFor();
}

async function live(page) {
  const shot = process.env.DROVER_SCREENSHOT;
  if (shot) await page.screenshot({ path: shot.replace(/\.png$/, '-sessions.png') });
  await openSession(page);
  ok('session page open, stream live');

  // An event appended by someone else shows up without a reload.
  await post(`/v1/sessions/${sessionId}/events`, { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hello from the API' }] }] });
  await row(page, 'user.message', 'hello from the API').waitFor();
  ok('an event appended through the API arrived live');

  // The model asks for an always_ask tool: the page offers the confirmation; deny it with a reason.
  const card = page.locator('#waiting .card').first();
  await card.waitFor();
  await card.locator('.deny-message').fill('not today');
  // An event arriving while the person types must not wipe what they typed.
  await post(`/v1/sessions/${sessionId}/events`, { events: [{ type: 'system.message', content: [{ type: 'text', text: 'an operator note' }] }] });
  await row(page, 'system.message', 'an operator note').waitFor();
  await card.locator('button.deny').click();
  await row(page, 'user.tool_confirmation', 'not today').waitFor();
  await page.locator('li[data-type="agent.tool_use"] .call-status.failed').waitFor();
  await row(page, 'agent.message', 'understood, not running it').waitFor();
  await page.locator('#waiting').waitFor({ state: 'hidden' });
  const stats = await page.locator('#tool-stats tr[data-tool="bash"] td').allTextContents();
  if (stats[1] !== '1' || stats[2] !== '1') throw new Error(`tool stats for bash: ${JSON.stringify(stats)}`);
  ok('the confirmation was denied from the page; the tool stats count 1 call, 1 failure');

  await page.fill('#message', 'sent from the console');
  await page.click('#send');
  await row(page, 'user.message', 'sent from the console').waitFor();
  await row(page, 'agent.message', 'reply to the console').waitFor();
  await page.locator('li[data-type="agent.thinking"]').waitFor();
  await row(page, 'session.status_idle', 'end_turn').last().waitFor();
  ok('a message sent from the page got the agent\'s reply');

  const sent = row(page, 'user.message', 'sent from the console');
  await sent.locator('.raw-toggle').click();
  const raw = sent.locator('pre.raw');
  await raw.waitFor({ state: 'visible' });
  const json = JSON.parse(await raw.textContent());
  if (json.type !== 'user.message' || json.content?.[0]?.text !== 'sent from the console' || !json.id?.startsWith('sevt_')) {
    throw new Error(`raw JSON of the sent message: ${JSON.stringify(json)}`);
  }
  ok('the raw JSON of an event opens on a click');

  const span = page.locator('li[data-type="span.model_request_end"] .ev-summary').first();
  if (!/model request · .+ · in \d+ · out \d+/.test(await span.textContent())) throw new Error(`span summary: ${await span.textContent()}`);
  ok('spans show duration and tokens');

  if (shot) {
    await page.screenshot({ path: shot, fullPage: true });
    ok(`screenshot saved to ${shot}`);
  }
}

async function custom(page) {
  const listed = page.locator(`#sessions tr[data-session-id="${sessionId}"]`);
  await page.selectOption('#status-filter', 'terminated');
  await listed.waitFor({ state: 'detached' });
  await page.selectOption('#status-filter', 'idle');
  await listed.waitFor();
  ok('the status filter lists the idle session under idle only');

  await page.click('text=older →');
  await listed.waitFor({ state: 'detached' });
  await page.locator('#sessions tbody tr').first().waitFor();
  await page.click('text=← newer');
  await listed.waitFor();
  ok('the list pages to older sessions and back');

  const dropped = await dropFirstStream(page, 3);
  await openSession(page);
  const card = page.locator('#waiting .card[data-custom-tool-use-id]');
  await card.waitFor();
  await page.locator('li[data-type="agent.custom_tool_use"] .call-status', { hasText: 'waiting for client' }).waitFor();
  await card.locator('textarea.custom-result').fill('sunny, 21 C');
  await card.locator('button', { hasText: 'Send result' }).click();
  await row(page, 'user.custom_tool_result', 'get_weather').waitFor();
  await page.locator('li[data-type="agent.custom_tool_use"] .call-status.ok').waitFor();
  ok('a custom tool result sent from the page reached the agent');

  // The model's answer is held mid-stream (ConsoleBrowserTests holds it): the session runs until interrupted.
  await page.locator('li[data-type="span.model_request_start"]').nth(1).waitFor();
  await page.locator('.session-header .status-running').waitFor();
  await page.click('#interrupt');
  await page.locator('li[data-type="user.interrupt"] ~ li[data-type="session.status_idle"]', { hasText: 'end_turn' }).waitFor();
  await page.locator('.session-header .status-idle').waitFor();
  ok('the interrupt button stopped the running turn');

  // The first stream (see dropFirstStream) ended after a few events; the page went on from the last id it saw.
  // (The harness may still be writing: compare until the two agree or 5 s pass.)
  let shown;
  let expected;
  for (const until = Date.now() + 5000; Date.now() < until; await page.waitForTimeout(200)) {
    expected = (await get(`/v1/sessions/${sessionId}/events?limit=1000`)).data.map((e) => e.id);
    shown = await page.locator('#timeline li').evaluateAll((rows) => rows.map((r) => r.dataset.eventId));
    if (JSON.stringify(shown) === JSON.stringify(expected)) break;
  }
  if (JSON.stringify(shown) !== JSON.stringify(expected)) {
    throw new Error(`after the reconnect the timeline is not the log:\n  shown ${shown.join(',')}\n  log   ${expected.join(',')}`);
  }
  if (dropped.requests.length < 2 || dropped.requests[1] !== dropped.lastId) {
    throw new Error(`the reconnect did not resume after id ${dropped.lastId}: Last-Event-ID sent ${JSON.stringify(dropped.requests)}`);
  }
  ok(`after a dropped connection the timeline resumed with no gap and no repeat (${shown.length} events)`);
}

async function xss(page) {
  // The session's title carries markup too: the list must show it as text.
  const listed = page.locator(`#sessions tr[data-session-id="${sessionId}"]`);
  if (await listed.locator('img, script').count() !== 0) throw new Error('markup in the title became elements in the list');
  if (!(await listed.locator('a.session-link').textContent()).includes('<img src=x')) throw new Error('the title is not shown as text');
  await openSession(page);
  const message = page.locator('li[data-type="agent.message"] .text').first();
  await message.waitFor();
  const text = await message.textContent();
  if (!text.includes('<img src=x onerror=') || !text.includes('<script>')) throw new Error(`agent message shown as: ${text}`);
  await page.locator('li.ev-error[data-type="session.error"] .text', { hasText: '<img src=x onerror=' }).first().waitFor();
  await page.locator('li[data-type="agent.message"] .raw-toggle').first().click();
  await page.locator('li[data-type="session.error"] .raw-toggle').first().click();
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => ({
    elements: document.querySelectorAll('#main img, #main script, #main svg, #main iframe').length,
    flag: window.__droverXss ?? null,
  }));
  if (found.elements !== 0 || found.flag !== null) throw new Error(`markup from the model ran or rendered: ${JSON.stringify(found)}`);
  ok('markup in model output, errors and the title is shown as text and never runs');
}

async function preview(page) {
  // The fake model sends the text, then holds the response open: the page shows it as a preview meanwhile.
  await openSession(page);
  await post(`/v1/sessions/${sessionId}/events`, { events: [{ type: 'user.message', content: [{ type: 'text', text: 'preview please' }] }] });
  const previewRow = row(page, 'preview', 'streamed text shown while the model is still answering');
  await previewRow.waitFor();
  if (await page.locator('li[data-type="agent.message"]').count() !== 0) throw new Error('the agent.message was logged before the preview was seen');
  ok('the text of the agent message showed live before the message was logged');
  // Once released, the logged message replaces the preview.
  await row(page, 'agent.message', 'streamed text shown while the model is still answering').waitFor();
  await previewRow.waitFor({ state: 'detached' });
  ok('the logged agent message replaced its preview');
}

/**
 * Serves the page's first event stream from the real one cut after `frames` event frames, then ends it, as a dropped
 * connection would; later streams go to the server. Records the Last-Event-ID of each stream request.
 */
async function dropFirstStream(page, frames) {
  const dropped = { requests: [], lastId: null };
  await page.route('**/events/stream*', async (route) => {
    const request = route.request();
    dropped.requests.push(request.headers()['last-event-id'] ?? null);
    if (dropped.requests.length > 1) return route.continue();
    const upstream = new AbortController();
    const response = await fetch(request.url(), { headers: { 'x-api-key': key, 'Last-Event-ID': '0' }, signal: upstream.signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (text.split('\n\n').length <= frames) text += (await reader.read()).value;
    upstream.abort();
    const cut = text.split('\n\n').slice(0, frames);
    dropped.lastId = /^id: (\d+)$/m.exec(cut.at(-1))[1];
    await route.fulfill({ status: 200, contentType: 'text/event-stream', body: cut.join('\n\n') + '\n\n' });
  });
  return dropped;
}

function row(page, type, text) {
  return page.locator(`li[data-type="${type}"]`, { hasText: text });
}

async function get(path) {
  const response = await fetch(base + path, { headers: { 'x-api-key': key } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function post(path, body) {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function ok(step) {
  console.log(`ok: ${step}`);
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}
