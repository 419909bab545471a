import type { Provider } from './provider.js';
import type { Exchange } from '../shapes/exchange.js';
import { OUTPUT_MODES, openaiWire, type OutputMode } from './openai-wire.js';
import { ProviderCallError, fromSdkError } from './http-error.js';
import { liveExchange, type LiveOptions } from './live.js';
import { openaiClient } from './sdk-clients.js';

export interface OpenAIOptions extends LiveOptions {
  /** Told once per run when a server rejects an output mode and panel steps down. */
  onNotice?: (message: string) => void;
}

/**
 * OpenAI Chat Completions through `openai`. Serves any
 * OpenAI-compatible server through `baseURL`. If the server rejects the
 * strict `json_schema` response format with a 400, it falls back to
 * `json_object`, then to plain instructions, and keeps that choice for the
 * rest of the run; the parse-and-repair step still guards the answer.
 */
export async function createOpenAIProvider(options: OpenAIOptions): Promise<Provider> {
  const client = await openaiClient(options, 0);
  const classify = (error: unknown) => fromSdkError(error, 'openai', 'OPENAI_API_KEY');
  let mode: OutputMode = 'json_schema';

  return {
    name: 'openai',
    wire: openaiWire,
    async complete(call): Promise<Exchange> {
      for (;;) {
        const tried = mode;
        const request = openaiWire.buildRequest(call.prompt, call.params, call.repair, tried);
        try {
          return await liveExchange(
            request,
            () =>
              client.chat.completions
                .create(request as unknown as Parameters<typeof client.chat.completions.create>[0], { signal: call.signal ?? null })
                .asResponse() as Promise<Response>,
            classify,
            options,
            call.signal,
            call.throttle,
          );
        } catch (error) {
          const next = OUTPUT_MODES[OUTPUT_MODES.indexOf(tried) + 1];
          if (!(error instanceof ProviderCallError) || error.status !== 400 || next === undefined) throw error;
          // Another call of this run may already have stepped down; never step back up.
          if (mode === tried) {
            mode = next;
            options.onNotice?.(`The server rejected response_format ${tried} (400: ${error.message}); using ${next} for the rest of this run.`);
          }
        }
      }
    },
  };
}
