import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../openai/chat-request.js';
import { GatewayError } from '../../openai/errors.js';
import { toAnthropicConversation } from './anthropic-messages.js';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

function rejection(messages: ChatMessage[]): { param: string | null; status: number } {
  try {
    toAnthropicConversation(messages);
  } catch (err) {
    if (err instanceof GatewayError) return { param: err.param, status: err.status };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('toAnthropicConversation', () => {
  it('system and developer messages become the top-level system, in order', () => {
    expect(
      toAnthropicConversation([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in Hindi.' }] },
        { role: 'user', content: 'Hi' },
      ]),
    ).toEqual({
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Answer in Hindi.' },
      ],
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('parallel tool calls → tool_use blocks; consecutive tool results share one user turn, results first', () => {
    expect(
      toAnthropicConversation([
        { role: 'user', content: 'Weather and time in Pune?' },
        {
          role: 'assistant',
          content: 'Checking both.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Pune"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":31}' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '14:05 IST' }] },
        { role: 'user', content: 'And tomorrow?' },
      ]).messages,
    ).toEqual([
      { role: 'user', content: 'Weather and time in Pune?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Pune' } },
          { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '{"temp_c":31}' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '14:05 IST' }] },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('images: data URLs → base64 source, http(s) URLs → url source; PDFs → document blocks', () => {
    expect(
      toAnthropicConversation([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQK', filename: 'report.pdf' } },
          ],
        },
      ]).messages,
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'report.pdf' },
        ],
      },
    ]);
  });

  it('an assistant turn with nothing in it is left out; a refusal is what the assistant said', () => {
    expect(
      toAnthropicConversation([
        { role: 'user', content: 'a' },
        { role: 'assistant', content: null },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: null, refusal: 'I cannot help with that.' },
      ]).messages,
    ).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      { role: 'assistant', content: 'I cannot help with that.' },
    ]);
  });

  it.each<[string, ChatMessage[], string]>([
    ['audio input', [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }], 'messages[0].content[0]'],
    ['image detail low', [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } }] }], 'messages[0].content[0].image_url.detail'],
    ['an unsupported image type', [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }] }], 'messages[0].content[0].image_url.url'],
    ['an image that is not base64', [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,rawbytes' } }] }], 'messages[0].content[0].image_url.url'],
    ['an OpenAI file id', [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }], 'messages[0].content[0].file.file_id'],
    ['a participant name', [{ role: 'user', content: 'hi', name: 'asha' }], 'messages[0].name'],
    ['a legacy function message', [{ role: 'function', name: 'f', content: 'x' }], 'messages[0].role'],
    [
      'tool arguments that are not a JSON object',
      [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1,2]' } }] },
      ],
      'messages[1].tool_calls[0].function.arguments',
    ],
  ])('400 for %s, naming %s', (_what, messages, param) => {
    expect(rejection(messages)).toEqual({ param, status: 400 });
  });
});
