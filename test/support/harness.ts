/**
 * The usual end-to-end setup in one call: a loopback LLM server for the file
 * (scripted reviewer by default, reset before each test) and a fresh temporary
 * workspace per test, with provider environments pointing at the server.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { scriptedReviewer, startLlmServer, type LlmServer } from './llm-server.js';
import { cleanEnv } from './run-cli.js';
import { makeWorkspace, type Workspace } from './workspace.js';

export interface Harness {
  readonly server: LlmServer;
  readonly ws: Workspace;
  anthropicEnv(key?: string): Record<string, string | undefined>;
  openaiEnv(key?: string): Record<string, string | undefined>;
}

export function useHarness(options: { seedRuns?: boolean; config?: string } = {}): Harness {
  let server: LlmServer;
  let ws: Workspace;
  beforeAll(async () => {
    server = await startLlmServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    server.requests.length = 0;
    server.respond = scriptedReviewer();
    server.openaiMode = 'openai';
    server.cap = undefined;
    server.stats = { inFlight: 0, peak: 0, capped: 0, connections: 0 };
    server.batches.clear();
    server.openai.files.clear();
    server.openai.batches.clear();
    server.batchPollsToEnd = 1;
    server.batchResult = undefined;
    ws = await makeWorkspace({ withSeedRuns: options.seedRuns ?? false });
    if (options.config) await ws.write('panel.config.yaml', options.config);
  });
  afterEach(() => ws.remove());
  return {
    get server() {
      return server;
    },
    get ws() {
      return ws;
    },
    anthropicEnv: (key = 'sk-ant-test-key-0000000000') => cleanEnv({ ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: server.anthropicBaseURL, ANTHROPIC_CONFIG_DIR: ws.sdkConfigDir }),
    openaiEnv: (key = 'sk-proj-test-key-000000000000') => cleanEnv({ OPENAI_API_KEY: key, OPENAI_BASE_URL: server.openaiBaseURL }),
  };
}
