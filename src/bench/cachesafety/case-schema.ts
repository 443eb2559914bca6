import { z } from 'zod';
import { chatRequestSchema } from '../../openai/chat-request.js';

/**
 * The CacheSafety dataset format (data/cachesafety/README.md). A case is one seed → probe pair:
 * the seed's answer is in the cache, the probe arrives later, and the ground truth says whether
 * serving the seed's answer to the probe is safe (`same`) or wrong (`different`).
 */

export const TRAP_CATEGORIES = [
  'negation',
  'numbers',
  'dates',
  'units',
  'entity_swap',
  'argument_order',
  'comparatives',
  'code_one_char',
  'language_switch',
  'system_prompt',
  'tools_params',
  'tenant_user',
  'multi_turn',
  'time_dependent',
] as const;
export const CONTROL_CATEGORIES = ['exact_repeat', 'normalisation', 'paraphrase'] as const;
export const CATEGORIES = [...TRAP_CATEGORIES, ...CONTROL_CATEGORIES] as const;
export const LANGUAGES = ['en', 'hi', 'hinglish'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export type TrapCategory = (typeof TRAP_CATEGORIES)[number];
export type Category = (typeof CATEGORIES)[number];
export type Language = (typeof LANGUAGES)[number];
export type Severity = (typeof SEVERITIES)[number];

export const isTrapCategory = (c: Category): c is TrapCategory => (TRAP_CATEGORIES as readonly string[]).includes(c);

/** An OpenAI chat request without `model`: the bench fills in the model under test. */
export const benchRequestSchema = chatRequestSchema.omit({ model: true, user: true, stream: true, stream_options: true });
export type BenchRequest = z.infer<typeof benchRequestSchema>;

export const scopeSchema = z.strictObject({ tenant: z.string().min(1), user: z.string().min(1) });
export type Scope = z.infer<typeof scopeSchema>;

const isoInstant = z.iso.datetime();

export const turnSchema = z.strictObject({ scope: scopeSchema, at: isoInstant, request: benchRequestSchema });
export type Turn = z.infer<typeof turnSchema>;

/** Keywords or normalised values a correct answer must contain (e.g. "3.11", "lang:hi", "Ottawa"). */
const fingerprint = z.array(z.string().min(1)).min(1);

export const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+-\d{3,}$/, 'ids look like "neg-004"'),
  category: z.enum(CATEGORIES),
  language: z.enum(LANGUAGES),
  severity: z.enum(SEVERITIES),
  seed: turnSchema,
  probe: turnSchema,
  truth: z.strictObject({
    /** `same`: the seed's answer is a correct answer to the probe; `different`: it is not. */
    answer: z.enum(['same', 'different']),
    seed_fingerprint: fingerprint,
    probe_fingerprint: fingerprint,
  }),
  /** Tokens a typical answer takes; prices the request (prompt tokens are estimated from the text). */
  expected_output_tokens: z.number().int().positive(),
  why: z.string().min(1),
});
export type BenchCase = z.infer<typeof caseSchema>;

export const TRACE_KINDS = ['fresh', 'exact', 'paraphrase', 'trap'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

export const traceItemSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  at: isoInstant,
  scope: scopeSchema,
  /** The request is the seed or probe of a case; traces reference cases instead of copying them. */
  ref: z.strictObject({ case: z.string(), side: z.enum(['seed', 'probe']) }),
  kind: z.enum(TRACE_KINDS),
  /** Equivalence class: two requests with the same class may share one answer (vCache's ID_Set idea). */
  answer_class: z.string().min(1),
});
export type TraceItem = z.infer<typeof traceItemSchema>;

export const traceManifestSchema = z.strictObject({
  traces: z.array(
    z.strictObject({
      name: z.string().regex(/^[a-z0-9-]+$/),
      file: z.string(),
      seed: z.number().int(),
      requests: z.number().int().positive(),
      /** Declared shares of each kind, summing to 1. */
      mix: z.strictObject({ fresh: z.number(), exact: z.number(), paraphrase: z.number(), trap: z.number() }),
      /** How long any answer in this trace stays true. */
      validity_s: z.number().int().positive(),
      description: z.string(),
    }),
  ),
});
export type TraceManifest = z.infer<typeof traceManifestSchema>;
export type TraceSpec = TraceManifest['traces'][number];
