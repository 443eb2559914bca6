import { z } from 'zod';
import { chatRequestSchema } from '../openai/chat-request.js';

/**
 * `POST /v1/compare` (SPEC §10). Strict: an unknown field is a 400 naming it. The request-shape
 * fields (tools, response_format, stream) are optional and only decide what a model must support.
 */
const shape = chatRequestSchema.shape;

export const MAX_COMPARE_MODELS = 64;

export const compareInputSchema = z
  .strictObject({
    models: z.array(z.string().min(1).max(256)).min(1).max(MAX_COMPARE_MODELS).optional(),
    route: z.string().min(1).max(256).optional(),
    messages: shape.messages.optional(),
    prompt_tokens: z.number().int().nonnegative().max(100_000_000).optional(),
    max_tokens: z.number().int().positive().max(100_000_000).optional(),
    expected_output_tokens: z.number().int().nonnegative().max(100_000_000).optional(),
    requests: z.number().int().positive().max(1_000_000_000).default(1),
    workload: z.string().min(1).max(64).optional(),
    tools: shape.tools,
    tool_choice: shape.tool_choice,
    functions: shape.functions,
    function_call: shape.function_call,
    response_format: shape.response_format,
    stream: shape.stream,
  })
  .superRefine((v, ctx) => {
    if (v.models && v.route) ctx.addIssue({ code: 'custom', path: ['route'], message: 'give either models or route, not both' });
    if (!v.models && !v.route) ctx.addIssue({ code: 'custom', path: ['models'], message: 'required: a list of models, or a route' });
    if (v.messages && v.prompt_tokens !== undefined) ctx.addIssue({ code: 'custom', path: ['prompt_tokens'], message: 'give either messages or prompt_tokens, not both' });
    if (!v.messages && v.prompt_tokens === undefined) ctx.addIssue({ code: 'custom', path: ['messages'], message: 'required: messages to tokenize, or prompt_tokens' });
  });

export type CompareInput = z.output<typeof compareInputSchema>;
