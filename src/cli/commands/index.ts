import type { Command } from '../command.js';
import { approve, label, retract } from './approve.js';
import { batch } from './batch.js';
import { edit, override, reject } from './correct.js';
import { queue } from './queue.js';
import { check } from './check.js';
import { compare } from './compare.js';
import { desk } from './desk.js';
import { diff } from './diff.js';
import { history } from './history.js';
import { init } from './init.js';
import { models } from './models.js';
import { personas } from './personas.js';
import { publish } from './publish.js';
import { regen } from './regen.js';
import { replay } from './replay.js';
import { review } from './review.js';
import { serve } from './serve.js';
import { show } from './show.js';
import { stats } from './stats.js';
import { tools } from './tools.js';
import { watch } from './watch.js';

/** Every command, in the order `panel --help` lists them. */
export const COMMANDS: Record<string, Command> = {
  review,
  compare,
  regen,
  watch,
  history,
  diff,
  replay,
  show,
  batch,
  check,
  tools,
  personas,
  models,
  stats,
  queue,
  desk,
  approve,
  override,
  edit,
  reject,
  label,
  retract,
  init,
  publish,
  serve,
};
