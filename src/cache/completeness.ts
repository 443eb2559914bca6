import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ChatRequest } from '../openai/chat-request.js';
import type { ChatCompletion } from '../openai/chat-response.js';
import { isCompleteFinish } from '../providers/finish-reason.js';

/**
 * SPEC §5.3: only complete answers are stored — every choice ended normally (stop, tool_calls,
 * length) and, for json_object / json_schema, its content parses (and validates against the
 * schema). Errors, content_filter, aborted and truncated streams never get here or fail here.
 */

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });

const MAX_VALIDATORS = 256;
const validators = new Map<string, ValidateFunction | null>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction | null {
  const key = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
  if (validators.has(key)) return validators.get(key) ?? null;
  let compiled: ValidateFunction | null;
  try {
    compiled = ajv.compile(schema);
  } catch {
    compiled = null; // a schema ajv cannot compile: we cannot vouch for the answer, so do not store it
  }
  if (validators.size >= MAX_VALIDATORS) validators.delete(validators.keys().next().value as string);
  validators.set(key, compiled);
  return compiled;
}

export type Incomplete = { complete: false; reason: string };
export type Completeness = { complete: true } | Incomplete;

export function checkComplete(req: ChatRequest, completion: ChatCompletion): Completeness {
  if (completion.choices.length === 0) return { complete: false, reason: 'no choices' };
  for (const choice of completion.choices) {
    if (!isCompleteFinish(choice.finish_reason)) return { complete: false, reason: `finish_reason ${String(choice.finish_reason)}` };
  }
  const format = req.response_format;
  if (format?.type === 'json_object' || format?.type === 'json_schema') {
    for (const choice of completion.choices) {
      if (choice.finish_reason === 'tool_calls') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(choice.message.content ?? '');
      } catch {
        return { complete: false, reason: 'content is not valid JSON' };
      }
      if (format.type === 'json_schema' && format.json_schema.schema) {
        const validate = validatorFor(format.json_schema.schema);
        if (!validate) return { complete: false, reason: 'json_schema could not be compiled' };
        if (!validate(parsed)) return { complete: false, reason: 'content does not match json_schema' };
      }
    }
  }
  return { complete: true };
}
