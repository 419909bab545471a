import type { Tool } from '../../shapes/tool.js';
import type { EstimatedCall } from '../../cost/estimate.js';
import type { Persona } from '../../personas/persona.js';
import type { CallParams } from '../../providers/wire.js';
import { WIRES } from '../../providers/wire-registry.js';
import { buildPickPrompt, pickSchemaHash, REPAIR_PICK, PICK_REQUEST } from '../../review/pick.js';
import { personaLens, SHARED_RULES, toolPromptFields } from '../../review/prompt.js';
import { pickSchema, type Pick } from '../../shapes/answers.js';
import { pickRecordSchema, type PickInputs, type PickRecord } from '../../shapes/comparison-record.js';
import { NO_USAGE } from '../../shapes/usage.js';
import { hashOf } from '../../util/hash.js';
import { providerKey, type Planner, type Route } from '../plan/plan.js';
import type { Session } from '../session.js';
import type { CallKind } from './call-kind.js';

/** One planned pick: a persona, the order the two tools are shown in, where it runs, and its identity, computed once. */
export interface PlannedPick {
  persona: Persona;
  order: 'AB' | 'BA';
  provider: string;
  api: 'anthropic' | 'openai';
  model: string;
  recused?: string;
  params: CallParams;
  inputs: PickInputs;
  fingerprint: string;
}

/** Every input of one pick, hashed one by one. */
function pickInputs(first: Tool, second: Tool, persona: Persona, route: Route, params: CallParams): PickInputs {
  const { model: _model, ...rest } = params;
  return {
    first: hashOf(toolPromptFields(first)),
    second: hashOf(toolPromptFields(second)),
    rules: hashOf(SHARED_RULES),
    persona: hashOf([personaLens(persona), PICK_REQUEST]),
    provider: hashOf(providerKey(route)),
    model: hashOf(route.model),
    params: hashOf(rest),
    schema: pickSchemaHash(),
  };
}

/** The pair's picks: each persona in both orders, A first then B first. */
export function planPicks(tools: readonly [Tool, Tool], personas: readonly Persona[], route: (p: Persona) => Route, planner: Planner): PlannedPick[] {
  return personas.flatMap((persona) => {
    const r = route(persona);
    return (['AB', 'BA'] as const).map((order) => {
      const [first, second] = order === 'AB' ? tools : [tools[1], tools[0]];
      const params = r.recused ? { model: r.model, maxTokens: 0 } : planner.paramsFor(first, persona, r);
      const inputs = pickInputs(first, second, persona, r, params);
      return { persona, order, provider: r.provider, api: r.api, model: r.model, ...(r.recused ? { recused: r.recused } : {}), params, inputs, fingerprint: hashOf(inputs) };
    });
  });
}

function subjectOf(call: PlannedPick) {
  return { persona: call.persona.id, personaName: call.persona.name, order: call.order, model: call.model, provider: call.provider, api: call.api, inputs: call.inputs, fingerprint: call.fingerprint };
}

/** The second kind of call: one persona's pick between two tools, in one order (`compare --head-to-head`, `regen`). */
export function pickCalls(session: Session, tools: readonly [Tool, Tool]): CallKind<PlannedPick, PickRecord, Pick> {
  const shown = (call: PlannedPick) => (call.order === 'AB' ? tools : ([tools[1], tools[0]] as const));
  const prompt = (call: PlannedPick) => buildPickPrompt(...shown(call), call.persona);
  return {
    noun: 'pick',
    entrySchema: pickRecordSchema,
    slot: (of) => `${typeof of.persona === 'string' ? of.persona : of.persona.id}/${of.order}`,
    prompt,
    answerSchema: () => pickSchema,
    repairAsk: REPAIR_PICK,
    requestInputs(call) {
      const { first, second, ...rest } = call.inputs;
      return { ...rest, tool: hashOf([first, second]) };
    },
    persona: (call) => call.persona.id,
    estimate(call): EstimatedCall {
      const request = WIRES[call.api].buildRequest(prompt(call), call.params);
      const charsPerToken = session.model(call.model, call.api).entry.chars_per_token;
      return { model: call.model, requestChars: JSON.stringify(request).length, maxTokens: call.params.maxTokens, ...(charsPerToken ? { charsPerToken } : {}) };
    },
    record(call, result, calls) {
      const [first, second] = shown(call);
      const outcome =
        'answer' in result ? { status: 'ok' as const, pick: result.answer, slug: result.answer.choice === 'A' ? first.slug : second.slug } : { status: 'failed' as const, error: result.error };
      return { ...subjectOf(call), ...outcome, ...calls };
    },
    recused: (call) => ({ ...subjectOf(call), status: 'recused', recusal: call.recused!, exchanges: [], usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 }),
  };
}
