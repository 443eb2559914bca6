/**
 * The Gemini API's `generateContent` wire format, as far as this adapter speaks it
 * (https://ai.google.dev/api/generate-content, https://ai.google.dev/api/caching#Content).
 * Request types are exact (we build them); response types are what a tolerant reader keeps
 * from whatever the API sends (`readGenerateContentResponse`), so nothing above this file
 * touches `unknown` vendor JSON.
 */

// ---- request (what we send) ----

export interface GeminiFunctionCall {
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  /** Opaque, base64: the model's reasoning state, to be sent back unchanged (https://ai.google.dev/gemini-api/docs/thought-signatures). */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** JSON Schema as-is; the alternative `parameters` takes only Gemini's OpenAPI subset. */
  parametersJsonSchema?: Record<string, unknown>;
}

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';

export type GeminiThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: GeminiThinkingLevel;
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  candidateCount?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  responseLogprobs?: boolean;
  logprobs?: number;
  mediaResolution?: 'MEDIA_RESOLUTION_LOW' | 'MEDIA_RESOLUTION_MEDIUM' | 'MEDIA_RESOLUTION_HIGH';
  thinkingConfig?: GeminiThinkingConfig;
}

export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: { functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] } };
  generationConfig?: GeminiGenerationConfig;
}

// ---- response (what we read) ----

export interface GeminiResponsePart {
  text?: string;
  thought: boolean;
  thoughtSignature?: string;
  functionCall?: { id?: string; name: string; args: Record<string, unknown> };
}

export interface GeminiLogprobCandidate {
  token: string;
  logProbability: number;
}

export interface GeminiLogprobsResult {
  chosenCandidates: GeminiLogprobCandidate[];
  topCandidates: GeminiLogprobCandidate[][];
}

export interface GeminiCandidate {
  index: number;
  parts: GeminiResponsePart[];
  finishReason: string | null;
  logprobsResult: GeminiLogprobsResult | null;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
  [k: string]: unknown;
}

export interface GeminiResponse {
  candidates: GeminiCandidate[];
  blockReason: string | null;
  usageMetadata: GeminiUsageMetadata | null;
  modelVersion: string | null;
  responseId: string | null;
}

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

function readPart(raw: Json): GeminiResponsePart {
  const part: GeminiResponsePart = { thought: raw.thought === true };
  const text = str(raw.text);
  if (text !== undefined) part.text = text;
  const signature = str(raw.thoughtSignature);
  if (signature) part.thoughtSignature = signature;
  if (isObject(raw.functionCall)) {
    const fc = raw.functionCall;
    const id = str(fc.id);
    part.functionCall = { name: str(fc.name) ?? '', args: isObject(fc.args) ? fc.args : {}, ...(id ? { id } : {}) };
  }
  return part;
}

function readLogprobCandidate(raw: Json): GeminiLogprobCandidate {
  return { token: str(raw.token) ?? '', logProbability: num(raw.logProbability) ?? 0 };
}

function readLogprobs(raw: unknown): GeminiLogprobsResult | null {
  if (!isObject(raw)) return null;
  return {
    chosenCandidates: list(raw.chosenCandidates).map(readLogprobCandidate),
    topCandidates: list(raw.topCandidates).map((t) => list(t.candidates).map(readLogprobCandidate)),
  };
}

/** A `GenerateContentResponse` (whole, or one stream event), or null when the JSON is not one. */
export function readGenerateContentResponse(raw: unknown): GeminiResponse | null {
  if (!isObject(raw)) return null;
  if (!('candidates' in raw) && !('promptFeedback' in raw) && !('usageMetadata' in raw)) return null;
  // proto3 JSON omits zero values, so the first candidate usually arrives without `index`.
  const candidates = list(raw.candidates).map((c, i): GeminiCandidate => ({
    index: num(c.index) ?? i,
    parts: isObject(c.content) ? list(c.content.parts).map(readPart) : [],
    finishReason: str(c.finishReason) ?? null,
    logprobsResult: readLogprobs(c.logprobsResult),
  }));
  const feedback = isObject(raw.promptFeedback) ? raw.promptFeedback : {};
  return {
    candidates,
    blockReason: str(feedback.blockReason) ?? null,
    usageMetadata: isObject(raw.usageMetadata) ? (raw.usageMetadata as GeminiUsageMetadata) : null,
    modelVersion: str(raw.modelVersion) ?? null,
    responseId: str(raw.responseId) ?? null,
  };
}
