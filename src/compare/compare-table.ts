import type { CompareResult } from './compare-models.js';

/** A compare answer as console table rows plus footnotes (the CLI's non-JSON output). */

export const COMPARE_COLUMNS = ['model', 'provider', 'source', 'status', 'prompt', 'output', '₹ fresh/req', '₹ cache/req', '₹ fresh total', '₹ cache total', '$ fresh total', 'context', 'latency p50', 'fits'];

export function compareRows(result: CompareResult): Array<Record<string, string>> {
  return result.candidates.map((c) => ({
    model: c.id,
    provider: c.provider,
    source: c.source_region,
    status: c.status === 'retired' && c.replacement ? `retired → ${c.replacement}` : c.status,
    prompt: `${c.tokens.prompt_tokens}${c.tokens.estimated ? '~' : ''}`,
    output: String(c.tokens.output_tokens),
    '₹ fresh/req': c.cost?.fresh.per_request.inr ?? 'no price',
    '₹ cache/req': c.cost?.exact_cache.per_request.inr ?? '-',
    '₹ fresh total': c.cost?.fresh.total.inr ?? '-',
    '₹ cache total': c.cost?.exact_cache.total.inr ?? '-',
    '$ fresh total': c.cost?.fresh.total.usd ?? '-',
    context: c.context_window === null ? '?' : String(c.context_window),
    'latency p50': c.latency.total_ms_p50 === null ? '-' : `${c.latency.total_ms_p50} ms (${c.latency.origin})`,
    fits: c.fits.all ? 'yes' : c.fits.request ? `yes, once ${c.provider} has a key` : `no: ${c.reasons.join('; ')}`,
  }));
}

export function compareFootnotes(result: CompareResult): string[] {
  const notes = [
    `${result.requests} request(s); prompt ${result.prompt.tokens} tokens (${result.prompt.source === 'tokenized' ? `${result.tokenizer.library} ${result.tokenizer.encoding}` : 'given'}), output ${result.output_tokens} tokens assumed`,
    `rates: ₹${result.rates.usd_inr}/USD, ₹${result.rates.cny_inr}/CNY; exact-cache replay charged ${100 - result.rates.exact_cache_discount_pct}% of list; fresh markup ${result.rates.fresh_markup_pct}%; catalog ${result.catalog_version}`,
  ];
  if (result.candidates.some((c) => c.tokens.estimated)) notes.push('~ prompt tokens are an estimate for this model (its own tokenizer differs from o200k_base)');
  const cny = result.candidates.filter((c) => c.price.currency === 'CNY').map((c) => c.id);
  if (cny.length) notes.push(`priced in CNY only, converted: ${cny.join(', ')}`);
  if (result.cheapest_fit) notes.push(`cheapest that fits: ${result.cheapest_fit}`);
  return notes;
}
