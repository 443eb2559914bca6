import { execFile, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockUpstream } from '../support/mock-upstream.js';
import { openaiResponder } from '../support/openai-responder.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * The official Python SDK (`openai` on PyPI) against the gateway. It runs only where
 * `python3 -c "import openai"` works. This project's machines and CI reach the npm registry and
 * Debian's packages only; PyPI is unreachable and Debian 12 ships no python3-openai, so the SDK
 * cannot be installed by .ci/run. The test therefore skips everywhere it is absent — in CI too,
 * unlike the Chromium/PostgreSQL/Redis suites of SPEC §2, which CI can install — and says so loudly.
 */

const probe = spawnSync('python3', ['-c', 'import openai, sys; sys.stdout.write(openai.__version__)'], { encoding: 'utf8', timeout: 15_000 });
const pythonSdk = probe.status === 0 ? probe.stdout.trim() : null;
if (!pythonSdk) {
  const why = probe.error ? `python3 not runnable (${probe.error.message})` : `python3 cannot import openai (${(probe.stderr ?? '').trim().split('\n').pop()})`;
  console.warn(
    `[python-openai.test] SKIPPED${process.env.CI ? ' (in CI too)' : ''}: ${why}. PyPI is unreachable from this project's machines and CI, ` +
      'and Debian 12 has no python3-openai package, so the Python SDK cannot be installed here.',
  );
}

const SCRIPT = String.raw`
import json, os, openai
base, key, model = os.environ["NM_BASE_URL"], os.environ["NM_KEY"], os.environ["NM_MODEL"]
client = openai.OpenAI(base_url=base, api_key=key, max_retries=0, timeout=15)
msgs = [{"role": "user", "content": "Hi"}]
raw = client.chat.completions.with_raw_response.create(model=model, messages=msgs)
r = raw.parse()
out = {"content": r.choices[0].message.content, "usage": r.usage.model_dump(), "receipt_id": raw.headers.get("x-nextmodel-receipt-id")}
text, usage = "", None
for chunk in client.chat.completions.create(model=model, messages=msgs, stream=True, stream_options={"include_usage": True}):
    if chunk.choices:
        text += chunk.choices[0].delta.content or ""
    if chunk.usage:
        usage = chunk.usage.model_dump()
out["stream_text"], out["stream_usage"] = text, usage
try:
    openai.OpenAI(base_url=base, api_key="nm_not_a_real_key_0000000000000000000", max_retries=0, timeout=15).chat.completions.create(model=model, messages=msgs)
    out["auth_error"] = None
except openai.AuthenticationError as e:
    out["auth_error"] = {"status": e.status_code, "code": e.code}
print(json.dumps(out))
`;

describe.skipIf(!pythonSdk)(`official Python openai SDK ${pythonSdk ?? '(absent)'} against the gateway`, () => {
  let mock: MockUpstream;
  let tg: TestGateway;
  beforeAll(async () => {
    mock = new MockUpstream(openaiResponder({ content: 'Namaste from the mock upstream.', usage: { prompt_tokens: 11, completion_tokens: 6 } }));
    tg = await startTestGateway({ providers: { openai: { api_key: 'sk-test-provider-key-python-0123456', base_url: await mock.start() } } });
  });
  afterAll(async () => {
    await tg?.close();
    await mock?.stop();
  });

  it('chat completion (with headers), a stream with usage, and a 401 as AuthenticationError', async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('python3', ['-c', SCRIPT], { timeout: 30_000, env: { PATH: process.env.PATH ?? '', NM_BASE_URL: `${tg.baseUrl}/v1`, NM_KEY: tg.projectKey, NM_MODEL: 'gpt-5.5' } }, (err, out, errOut) =>
        err ? reject(new Error(`python failed: ${errOut}`)) : resolve(out),
      ),
    );
    const out = JSON.parse(stdout) as Record<string, any>;
    expect(out.content).toBe('Namaste from the mock upstream.');
    expect(out.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 6, total_tokens: 17 });
    expect(out.receipt_id).toMatch(/^rcpt_/);
    expect(out.stream_text).toBe('Namaste from the mock upstream.');
    expect(out.stream_usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 6 });
    expect(out.auth_error).toEqual({ status: 401, code: 'invalid_api_key' });
    expect(mock.requests).toHaveLength(2);
  });
});
