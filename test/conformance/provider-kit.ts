import type { MockHandler, RecordedRequest } from '../support/mock-upstream.js';

/**
 * What a provider adapter brings to the conformance suite: a mock upstream that speaks that
 * provider's documented wire format (JSON and SSE), driven by scenarios, plus checks on the
 * translated request. The suite itself drives the gateway with the official `openai` SDK.
 */

export interface ScenarioUsage {
  /** Tokens as OpenAI counts them: prompt includes cached, completion includes reasoning. */
  prompt: number;
  completion: number;
  cached: number;
  reasoning: number;
}

export type Scenario =
  | { kind: 'text'; text: string; usage: ScenarioUsage }
  | { kind: 'tool'; calls: Array<{ id: string; name: string; args: Record<string, unknown> }>; usage: ScenarioUsage }
  | { kind: 'json'; value: Record<string, unknown>; usage: ScenarioUsage }
  | { kind: 'error'; status: 401 | 429 | 500; message: string };

export interface ProviderKit {
  /** Suite name, e.g. "anthropic" or "openai-compatible/deepseek". */
  name: string;
  /** Provider id as used in config (`providers.<id>`). */
  provider: string;
  /** Catalog model id the suite requests. */
  model: string;
  /** Skip reasons for scenarios this provider/model cannot do (the suite reports them). */
  skips?: Partial<Record<'vision' | 'json_schema' | 'tools' | 'stream', string>>;
  /** Mock upstream behaviour for a scenario; `stream` tells whether the gateway asked for SSE. */
  handler(scenario: Scenario): MockHandler;
  /** True when the recorded upstream request asked for a stream (protocol-specific). */
  isStreamRequest(req: RecordedRequest): boolean;
  /** Assertions on how the gateway translated a request (auth header, path, body fields). */
  checkRequest(req: RecordedRequest, context: { stream: boolean; apiKey: string }): void;
  /** The tool-result turn as the upstream received it, normalised for comparison. */
  toolResultSeen(req: RecordedRequest): { toolCallId: string; content: string } | null;
  /** Whether the upstream received an image part (vision scenario). */
  imageSeen(req: RecordedRequest): boolean;
}
