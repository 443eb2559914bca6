import type { ChatRequest } from '../openai/chat-request.js';

/**
 * Requests whose right answer depends on when they are asked ("what's the latest…", "आज का…")
 * get the short TTL (SPEC §5.5). English, Hindi (Devanagari) and common Hinglish spellings.
 */
const ENGLISH = /\b(today|tonight|now|right now|currently|current|latest|recent|recently|this (?:week|month|year|morning|evening)|yesterday|tomorrow|breaking|live score|up[- ]to[- ]date|as of)\b/i;
const HINDI = /(आज|अभी|अब तक|इस समय|वर्तमान|ताज़ा|ताजा|नवीनतम|हाल ही|कल|इस हफ़्ते|इस हफ्ते|इस महीने|इस साल)/;
const HINGLISH = /\b(aaj|aj|abhi|abhee|kal|iss? (?:hafte|mahine|saal))\b/i;

function textsOf(req: ChatRequest): string[] {
  const out: string[] = [];
  for (const m of req.messages) {
    if (m.role !== 'user' && m.role !== 'system' && m.role !== 'developer') continue;
    const c = m.content;
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c)) for (const p of c) if (p.type === 'text') out.push(p.text);
  }
  return out;
}

export function isTimeSensitive(req: ChatRequest): boolean {
  return textsOf(req).some((t) => ENGLISH.test(t) || HINDI.test(t) || HINGLISH.test(t));
}
