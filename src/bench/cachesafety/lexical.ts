/**
 * A lexical stand-in for an embedding model: character 3–5-gram TF-IDF vectors, cosine
 * similarity. It is a PROXY for semantic (embedding) caches, not one: it under-hits on
 * paraphrases with different words and over-hits on look-alikes (one digit, "not", swapped
 * arguments) — the failure pattern the trap suite exists to expose. Its numbers must not be
 * quoted as embedding-cache numbers.
 */

export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

const N_MIN = 3;
const N_MAX = 5;

/** NFC, lower case, whitespace collapsed: the usual pre-processing before an embedder. */
export const prepare = (text: string): string => ` ${text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim()} `;

function grams(text: string): Map<string, number> {
  const chars = [...prepare(text)];
  const counts = new Map<string, number>();
  for (let n = N_MIN; n <= N_MAX; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
  }
  return counts;
}

export class TfIdf {
  private readonly vocab = new Map<string, number>();
  private readonly df: number[] = [];
  private docs = 0;
  private readonly memo = new Map<string, SparseVector>();

  /** Document frequencies from a corpus (the run's own texts, as a domain-tuned embedder would see). */
  constructor(corpus: Iterable<string>) {
    for (const text of corpus) {
      this.docs++;
      for (const g of grams(text).keys()) {
        let id = this.vocab.get(g);
        if (id === undefined) {
          id = this.vocab.size;
          this.vocab.set(g, id);
          this.df.push(0);
        }
        this.df[id] = (this.df[id] ?? 0) + 1;
      }
    }
  }

  vector(text: string): SparseVector {
    const cached = this.memo.get(text);
    if (cached) return cached;
    const entries: Array<[number, number]> = [];
    for (const [g, count] of grams(text)) {
      let id = this.vocab.get(g);
      if (id === undefined) {
        // An n-gram outside the fitted corpus: a stable id with document frequency 0.
        id = this.vocab.size;
        this.vocab.set(g, id);
        this.df.push(0);
      }
      const idf = Math.log((1 + this.docs) / (1 + (this.df[id] ?? 0))) + 1;
      entries.push([id, (1 + Math.log(count)) * idf]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    const v = { ids: Int32Array.from(entries, ([id]) => id), weights: Float64Array.from(entries, ([, w]) => w / norm) };
    this.memo.set(text, v);
    return v;
  }

  similarity(a: string, b: string): number {
    return cosine(this.vector(a), this.vector(b));
  }
}

/** Dot product of two L2-normalised sparse vectors (ids sorted ascending). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) dot += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return dot;
}
