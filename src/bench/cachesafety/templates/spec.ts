import type { BenchRequest, Category, Language, Severity } from '../case-schema.js';

/**
 * What a hand-written template produces before the generator gives it an id, a scope and a
 * timestamp. Templates are data written in TypeScript so each pair's fingerprints can be
 * computed from its values (5 km → "3.11") instead of typed twice.
 */

export interface TurnSpec {
  request: BenchRequest;
  tenant?: string;
  user?: string;
  /** Absolute time (time-dependent cases); otherwise the generator spaces turns a few minutes apart. */
  at?: string;
}

export interface PairSpec {
  lang: Language;
  seed: TurnSpec;
  probe: TurnSpec;
  answer: 'same' | 'different';
  fp: [string[], string[]];
  why: string;
  severity?: Severity;
  outTokens?: number;
}

export interface CategorySpec {
  category: Category;
  /** Id prefix: "neg" → neg-001. */
  prefix: string;
  severity: Severity;
  outTokens: number;
  pairs: PairSpec[];
}

type Message = BenchRequest['messages'][number];

export const user = (content: string): Message => ({ role: 'user', content });
export const system = (content: string): Message => ({ role: 'system', content });
export const assistant = (content: string): Message => ({ role: 'assistant', content });

/** A deterministic single-question request (temperature 0, the usual cacheable shape). */
export const ask = (text: string, extra: Partial<BenchRequest> = {}): TurnSpec => ({ request: { messages: [user(text)], temperature: 0, ...extra } });

export const chat = (messages: Message[], extra: Partial<BenchRequest> = {}): TurnSpec => ({ request: { messages, temperature: 0, ...extra } });

/** A trap: reuse would be wrong. */
export function trap(lang: Language, seed: TurnSpec | string, probe: TurnSpec | string, fp: [string[], string[]], why: string, extra: Partial<PairSpec> = {}): PairSpec {
  return { lang, seed: typeof seed === 'string' ? ask(seed) : seed, probe: typeof probe === 'string' ? ask(probe) : probe, answer: 'different', fp, why, ...extra };
}

/** A must-hit control: the seed's answer is a correct answer to the probe. */
export function control(lang: Language, seed: TurnSpec | string, probe: TurnSpec | string, fp: string[], why: string, extra: Partial<PairSpec> = {}): PairSpec {
  return { lang, seed: typeof seed === 'string' ? ask(seed) : seed, probe: typeof probe === 'string' ? ask(probe) : probe, answer: 'same', fp: [fp, fp], why, ...extra };
}

export const round2 = (n: number): string => (Math.round(n * 100) / 100).toString();
export const inr = (n: number): string => `₹${n.toLocaleString('en-IN')}`;
export const list = (items: readonly string[]): string => items.join(', ');
