import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema, type ChatRequest } from '../../openai/chat-request.js';
import { GatewayError } from '../../openai/errors.js';
import { buildGeminiRequest } from './gemini-request.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/gemini/${name}`, import.meta.url), 'utf8'));

const gemini3 = { upstreamModel: 'gemini-3.1-pro-preview', reasoningModel: true };
const gemini25 = { upstreamModel: 'gemini-2.5-flash', reasoningModel: true };

const request = (extra: Record<string, unknown> = {}): ChatRequest =>
  chatRequestSchema.parse({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...extra });

function rejection(req: ChatRequest, target = gemini3): { status: number; param: string | null; message: string } {
  try {
    buildGeminiRequest(req, target);
  } catch (err) {
    if (err instanceof GatewayError) return { status: err.status, param: err.param, message: err.message };
    throw err;
  }
  throw new Error('expected a 400');
}

describe('buildGeminiRequest', () => {
  it('translates a full request (recorded fixture): roles, images, tool calls and results, config', () => {
    const req = chatRequestSchema.parse(fixture('chat-request.json'));
    expect(buildGeminiRequest(req, gemini3)).toEqual(fixture('expected-request.json'));
  });

  it('sends a minimal body for a minimal request', () => {
    expect(buildGeminiRequest(request(), { upstreamModel: 'gemini-2.5-flash-lite', reasoningModel: false })).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
  });

  it('asks for thought summaries on reasoning models, so reasoning_content can be returned', () => {
    expect(buildGeminiRequest(request(), gemini3).generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
  });

  it('maps reasoning_effort to a thinking budget on Gemini 2.x and a thinking level on Gemini 3', () => {
    expect(buildGeminiRequest(request({ reasoning_effort: 'medium' }), gemini25).generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 8192, includeThoughts: true });
    expect(buildGeminiRequest(request({ reasoning_effort: 'none' }), gemini25).generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 0 });
    expect(buildGeminiRequest(request({ reasoning_effort: 'minimal' }), gemini3).generationConfig?.thinkingConfig).toEqual({ thinkingLevel: 'MINIMAL', includeThoughts: true });
    expect(rejection(request({ reasoning_effort: 'none' }), gemini3)).toMatchObject({ status: 400, param: 'reasoning_effort' });
    expect(rejection(request({ reasoning_effort: 'minimal' }), gemini25)).toMatchObject({ status: 400, param: 'reasoning_effort' });
    expect(rejection(request({ reasoning_effort: 'xhigh' }), gemini3)).toMatchObject({ status: 400, param: 'reasoning_effort' });
  });

  it('maps tool_choice: none, required, a named function; json_object to a MIME type only', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    expect(buildGeminiRequest(request({ tools, tool_choice: 'none' }), gemini25).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(buildGeminiRequest(request({ tools, tool_choice: 'required' }), gemini25).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(buildGeminiRequest(request({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }), gemini25).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    });
    expect(buildGeminiRequest(request({ tools }), gemini25).toolConfig).toBeUndefined();
    expect(rejection(request({ tools, tool_choice: { type: 'function', function: { name: 'nope' } } }))).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(buildGeminiRequest(request({ response_format: { type: 'json_object' }, max_tokens: 50, stop: 'END' }), { upstreamModel: 'gemini-2.5-flash', reasoningModel: false }).generationConfig).toEqual({
      maxOutputTokens: 50,
      stopSequences: ['END'],
      responseMimeType: 'application/json',
    });
  });

  it('signs unsigned function-call history with the documented placeholder on Gemini 3 only', () => {
    const messages = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Pune"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_01', content: 'sunny' },
    ];
    const model3 = buildGeminiRequest(request({ messages }), gemini3).contents[1];
    expect(model3).toEqual({
      role: 'model',
      parts: [{ functionCall: { id: 'toolu_01', name: 'get_weather', args: { city: 'Pune' } }, thoughtSignature: 'skip_thought_signature_validator' }],
    });
    const model25 = buildGeminiRequest(request({ messages }), gemini25).contents[1];
    expect(model25).toEqual({ role: 'model', parts: [{ functionCall: { id: 'toolu_01', name: 'get_weather', args: { city: 'Pune' } } }] });
    expect(buildGeminiRequest(request({ messages }), gemini25).contents[2]).toEqual({
      role: 'user',
      parts: [{ functionResponse: { id: 'toolu_01', name: 'get_weather', response: { output: 'sunny' } } }],
    });
  });

  it('rejects what Gemini cannot honour with a 400 naming the parameter', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ logit_bias: { '50256': -100 } }, 'logit_bias'],
      [{ verbosity: 'low' }, 'verbosity'],
      [{ functions: [{ name: 'f' }] }, 'functions'],
      [{ parallel_tool_calls: false, tools: [{ type: 'function', function: { name: 'f' } }] }, 'parallel_tool_calls'],
      [{ service_tier: 'flex' }, 'service_tier'],
      [{ modalities: ['text', 'audio'] }, 'modalities'],
      [{ top_logprobs: 2 }, 'top_logprobs'],
      [{ tool_choice: 'required' }, 'tool_choice'],
      [{ messages: [{ role: 'user', content: 'Hi', name: 'ravi' }] }, 'messages[0].name'],
      [{ messages: [{ role: 'tool', tool_call_id: 'call_x', content: '1' }] }, 'messages[0].tool_call_id'],
      [{ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://example.com/a.png' } }] }] }, 'messages[0].content[0].image_url.url'],
      [{ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/image?id=4' } }] }] }, 'messages[0].content[0].image_url.url'],
      [{ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] }, 'messages[0].content[0].file.file_id'],
      [{ messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] }, 'messages[0].tool_calls[0].function.arguments'],
      [
        {
          messages: [
            {
              role: 'user',
              content: [
                { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==', detail: 'low' } },
                { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==', detail: 'high' } },
              ],
            },
          ],
        },
        'messages',
      ],
      [{ messages: [{ role: 'system', content: 'only a system prompt' }] }, 'messages'],
    ];
    for (const [extra, param] of cases) {
      expect(rejection(request(extra)), param).toMatchObject({ status: 400, param });
    }
  });

  it('translates audio and PDF inputs to inline data', () => {
    const req = request({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    });
    expect(buildGeminiRequest(req, gemini25).contents).toEqual([
      { role: 'user', parts: [{ inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } }, { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } }] },
    ]);
  });
});
