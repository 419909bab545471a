import type { Provider } from './provider.js';
import type { Exchange } from '../shapes/exchange.js';
import { OUTPUT_MODES, openaiWire, type OutputMode } from './openai-wire.js';
import { ProviderCallError, fromSdkError } from './http-error.js';
import { liveExchange, type LiveOptions } from './live.js';
import { openaiClient } from './sdk-clients.js';
import { SERVER_TRAITS, type ServerChoice } from './servers.js';

export interface OpenAIOptions extends LiveOptions {
  /** The server behind the base URL: which response formats it is known to reject. */
  server?: ServerChoice;
  /** Told once per run when a server rejects an output mode and panel steps down. */
  onNotice?: (message: string) => void;
}

/** A 400 that is about the response format, not about anything else in the request. */
function isFormatRejection(error: ProviderCallError): boolean {
  if (error.status !== 400) return false;
  return /response_format|json_schema|json_object|structured output/i.test(`${error.message} ${JSON.stringify(error.body ?? '')}`);
}

/**
 * OpenAI Chat Completions through `openai`, for OpenAI and any
 * OpenAI-compatible server (`baseURL`). Asks for a strict json_schema answer;
 * a server that answers 400 about the response format gets json_object, then
 * plain instructions (skipping a mode the server is known to reject), and the
 * choice holds for the rest of the run. Any other 400 is the call's failure,
 * not a reason to ask less of the server. The parse-and-repair step still
 * guards the answer.
 */
export async function createOpenAIProvider(options: OpenAIOptions): Promise<Provider> {
  const client = await openaiClient(options, 0);
  const classify = (error: unknown) => fromSdkError(error, 'openai', 'OPENAI_API_KEY');
  const rejects = SERVER_TRAITS[options.server ?? 'openai'].rejects;
  const modes = OUTPUT_MODES.filter((m) => !rejects.includes(m));
  let mode: OutputMode = modes[0]!;

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
            () => client.chat.completions.create(request as unknown as Parameters<typeof client.chat.completions.create>[0], { signal: call.signal ?? null }).asResponse() as Promise<Response>,
            classify,
            options,
            call.signal,
            call.throttle,
          );
        } catch (error) {
          const next = modes[modes.indexOf(tried) + 1];
          if (!(error instanceof ProviderCallError) || !isFormatRejection(error) || next === undefined) throw error;
          // Another call of this run may already have stepped down; never step back up.
          if (mode === tried) {
            mode = next;
            options.onNotice?.(`the server rejected response_format ${tried} (${error.message}); using ${next === 'instructions' ? 'plain instructions' : next} for the rest of this run.`);
          }
        }
      }
    },
  };
}
