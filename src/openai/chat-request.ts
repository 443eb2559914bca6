import { z } from 'zod';

/**
 * The Chat Completions request we accept: OpenAI's documented body
 * (https://platform.openai.com/docs/api-reference/chat/create) plus the OpenRouter-style routing
 * extras of SPEC §4. Strict at every level we own: an unknown field is a 400 that names it,
 * never silently dropped. Vendor-extension fields that we forward are listed explicitly.
 */

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const audioPart = z.strictObject({
  type: z.literal('input_audio'),
  input_audio: z.strictObject({ data: z.string(), format: z.enum(['wav', 'mp3']) }),
});
const filePart = z.strictObject({
  type: z.literal('file'),
  file: z.strictObject({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
});
const refusalPart = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });

const userContentPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]);
const toolCall = z.strictObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string(), arguments: z.string() }),
});

const systemMessage = z.strictObject({
  role: z.enum(['system', 'developer']),
  content: z.union([z.string(), z.array(textPart).min(1)]),
  name: z.string().optional(),
});
const userMessage = z.strictObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userContentPart).min(1)]),
  name: z.string().optional(),
});
const assistantMessage = z.strictObject({
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))]).nullable().optional(),
  name: z.string().optional(),
  refusal: z.string().nullable().optional(),
  tool_calls: z.array(toolCall).optional(),
  function_call: z.strictObject({ name: z.string(), arguments: z.string() }).nullable().optional(),
  audio: z.strictObject({ id: z.string() }).nullable().optional(),
  // Reasoning text some providers return (DeepSeek, Qwen, Kimi) and clients echo back.
  reasoning_content: z.string().nullable().optional(),
});
const toolMessage = z.strictObject({
  role: z.literal('tool'),
  content: z.union([z.string(), z.array(textPart).min(1)]),
  tool_call_id: z.string().min(1),
});
const functionMessage = z.strictObject({ role: z.literal('function'), content: z.string().nullable(), name: z.string() });

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);

const jsonSchemaObject = z.record(z.string(), z.unknown());

const functionTool = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ or -'),
    description: z.string().optional(),
    parameters: jsonSchemaObject.optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string() }) }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
      description: z.string().optional(),
      schema: jsonSchemaObject.optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

const providerPreferences = z.strictObject({
  order: z.array(z.string()).optional(),
  only: z.array(z.string()).optional(),
  ignore: z.array(z.string()).optional(),
  sort: z.enum(['price', 'latency']).optional(),
  allow_fallbacks: z.boolean().optional(),
  max_price: z
    .strictObject({ prompt: z.number().nonnegative().optional(), completion: z.number().nonnegative().optional() })
    .optional(),
});

/**
 * A model, route or fallback name. Control characters are never part of one, and a NUL cannot be
 * stored in a PostgreSQL text column (the receipt's model_requested): refused here as a 400.
 */
const modelName = z.string().min(1).max(256).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const chatRequestSchema = z.strictObject({
  model: modelName,
  messages: z.array(chatMessageSchema).min(1),
  // sampling and length
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  logit_bias: z.record(z.string(), z.number().min(-100).max(100)).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  // tools and output shape
  tools: z.array(functionTool).max(128).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(),
  verbosity: z.enum(['low', 'medium', 'high']).nullable().optional(),
  // legacy function calling, still sent by older clients
  functions: z.array(functionTool.shape.function).optional(),
  function_call: z.union([z.enum(['none', 'auto']), z.strictObject({ name: z.string() })]).optional(),
  // streaming
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullable().optional(),
  // attribution (do not change output)
  user: z.string().max(256).optional(),
  metadata: z.record(z.string(), z.string().max(512)).nullable().optional(),
  store: z.boolean().nullable().optional(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
  prompt_cache_key: z.string().optional(),
  safety_identifier: z.string().optional(),
  modalities: z.array(z.enum(['text', 'audio'])).nullable().optional(),
  // OpenRouter-style routing extras (SPEC §4)
  models: z.array(modelName).max(16).optional(),
  provider: providerPreferences.optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ProviderPreferences = z.infer<typeof providerPreferences>;

/** Fields that are ours (routing extras), never forwarded upstream as-is. */
export const GATEWAY_ONLY_FIELDS = ['models', 'provider'] as const;

export function wantsStream(req: ChatRequest): boolean {
  return req.stream === true;
}

export function wantsUsageChunk(req: ChatRequest): boolean {
  return req.stream === true && req.stream_options?.include_usage === true;
}
