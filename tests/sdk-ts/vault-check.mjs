// Drives Drover's vaults and credentials with the official Anthropic TypeScript SDK and asserts what comes back,
// above all that no response ever carries a secret.
// Usage: DROVER_BASE_URL=http://127.0.0.1:PORT DROVER_API_KEY=... node vault-check.mjs
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ apiKey: process.env.DROVER_API_KEY, baseURL: process.env.DROVER_BASE_URL, maxRetries: 0 });
const step = (name) => console.log(`ok ${name}`);
const secrets = ['canary-bearer-7f3a', 'canary-access-91bc', 'canary-refresh-55de', 'canary-client-secret-0a1b', 'canary-env-value-c3d4', 'canary-rotated-e5f6'];
const noSecret = (value, what) => {
  const text = JSON.stringify(value);
  for (const s of secrets) assert.ok(!text.includes(s), `${what} carries a secret`);
};

const vault = await client.beta.vaults.create({ display_name: 'ts vault', metadata: { team: 'a' } });
assert.match(vault.id, /^vlt_/);
assert.equal(vault.type, 'vault');
assert.equal(vault.display_name, 'ts vault');
assert.deepEqual(vault.metadata, { team: 'a' });
assert.equal(vault.archived_at, null);
step('vaults.create');

const bearer = await client.beta.vaults.credentials.create(vault.id, {
  display_name: 'bearer',
  auth: { type: 'static_bearer', mcp_server_url: 'https://mcp.example.com/mcp', token: secrets[0] },
});
assert.match(bearer.id, /^vcrd_/);
assert.equal(bearer.type, 'vault_credential');
assert.equal(bearer.vault_id, vault.id);
assert.deepEqual(bearer.auth, { type: 'static_bearer', mcp_server_url: 'https://mcp.example.com/mcp' });
noSecret(bearer, 'static_bearer create');
step('credentials.create static_bearer');

const oauth = await client.beta.vaults.credentials.create(vault.id, {
  auth: {
    type: 'mcp_oauth',
    mcp_server_url: 'https://oauth.example.com/mcp',
    access_token: secrets[1],
    expires_at: new Date(Date.now() + 3600_000).toISOString(),
    refresh: {
      token_endpoint: 'https://auth.example.com/token',
      client_id: 'client-1',
      refresh_token: secrets[2],
      scope: 'read',
      token_endpoint_auth: { type: 'client_secret_basic', client_secret: secrets[3] },
    },
  },
});
assert.equal(oauth.auth.type, 'mcp_oauth');
assert.equal(oauth.auth.refresh.client_id, 'client-1');
assert.equal(oauth.auth.refresh.token_endpoint_auth.type, 'client_secret_basic');
assert.equal(oauth.auth.refresh.scope, 'read');
assert.ok(oauth.auth.expires_at);
noSecret(oauth, 'mcp_oauth create');
step('credentials.create mcp_oauth');

const env = await client.beta.vaults.credentials.create(vault.id, {
  auth: { type: 'environment_variable', secret_name: 'API_TOKEN', secret_value: secrets[4], networking: { type: 'limited', allowed_hosts: ['api.example.com'] } },
});
assert.deepEqual(env.auth, {
  type: 'environment_variable',
  secret_name: 'API_TOKEN',
  networking: { type: 'limited', allowed_hosts: ['api.example.com'] },
  injection_location: { body: true, header: true },
});
step('credentials.create environment_variable');

const updated = await client.beta.vaults.credentials.update(env.id, {
  vault_id: vault.id,
  auth: { type: 'environment_variable', secret_value: secrets[5], injection_location: { body: false } },
  metadata: { rotated: 'yes' },
});
assert.deepEqual(updated.auth.injection_location, { body: false, header: true });
assert.equal(updated.metadata.rotated, 'yes');
noSecret(updated, 'credential update');
step('credentials.update');

const retrieved = await client.beta.vaults.credentials.retrieve(oauth.id, { vault_id: vault.id });
assert.equal(retrieved.id, oauth.id);
noSecret(retrieved, 'credential retrieve');
const listed = [];
for await (const c of client.beta.vaults.credentials.list(vault.id, { limit: 2 })) listed.push(c);
assert.equal(listed.length, 3);
noSecret(listed, 'credential list');
step('credentials.retrieve + list');

await assert.rejects(
  client.beta.vaults.credentials.create(vault.id, { auth: { type: 'static_bearer', mcp_server_url: 'https://mcp.example.com/mcp', token: 'x' } }),
  (e) => e instanceof Anthropic.APIError && e.status === 409,
);
await assert.rejects(
  client.beta.vaults.credentials.create(vault.id, { auth: { type: 'static_bearer', mcp_server_url: 'not a url', token: secrets[0] } }),
  (e) => e instanceof Anthropic.BadRequestError && !JSON.stringify(e.error).includes(secrets[0]),
);
step('credentials.create refusals');

const archivedVault = await client.beta.vaults.archive(vault.id);
assert.ok(archivedVault.archived_at);
const afterArchive = [];
for await (const c of client.beta.vaults.credentials.list(vault.id, { include_archived: true })) afterArchive.push(c);
assert.equal(afterArchive.length, 3);
assert.ok(afterArchive.every((c) => c.archived_at), 'archiving a vault archives its credentials');
step('vaults.archive cascades');

const vaults = [];
for await (const v of client.beta.vaults.list({ include_archived: true })) vaults.push(v.id);
assert.ok(vaults.includes(vault.id));
const deletedCredential = await client.beta.vaults.credentials.delete(bearer.id, { vault_id: vault.id });
assert.deepEqual(deletedCredential, { id: bearer.id, type: 'vault_credential_deleted' });
const deleted = await client.beta.vaults.delete(vault.id);
assert.deepEqual(deleted, { id: vault.id, type: 'vault_deleted' });
await assert.rejects(client.beta.vaults.retrieve(vault.id), (e) => e instanceof Anthropic.NotFoundError);
step('vaults.list + delete');

console.log('all ok');
