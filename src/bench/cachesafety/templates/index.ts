import type { CategorySpec } from './spec.js';
import { codeOneChar } from './code.js';
import { multiTurn, systemPrompt } from './context.js';
import { exactRepeat, normalisation } from './controls.js';
import { dates, timeDependent } from './dates.js';
import { argumentOrder, entitySwap } from './entities.js';
import { languageSwitch } from './language.js';
import { paraphrase } from './paraphrase.js';
import { comparatives, negation } from './polarity.js';
import { numbers, units } from './quantities.js';
import { tenantUser, toolsParams } from './scope-params.js';

/** Every template family, in the order cases are numbered and files are written. */
export const CATEGORY_SPECS: readonly CategorySpec[] = [
  negation,
  numbers,
  dates,
  units,
  entitySwap,
  argumentOrder,
  comparatives,
  codeOneChar,
  languageSwitch,
  systemPrompt,
  toolsParams,
  tenantUser,
  multiTurn,
  timeDependent,
  exactRepeat,
  normalisation,
  paraphrase,
];
