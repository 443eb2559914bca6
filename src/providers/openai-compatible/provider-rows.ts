import type { OpenAICompatibleRow } from './provider-row.js';

/**
 * Every OpenAI-compatible upstream we serve, as data. Each entry was built from the provider's own
 * API reference (docsUrl) or official SDK; every quirk below carries the link it came from, and a
 * claim no source settled says "unverified" and takes the conservative side (reject, not drop).
 * docs/providers.md is the readable version of this file.
 *
 * Field names are those of our request schema (src/openai/chat-request.ts). Fields only OpenAI
 * documents are rejected for every provider whose reference does not list them.
 */

/** Fields of our schema that come from OpenAI's reference and that most compatible APIs lack. */
const OPENAI_ONLY = [
  'verbosity', // GPT-5 family output-length control
  'functions', // legacy function calling (superseded by tools)
  'function_call',
  'store', // OpenAI stored completions
  'service_tier',
  'prompt_cache_key',
  'safety_identifier',
  'modalities', // audio output
] as const;

const without = (list: readonly string[], ...keep: string[]): string[] => list.filter((p) => !keep.includes(p));

export const OPENAI_COMPATIBLE_ROWS: Readonly<Record<string, OpenAICompatibleRow>> = {
  openai: {
    provider: 'openai',
    defaultBaseUrl: 'https://api.openai.com/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: 'OPENAI_BASE_URL',
    docsUrl: 'https://platform.openai.com/docs/api-reference/chat/create',
    unsupportedParams: [],
    // max_tokens is "deprecated in favor of max_completion_tokens, and is not compatible with
    // o-series models" (openai SDK 6.x ChatCompletionCreateParams, generated from the reference).
    renameParams: { max_tokens: 'max_completion_tokens' },
    // Usage on a stream only with stream_options.include_usage: an extra last chunk with
    // choices: [] and every other chunk "usage": null.
    streamUsage: 'stream_options',
    reasoningField: null,
    notes: [
      'Reasoning text is never returned on Chat Completions; only usage.completion_tokens_details.reasoning_tokens. https://platform.openai.com/docs/api-reference/chat/object',
      'Reasoning models (o-series, gpt-5 family) reject temperature/top_p/logprobs unless reasoning_effort is "none" on models that allow it; the upstream answers 400 itself (model-level, not row-level). https://platform.openai.com/docs/guides/reasoning',
      '`stop` is not supported with o3 / o4-mini (upstream 400). https://platform.openai.com/docs/api-reference/chat/create',
      '`user` is deprecated in favour of safety_identifier and prompt_cache_key; `seed` is deprecated but still accepted. https://platform.openai.com/docs/api-reference/chat/create',
      'Stream chunks carry an `obfuscation` string unless stream_options.include_obfuscation is false; it is padding, not content. https://platform.openai.com/docs/api-reference/chat/create',
    ],
  },

  deepseek: {
    provider: 'deepseek',
    // https://api.deepseek.com/v1 also works ("v1 has nothing to do with the model version").
    defaultBaseUrl: 'https://api.deepseek.com',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    baseUrlEnv: 'DEEPSEEK_BASE_URL',
    docsUrl: 'https://api-docs.deepseek.com/api/create-chat-completion',
    // Not in DeepSeek's request schema (create-chat-completion lists model, messages, thinking,
    // frequency/presence_penalty, max_tokens, response_format, stop, stream, stream_options,
    // temperature, top_p, tools, tool_choice, logprobs, top_logprobs). Unknown fields are ignored,
    // which would be a silent drop, so they are rejected here.
    unsupportedParams: ['n', 'seed', 'logit_bias', 'parallel_tool_calls', 'metadata', ...OPENAI_ONLY],
    unsupportedValues: {
      // response_format: "text" | "json_object" only.
      response_format: ['json_schema'],
      // reasoning_effort is low | high | max; the guide maps minimal→low and medium/xhigh→high
      // but documents no "none" (thinking is switched off with thinking.type=disabled instead).
      // https://api-docs.deepseek.com/guides/thinking_mode
      reasoning_effort: ['none'],
    },
    renameParams: {
      // DeepSeek only knows max_tokens.
      max_completion_tokens: 'max_tokens',
      // DeepSeek's end-user field is `user_id` ([a-zA-Z0-9_-]{1,512}). https://api-docs.deepseek.com/quick_start/rate_limit
      user: 'user_id',
    },
    streamUsage: 'stream_options',
    reasoningField: 'reasoning_content',
    notes: [
      'Thinking mode is on by default; in it temperature, top_p, presence_penalty and frequency_penalty are accepted but have no effect (no error). That is a silent drop the row cannot express per model: the catalog must mark thinking models so the gateway can 400 on them. https://api-docs.deepseek.com/guides/thinking_mode',
      'logprobs/top_logprobs are rejected by the upstream in thinking mode. https://api-docs.deepseek.com/guides/thinking_mode',
      'Assistant turns that carried tool calls must be sent back with their reasoning_content, or the next request fails. https://api-docs.deepseek.com/guides/thinking_mode',
      'Usage: prompt_cache_hit_tokens / prompt_cache_miss_tokens beside prompt_tokens_details.cached_tokens; completion_tokens_details.reasoning_tokens. https://api-docs.deepseek.com/api/create-chat-completion',
      'While a request waits for capacity the stream sends SSE comments ": keep-alive" (non-stream: blank lines before the JSON body). https://api-docs.deepseek.com/quick_start/rate_limit',
      'finish_reason may be insufficient_system_resource. https://api-docs.deepseek.com/api/create-chat-completion',
      'Unverified: tool_choice "required" and named functions in thinking mode (only a third-party client says they are refused).',
    ],
  },

  ark: {
    provider: 'ark',
    defaultBaseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'ARK_API_KEY',
    baseUrlEnv: 'ARK_BASE_URL',
    docsUrl: 'https://www.volcengine.com/docs/82379/1494384',
    // n and seed are not in Ark's Chat API parameter list; metadata neither.
    unsupportedParams: ['n', 'seed', 'metadata', ...without(OPENAI_ONLY, 'service_tier')],
    unsupportedValues: {
      // reasoning_effort: minimal | low | medium | high (minimal = no thinking).
      reasoning_effort: ['none', 'xhigh'],
      // service_tier: auto | default (TPM guarantee package).
      service_tier: ['flex', 'scale', 'priority'],
    },
    // Ark knows both max_tokens (answer only, excludes chain of thought) and max_completion_tokens
    // (answer + reasoning, 1..65536); they are mutually exclusive, so neither is renamed.
    renameParams: {},
    // include_usage → one extra chunk with choices: [] and usage; other chunks carry "usage": null.
    streamUsage: 'stream_options',
    reasoningField: 'reasoning_content',
    notes: [
      '`model` takes a Model ID (doubao-seed-1-6-251015) or an inference endpoint ID (ep-2025…-xxxxx); the docs recommend endpoint IDs, and the response echoes the model ID. https://www.volcengine.com/docs/82379/1494384',
      'Thinking is controlled by `thinking: {type: enabled|disabled|auto}` (not an OpenAI field) or reasoning_effort. https://www.volcengine.com/docs/82379/1494384',
      'On thinking models: stop, logprobs, top_logprobs and logit_bias are not supported; seed-1.8 / 2.0 lack presence/frequency_penalty; seed-2-0-pro/lite fix temperature at 1 and some models fix top_p at 0.95. Model-level; unverified whether the upstream errors or ignores. https://www.volcengine.com/docs/82379/1494384',
      'tool_choice none/required/named only on doubao-seed-1.6 and later. https://www.volcengine.com/docs/82379/1494384',
      'Responses may carry moderation_hit_type and service_tier; response_format json_schema is beta. https://www.volcengine.com/docs/82379/1494384',
      'International (BytePlus ModelArk) host https://ark.ap-southeast.bytepluses.com/api/v3 — unverified: seen only in third-party configs; keys and model IDs differ from Volcengine.',
      'Unverified: `user` (sent by the official volcengine SDK, not listed in the reference) is forwarded.',
    ],
  },

  dashscope: {
    provider: 'dashscope',
    defaultBaseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
    chinaBaseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'DASHSCOPE_API_KEY',
    baseUrlEnv: 'DASHSCOPE_BASE_URL',
    docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/qwen-api-via-openai-chat-completions',
    // Not in the compatible-mode reference: frequency_penalty, logit_bias, user, metadata,
    // reasoning_effort (thinking is enable_thinking / thinking_budget). modalities IS documented
    // (Qwen-Omni audio output).
    unsupportedParams: [
      'frequency_penalty',
      'logit_bias',
      'user',
      'metadata',
      'reasoning_effort',
      ...without(OPENAI_ONLY, 'modalities'),
    ],
    unsupportedValues: {
      // response_format: text | json_object in the reference we read.
      response_format: ['json_schema'],
      // tool_choice: auto | none | {type:function}; no "required".
      tool_choice: ['required'],
    },
    renameParams: { max_completion_tokens: 'max_tokens' },
    streamUsage: 'stream_options',
    reasoningField: 'reasoning_content',
    notes: [
      'Regions: Singapore (dashscope-intl), US (dashscope-us.aliyuncs.com), Beijing (dashscope.aliyuncs.com), Hong Kong (cn-hongkong); API keys are region-specific. https://www.alibabacloud.com/help/en/model-studio/qwen-api-via-openai-chat-completions',
      'temperature is [0, 2) — 2 itself is refused; n is 1–4 and only for non-thinking Qwen3 (n must be 1 with tools); top_logprobs is 0–5. https://www.alibabacloud.com/help/en/model-studio/qwen-api-via-openai-chat-completions',
      'Thinking is enable_thinking (+ thinking_budget); open-source Qwen3 models require enable_thinking=false when not streaming; thinking models cannot force a named tool. https://www.alibabacloud.com/help/en/model-studio/qwen-api-via-openai-chat-completions',
      'Cached tokens: usage.prompt_tokens_details.cached_tokens; system_fingerprint is null; stream chunks carry "usage": null until the include_usage chunk (choices: []). https://docs.qwencloud.com',
      'Unverified: json_schema structured output (newer pages may allow it; rejected until confirmed).',
    ],
  },

  moonshot: {
    provider: 'moonshot',
    defaultBaseUrl: 'https://api.moonshot.ai/v1',
    chinaBaseUrl: 'https://api.moonshot.cn/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'MOONSHOT_API_KEY',
    baseUrlEnv: 'MOONSHOT_BASE_URL',
    docsUrl: 'https://platform.kimi.ai/docs/api/chat',
    // Not in the Kimi chat reference: seed, logit_bias, parallel_tool_calls, metadata.
    // prompt_cache_key and safety_identifier ARE documented.
    unsupportedParams: [
      'seed',
      'logit_bias',
      'parallel_tool_calls',
      'metadata',
      ...without(OPENAI_ONLY, 'prompt_cache_key', 'safety_identifier'),
    ],
    unsupportedValues: {
      // reasoning_effort only on kimi-k3: low | high | max.
      reasoning_effort: ['none', 'minimal', 'medium', 'xhigh'],
    },
    renameParams: {
      // "max_tokens is deprecated, use max_completion_tokens".
      max_tokens: 'max_completion_tokens',
      // The reference documents safety_identifier as the end-user id, not user.
      user: 'safety_identifier',
    },
    streamUsage: 'stream_options',
    reasoningField: 'reasoning_content',
    notes: [
      'Usage puts cached tokens at the top level (usage.cached_tokens), not in prompt_tokens_details. https://platform.kimi.ai/docs/api/chat',
      'The stream example puts usage on the finish chunk (delta {}); older Moonshot docs put it inside choices[0].usage — unverified which current models send. https://platform.kimi.ai/docs/api/chat',
      'kimi-k2.x models fix their sampling parameters: any other temperature is a 400 ("only 1 is allowed" in a third-party report); moonshot-v1 models take temperature [0, 1], n ≤ 5, presence/frequency_penalty. https://platform.kimi.ai/docs/api/chat',
      'kimi-k2.6 thinking: `thinking: {type, keep}`; reasoning text in reasoning_content. https://platform.kimi.ai/docs/api/chat',
      'stop ≤ 5 strings of ≤ 32 bytes. https://platform.kimi.ai/docs/api/chat',
      'Response ids are "cmpl-…"; Kimi tool-call ids look like "functions.get_weather:0". https://platform.kimi.ai/docs/api/chat',
    ],
  },

  zhipu: {
    provider: 'zhipu',
    defaultBaseUrl: 'https://api.z.ai/api/paas/v4',
    chinaBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'ZHIPUAI_API_KEY',
    baseUrlEnv: 'ZHIPUAI_BASE_URL',
    docsUrl: 'https://docs.z.ai/api-reference/llm/chat-completion',
    // The reference lists model, messages, request_id, do_sample, stream, tool_stream, thinking,
    // temperature, top_p, max_tokens, tools, tool_choice, stop, response_format, user_id. None of
    // these OpenAI fields are in it.
    unsupportedParams: [
      'n',
      'logprobs',
      'top_logprobs',
      'logit_bias',
      'seed',
      'presence_penalty',
      'frequency_penalty',
      'parallel_tool_calls',
      'metadata',
      'reasoning_effort',
      ...OPENAI_ONLY,
    ],
    unsupportedValues: {
      response_format: ['json_schema'],
      // tool_choice: only "auto".
      tool_choice: ['none', 'required', 'function'],
    },
    renameParams: {
      max_completion_tokens: 'max_tokens',
      // user_id: 6–128 characters.
      user: 'user_id',
    },
    // No stream_options: usage rides on the finish chunk of every stream.
    streamUsage: 'always',
    reasoningField: 'reasoning_content',
    notes: [
      'Responses and chunks have no `object` field and add request_id (and web_search when used). https://docs.z.ai/api-reference/llm/chat-completion',
      'temperature is [0, 1] (the official SDK clamps to the open interval); top_p [0.01, 1]; stop takes a single string. https://docs.z.ai/api-reference/llm/chat-completion',
      'GLM-4.5+ think by default (`thinking: {type: enabled|disabled}`); reasoning text in reasoning_content. https://docs.z.ai/api-reference/llm/chat-completion',
      'Streamed tool-call arguments arrive whole in one chunk unless tool_stream=true is sent (GLM-4.6). https://docs.z.ai/api-reference/llm/chat-completion',
      'Extra finish reasons: sensitive, network_error, model_context_window_exceeded. https://docs.z.ai/api-reference/llm/chat-completion',
      'Coding-plan keys use https://api.z.ai/api/coding/paas/v4 instead. https://docs.z.ai',
      'Unverified: seed and presence/frequency_penalty (third-party clients disagree); rejected until confirmed.',
    ],
  },

  minimax: {
    provider: 'minimax',
    defaultBaseUrl: 'https://api.minimax.io/v1',
    chinaBaseUrl: 'https://api.minimaxi.com/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'MINIMAX_API_KEY',
    baseUrlEnv: 'MINIMAX_BASE_URL',
    docsUrl: 'https://platform.minimax.io/docs/api-reference/text-openai-api',
    // MiniMax's OpenAI-compatible page supports model, messages, stream, max_completion_tokens,
    // temperature (0, 1], top_p, tools, tool_choice; n only 1. Everything else is rejected or
    // ignored, so the gateway rejects it.
    unsupportedParams: [
      'n',
      'seed', // accepted by the API per MiniMax-Provider-Verifier, but not documented as honoured
      'logprobs',
      'top_logprobs',
      'logit_bias',
      'presence_penalty',
      'frequency_penalty',
      'parallel_tool_calls',
      'response_format',
      'user',
      'metadata',
      'reasoning_effort',
      ...OPENAI_ONLY,
    ],
    unsupportedValues: {
      // MiniMax-Provider-Verifier exercises none | required | auto only.
      tool_choice: ['function'],
    },
    // max_tokens is deprecated in favour of max_completion_tokens.
    renameParams: { max_tokens: 'max_completion_tokens' },
    // Without reasoning_split the model's thinking is inlined in content as <think>…</think>;
    // with it, reasoning moves to message.reasoning_details and content is the answer only.
    extraBody: { reasoning_split: true },
    streamUsage: 'stream_options',
    reasoningField: 'reasoning_details',
    notes: [
      'reasoning_details is an array of {type, id, format, index, text}, not a string; the full assistant message (with reasoning_details) must be sent back in multi-turn tool use. https://platform.minimax.io/docs/api-reference/text-openai-api',
      'MiniMax-M3 streams reasoning as delta.reasoning_content instead. https://github.com/MiniMax-AI/MiniMax-Provider-Verifier',
      'Responses add base_resp {status_code, status_msg}, input_sensitive/output_sensitive flags and usage.total_characters; message carries name and audio_content. https://platform.minimax.io/docs/api-reference/text-chat-openai',
      'Intermediate stream chunks carry "usage": {"total_tokens": 0, "total_characters": 0}; only the last chunk has real counts. Reported in issues, unverified in docs.',
      'The terminating data: [DONE] may be missing (known issue listed by MiniMax-Provider-Verifier); a stream that ended with a finish_reason is complete. https://github.com/MiniMax-AI/MiniMax-Provider-Verifier',
      'temperature must be in (0, 1]: 0 and values above 1 are refused. https://platform.minimax.io/docs/api-reference/text-openai-api',
    ],
  },

  mistral: {
    provider: 'mistral',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'MISTRAL_API_KEY',
    baseUrlEnv: 'MISTRAL_BASE_URL',
    docsUrl: 'https://docs.mistral.ai/api/#tag/chat/operation/chat_completion_v1_chat_completions_post',
    // The API is strict (unknown fields → 422 extra_forbidden), so these would fail anyway; the
    // gateway names them first. ChatCompletionRequest in mistralai/client-ts has none of them.
    unsupportedParams: ['logprobs', 'top_logprobs', 'logit_bias', 'user', 'metadata', 'reasoning_effort', ...OPENAI_ONLY],
    renameParams: {
      max_completion_tokens: 'max_tokens',
      // Mistral's seed is called random_seed.
      seed: 'random_seed',
    },
    // Usage arrives on the finish chunk unasked; stream_options is not in the schema (would 422).
    streamUsage: 'always',
    reasoningField: null,
    notes: [
      'tool_choice accepts auto | none | any | required | named; Mistral tool-call ids are 9 characters [a-zA-Z0-9]. https://github.com/mistralai/client-ts',
      'Streamed tool calls arrive whole (name and full arguments in one chunk). Observed in recordings.',
      'Unknown fields — including assistant-message reasoning_content — are refused with 422 extra_forbidden (seen in issue reports); history from reasoning providers must not carry it here.',
      'Extra request fields: safe_prompt, prompt_mode, prediction; temperature recommended 0.0–0.7. https://github.com/mistralai/client-ts',
      'finish_reason may be model_length. https://docs.mistral.ai/api/',
    ],
  },

  xai: {
    provider: 'xai',
    defaultBaseUrl: 'https://api.x.ai/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'XAI_API_KEY',
    baseUrlEnv: 'XAI_BASE_URL',
    docsUrl: 'https://docs.x.ai/docs/api-reference#chat-completions',
    // xAI marks metadata and service_tier "Not supported. Maintained for compatibility" (accepted,
    // ignored) on its Responses API; treated the same on Chat Completions. The rest are OpenAI-only.
    unsupportedParams: ['metadata', ...OPENAI_ONLY],
    unsupportedValues: {
      // grok-4.3: none | low | medium | high | xhigh; grok-3-mini: low | high.
      reasoning_effort: ['minimal'],
    },
    // The reference documents max_completion_tokens.
    renameParams: { max_tokens: 'max_completion_tokens' },
    // include_usage → a last chunk with choices: [] and usage.
    streamUsage: 'stream_options',
    reasoningField: 'reasoning_content',
    // total_tokens = prompt + completion + reasoning. https://docs.x.ai/docs/guides/reasoning
    completionExcludesReasoning: true,
    notes: [
      'usage.completion_tokens EXCLUDES reasoning tokens: total_tokens = prompt + completion + completion_tokens_details.reasoning_tokens. The normaliser adds reasoning_tokens to completion_tokens (OpenAI semantics) and keeps the raw count in usage.raw_usage. https://docs.x.ai/docs/guides/reasoning',
      'Reasoning models refuse presence_penalty, frequency_penalty and stop (upstream 400); reasoning_effort only on some models (grok-4.20 and grok-build refuse it). https://docs.x.ai/docs/guides/reasoning',
      'Only grok-3-mini / grok-code-fast return reasoning_content; grok-4 family reasoning is hidden (empty deltas while it thinks). https://docs.x.ai/docs/guides/reasoning',
      'Chat Completions is labelled legacy (Responses preferred). Ids look like "<uuid>" (streams: "<uuid>_us-east-1"); model is echoed resolved (aliases → dated or -reasoning ids); usage adds num_sources_used and prompt_tokens_details.text_tokens/image_tokens. https://docs.x.ai/docs/api-reference#chat-completions',
      'Streamed tool calls arrive whole in one chunk. Observed in recordings.',
    ],
  },

  groq: {
    provider: 'groq',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'GROQ_API_KEY',
    baseUrlEnv: 'GROQ_BASE_URL',
    docsUrl: 'https://console.groq.com/docs/openai',
    unsupportedParams: [
      // "will result in a 400 error if they are supplied". https://console.groq.com/docs/openai
      'logprobs',
      'top_logprobs',
      'logit_bias',
      // "If N is supplied, it must be equal to 1" — n=1 is the only value.
      'n',
      // "This is not yet supported by any of our models" (accepted, ignored). groq-python
      // completion_create_params.py, generated from https://console.groq.com/docs/api-reference
      'presence_penalty',
      'frequency_penalty',
      // "This parameter is not currently supported." (same source)
      'metadata',
      'store',
      // Not in Groq's schema.
      'verbosity',
      'prompt_cache_key',
      'safety_identifier',
      'modalities',
    ],
    unsupportedValues: {
      // reasoning_effort: none | default | low | medium | high (gpt-oss: low/medium/high; qwen3: none/default).
      reasoning_effort: ['minimal', 'xhigh'],
      // service_tier: auto | on_demand | flex | performance.
      service_tier: ['default', 'scale', 'priority'],
    },
    // "max_tokens: Deprecated in favor of max_completion_tokens".
    renameParams: { max_tokens: 'max_completion_tokens' },
    streamUsage: 'stream_options',
    reasoningField: 'reasoning',
    notes: [
      'messages[].name is refused with 400 (nested field: the adapter must check messages). https://console.groq.com/docs/openai',
      'temperature 0 is converted to 1e-8. https://console.groq.com/docs/openai',
      'Reasoning text comes in message.reasoning / delta.reasoning (reasoning_format parsed, or include_reasoning for gpt-oss); reasoning_format raw with JSON mode or tools is a 400. https://console.groq.com/docs/reasoning',
      'Every stream also carries x_groq {id} on the first chunk and x_groq.usage (with queue/prompt/completion timings) on the finish chunk, even without include_usage. Observed in recordings.',
      'Streamed tool calls arrive whole in one chunk. Observed in recordings.',
    ],
  },

  together: {
    provider: 'together',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'TOGETHER_API_KEY',
    baseUrlEnv: 'TOGETHER_BASE_URL',
    docsUrl: 'https://docs.together.ai/reference/chat-completions-1',
    unsupportedParams: [
      // Not in together-py CompletionCreateParams.
      'parallel_tool_calls',
      'user',
      'metadata',
      'top_logprobs',
      // Together's logprobs is an integer 0–20 (= top-k), not OpenAI's boolean; a translation
      // (logprobs:true + top_logprobs:k → logprobs:k) is possible but not built, so reject.
      'logprobs',
      ...OPENAI_ONLY,
    ],
    unsupportedValues: {
      // reasoning_effort: low | medium | high.
      reasoning_effort: ['none', 'minimal', 'xhigh'],
    },
    renameParams: { max_completion_tokens: 'max_tokens' },
    // stream_options is not in the SDK's params; usage arrives on the finish chunk.
    streamUsage: 'always',
    reasoningField: 'reasoning',
    notes: [
      'Chunks add choices[].text, delta.token_id, seed and "usage": null until the finish chunk; finish_reason may be "eos". https://github.com/togethercomputer/together-py',
      'Reasoning text in message.reasoning / delta.reasoning; reasoning: {enabled} and reasoning_effort switch it. https://docs.together.ai/reference/chat-completions-1',
      'Extra request fields: top_k, min_p, repetition_penalty, echo, safety_model, chat_template_kwargs, context_length_exceeded_behavior. https://github.com/togethercomputer/together-py',
      'Unverified: temperature range (together-py describes it as 0–1; OpenAI clients send up to 2) and whether usage is ever missing on the finish chunk.',
    ],
  },

  openrouter: {
    provider: 'openrouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    chatPath: '/chat/completions',
    auth: { header: 'authorization', scheme: 'Bearer' },
    apiKeyEnv: 'OPENROUTER_API_KEY',
    baseUrlEnv: 'OPENROUTER_BASE_URL',
    docsUrl: 'https://openrouter.ai/docs/api-reference/overview',
    // Not in OpenRouter's ChatRequest schema (openapi.yaml in OpenRouterTeam/docs), which does list
    // metadata, modalities (text/image/audio), prompt_cache_key, service_tier, reasoning_effort,
    // parallel_tool_calls, logprobs/top_logprobs, logit_bias, seed and user.
    unsupportedParams: ['n', 'verbosity', 'store', 'safety_identifier', 'functions', 'function_call'],
    // "max_tokens (deprecated, use max_completion_tokens)" in the same schema.
    renameParams: { max_tokens: 'max_completion_tokens' },
    // By default OpenRouter routes to providers that ignore parameters they lack; with
    // require_parameters it only routes to providers that support every parameter sent.
    // https://openrouter.ai/docs/features/provider-routing
    extraBody: { provider: { require_parameters: true } },
    // "Usage is always included"; stream_options / usage.include are deprecated no-ops.
    // https://openrouter.ai/docs/use-cases/usage-accounting
    streamUsage: 'always',
    reasoningField: 'reasoning',
    notes: [
      'usage.cost (credits, USD), is_byok, cost_details.upstream_inference_*_cost; prompt_tokens_details.cache_write_tokens. https://openrouter.ai/docs/use-cases/usage-accounting',
      'Streams send SSE comments ": OPENROUTER PROCESSING" while waiting; non-stream bodies may be preceded by whitespace (observed in recordings). https://openrouter.ai/docs/api-reference/errors-and-debugging',
      'Responses add provider (the upstream that served it), native_finish_reason, message.reasoning and reasoning_details; finish_reason may be "error" (a mid-stream error is a final chunk with an `error` key and finish_reason "error", HTTP status still 200). https://openrouter.ai/docs/api-reference/errors-and-debugging',
      'service_tier also accepts "fast" (alias of priority); reasoning_effort is shorthand for reasoning.effort and includes "max". https://openrouter.ai/docs/api-reference/overview',
      'Optional attribution headers HTTP-Referer and X-OpenRouter-Title (X-Title still accepted). https://openrouter.ai/docs/app-attribution',
      'The client `provider` routing object is ours (SPEC §4) and never forwarded; extraBody sets only require_parameters. With it, a parameter no endpoint of the model supports yields an OpenRouter error instead of a silent drop.',
    ],
  },
};
