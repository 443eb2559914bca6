import { pathToFileURL } from 'node:url';
import { canonicalJson } from '../../util/canonical-json.js';
import { requestKey } from './answer-classes.js';
import { caseSchema, isTrapCategory, type BenchCase } from './case-schema.js';
import { defaultDatasetDir, loadTraces, readCaseLines, type RawLine } from './dataset.js';
import { defaultSettings } from './pricing.js';

/**
 * Consistency checks on the dataset. A mislabelled case is worse than a missing one: it turns a
 * bad hit into a "safe" one. Errors fail the bench before it runs; warnings are printed.
 */

export interface LintIssue {
  where: string;
  rule: string;
  message: string;
}
export interface LintResult {
  cases: number;
  errors: LintIssue[];
  warnings: LintIssue[];
}

const DEVANAGARI = /[\u0900-\u097F]/;
const MIN_PER_TRAP_CATEGORY = 30;

function lastUserText(c: BenchCase): string {
  const last = [...c.probe.request.messages].reverse().find((m) => m.role === 'user');
  const content = last?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => ('text' in p ? p.text : '')).join(' ');
}

/** The rules for one well-formed case. */
function caseIssues(c: BenchCase, ttlS: number): Array<[rule: string, message: string]> {
  const out: Array<[string, string]> = [];
  const sameRequest = requestKey(c.seed.request) === requestKey(c.probe.request);
  const sameScope = canonicalJson(c.seed.scope) === canonicalJson(c.probe.scope);
  const sameFingerprint = canonicalJson([...c.truth.seed_fingerprint].sort()) === canonicalJson([...c.truth.probe_fingerprint].sort());
  const gapS = (Date.parse(c.probe.at) - Date.parse(c.seed.at)) / 1000;
  const trap = isTrapCategory(c.category);
  if (gapS < 0) out.push(['probe-before-seed', 'the probe is dated before its seed']);
  if (trap && c.truth.answer === 'same') out.push(['trap-labelled-same', `a ${c.category} trap is labelled "same"`]);
  if (!trap && c.truth.answer === 'different') out.push(['control-labelled-different', `a ${c.category} control is labelled "different"`]);
  if (c.truth.answer === 'same') {
    if (!sameFingerprint) out.push(['same-fingerprints-differ', 'labelled "same" but the seed and probe fingerprints differ']);
    if (!sameScope) out.push(['must-hit-scope-differs', 'a must-hit case must keep one tenant and user']);
    if (gapS > ttlS) out.push(['must-hit-expired', `seed and probe are ${gapS} s apart, beyond the ${ttlS} s TTL`]);
  } else {
    if (sameFingerprint) out.push(['different-fingerprints-equal', "labelled \"different\" but the seed's answer key would pass the probe"]);
    if (sameRequest && sameScope && (c.category !== 'time_dependent' || gapS === 0)) out.push(['different-but-identical', 'labelled "different" but seed and probe are the same request, scope and time']);
  }
  const hasDevanagari = DEVANAGARI.test(lastUserText(c));
  if (c.language === 'hi' && !hasDevanagari) out.push(['language-script', 'a Hindi case whose probe has no Devanagari']);
  if (c.language !== 'hi' && hasDevanagari) out.push(['language-script', `a ${c.language} case whose probe is written in Devanagari`]);
  return out;
}

export function lintLines(lines: readonly RawLine[], ttlS = defaultSettings().ttlS): LintResult {
  const errors: LintIssue[] = [];
  const warnings: LintIssue[] = [];
  const seen = new Map<string, string>();
  const perCategory = new Map<string, number>();
  for (const line of lines) {
    const where = `${line.file}:${line.line}`;
    const parsed = caseSchema.safeParse(line.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) errors.push({ where, rule: 'schema', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      continue;
    }
    const c = parsed.data;
    const at = `${where} (${c.id})`;
    const first = seen.get(c.id);
    if (first) errors.push({ where: at, rule: 'duplicate-id', message: `id already used at ${first}` });
    seen.set(c.id, where);
    if (line.file !== `${c.category}.jsonl`) errors.push({ where: at, rule: 'wrong-file', message: `a ${c.category} case belongs in ${c.category}.jsonl` });
    perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + 1);
    for (const [rule, message] of caseIssues(c, ttlS)) errors.push({ where: at, rule, message });
  }
  for (const [category, n] of perCategory) {
    if (n < MIN_PER_TRAP_CATEGORY && isTrapCategory(category as BenchCase['category'])) {
      warnings.push({ where: category, rule: 'small-category', message: `${n} cases; a zero-failure claim needs ~${MIN_PER_TRAP_CATEGORY}+ (rule of three: 3/n)` });
    }
  }
  return { cases: lines.length, errors, warnings };
}

/** Cases plus the traces: references resolve, order holds, declared mixes match what is there. */
export function lintDataset(dir = defaultDatasetDir()): LintResult {
  const lines = readCaseLines(dir);
  const result = lintLines(lines);
  const byId = new Map<string, BenchCase>();
  for (const l of lines) {
    const p = caseSchema.safeParse(l.value);
    if (p.success) byId.set(p.data.id, p.data);
  }
  for (const { spec, items } of loadTraces(dir)) {
    const err = (where: string, rule: string, message: string) => result.errors.push({ where: `traces/${spec.file}${where}`, rule, message });
    const declared = Object.values(spec.mix).reduce((a, b) => a + b, 0);
    if (Math.abs(declared - 1) > 1e-9) err('', 'mix-sum', `declared shares sum to ${declared}, not 1`);
    if (items.length !== spec.requests) err('', 'trace-length', `manifest says ${spec.requests} requests, file has ${items.length}`);
    const classOf = new Map<string, string>();
    items.forEach((t, i) => {
      const c = byId.get(t.ref.case);
      if (!c) return err(`#${t.seq}`, 'unknown-case', `refers to ${t.ref.case}, which is not in the cases`);
      if (t.seq !== i) err(`#${t.seq}`, 'trace-order', `expected seq ${i}`);
      if (i > 0 && Date.parse(t.at) < Date.parse(items[i - 1]?.at ?? t.at)) err(`#${t.seq}`, 'trace-order', 'timestamps go backwards');
      const key = requestKey(c[t.ref.side].request);
      const known = classOf.get(key);
      if (known !== undefined && known !== t.answer_class) err(`#${t.seq}`, 'class-conflict', `the same request is in ${known} and ${t.answer_class}`);
      classOf.set(key, t.answer_class);
    });
    for (const kind of Object.keys(spec.mix) as Array<keyof typeof spec.mix>) {
      const actual = items.filter((t) => t.kind === kind).length / Math.max(1, items.length);
      if (Math.abs(actual - spec.mix[kind]) > 0.02) err('', 'mix-mismatch', `${kind}: declared ${spec.mix[kind]}, actual ${actual.toFixed(3)}`);
    }
  }
  return result;
}

// `node dist/bench/cachesafety/lint-dataset.js [dir]`: exit 1 on errors (also `nextmodel bench cachesafety --lint`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = lintDataset(process.argv[2]);
  for (const i of [...result.errors, ...result.warnings]) process.stderr.write(`${i.where}: [${i.rule}] ${i.message}\n`);
  process.stdout.write(`${result.cases} cases, ${result.errors.length} errors, ${result.warnings.length} warnings\n`);
  process.exitCode = result.errors.length > 0 ? 1 : 0;
}
