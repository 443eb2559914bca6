import OpenAI from 'openai';
import { MockUpstream } from '../support/mock-upstream.js';
import { openaiResponder, type Script } from '../support/openai-responder.js';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../support/test-gateway.js';
import type { RecordedRequest } from '../support/mock-upstream.js';

/**
 * A gateway in front of a counting OpenAI mock: every fresh answer says which upstream call it
 * was ("answer #3"), so a test can tell a replay from a new call by content as well as by count.
 */
export interface CacheFixture {
  tg: TestGateway;
  mock: MockUpstream;
  client: OpenAI;
  upstreamCalls(): number;
  setScript(fn: (req: RecordedRequest, n: number) => Script): void;
  close(): Promise<void>;
}

export const MODEL = 'gpt-5.5';

export async function startCacheFixture(overrides: Record<string, unknown> = {}, options: TestGatewayOptions & { mockUrl?: string; mock?: MockUpstream } = {}): Promise<CacheFixture> {
  let scriptFn = (_req: RecordedRequest, n: number): Script => ({ content: `answer #${n}`, usage: { prompt_tokens: 1000, completion_tokens: 200 } });
  let calls = 0;
  const mock =
    options.mock ??
    new MockUpstream((req) => {
      calls++;
      return openaiResponder(scriptFn(req, calls))(req);
    });
  const url = options.mockUrl ?? (await mock.start());
  const tg = await startTestGateway({ providers: { openai: { api_key: 'sk-test-cache-000000000000', base_url: url } }, ...overrides }, {}, options);
  const client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
  return {
    tg,
    mock,
    client,
    upstreamCalls: () => mock.requests.length,
    setScript: (fn) => {
      scriptFn = fn;
    },
    close: async () => {
      await tg.close();
      if (!options.mock) await mock.stop();
    },
  };
}

export async function getReceipt(tg: TestGateway, id: string | null | undefined, key = tg.projectKey): Promise<any> {
  const res = await fetch(`${tg.baseUrl}/v1/receipts/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return res.json();
}
