import type { Provider } from './provider.js';
import { anthropicWire } from './anthropic-wire.js';
import { fromSdkError } from './http-error.js';
import { liveExchange, type LiveOptions } from './live.js';
import { anthropicClient } from './sdk-clients.js';

/** Anthropic Messages API through `@anthropic-ai/sdk`. */
export async function createAnthropicProvider(options: LiveOptions): Promise<Provider> {
  const client = await anthropicClient(options, 0);
  const classify = (error: unknown) => fromSdkError(error, 'anthropic', 'ANTHROPIC_API_KEY');
  return {
    name: 'anthropic',
    wire: anthropicWire,
    complete(call) {
      const request = anthropicWire.buildRequest(call.prompt, call.params, call.repair);
      return liveExchange(
        request,
        () => client.messages.create(request as unknown as Parameters<typeof client.messages.create>[0], { signal: call.signal ?? null }).asResponse(),
        classify,
        options,
        call.signal,
        call.throttle,
      );
    },
  };
}
