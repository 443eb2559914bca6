import type { ChatRequest } from '../openai/chat-request.js';

/**
 * The `canonical_cache` normalisation (SPEC §5): Unicode NFC and trimmed outer whitespace of
 * text parts — and nothing else. Inner whitespace, case, punctuation and digits can change
 * meaning (code, numbers, negation), so they are left alone.
 */
const norm = (s: string) => s.normalize('NFC').trim();

export function canonicaliseText(req: ChatRequest): ChatRequest {
  return {
    ...req,
    messages: req.messages.map((m) => {
      const content = 'content' in m ? m.content : undefined;
      if (typeof content === 'string') return { ...m, content: norm(content) } as typeof m;
      if (Array.isArray(content)) {
        return { ...m, content: content.map((p) => (p.type === 'text' ? { ...p, text: norm(p.text) } : p)) } as typeof m;
      }
      return m;
    }),
  };
}
