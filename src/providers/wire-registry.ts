import { anthropicWire } from './anthropic-wire.js';
import { openaiWire } from './openai-wire.js';
import type { WireFormat } from './wire.js';

/** Every wire format by the API it speaks; a run record names its API, and replay reads it with the same format. */
export const WIRES: Record<'anthropic' | 'openai', WireFormat> = { anthropic: anthropicWire, openai: openaiWire };
