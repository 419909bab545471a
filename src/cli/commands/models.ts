import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

export const models = defineCommand({
  usage: 'models',
  summary: 'the model table: how each model is asked, its price, its retirement',
  help: `Usage: panel models [--json]

Lists the model table (models.yaml in the package, with the config's
\`models:\` file laid over it): each model's provider and maker, how panel asks
it for a structured answer, its list price per million input and output
tokens, its prompt-cache minimum and its retirement date. Models past
retirement are marked RETIRED. Calls no model.
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    noPositionals(args, 'panel models');
    const [{ sessionFor }, { renderModels }] = await Promise.all([import('../session.js'), import('../../render/models-table.js')]);
    const session = await sessionFor(args, io);
    io.stdout.write(renderModels(session.models, session.now(), format));
    return 0;
  },
});
