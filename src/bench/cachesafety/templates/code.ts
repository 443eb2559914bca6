import type { Language } from '../case-schema.js';
import { trap, type CategorySpec, type PairSpec } from './spec.js';

/**
 * Code that differs by one character (or, for Python, by indentation only): near-identical text,
 * different output. The indentation pairs are the canonicalisation trap: collapsing inner
 * whitespace would merge them.
 */

const QUESTION: Record<Language, string> = {
  en: 'What does this code print?',
  hi: 'यह कोड क्या प्रिंट करेगा?',
  hinglish: 'Yeh code kya print karega?',
};
const block = (lang: Language, fence: string, code: string) => `${QUESTION[lang]}\n\n\`\`\`${fence}\n${code}\n\`\`\``;
const ONE = 'a one-character edit changes what the code does';

type Snippet = (lang: Language) => PairSpec[];

const loopBound: Snippet = (lang) =>
  [5, 10, 7].map((n) => {
    const code = (op: string) => `let sum = 0;\nfor (let i = 0; i ${op} ${n}; i++) sum += i;\nconsole.log(sum);`;
    return trap(lang, block(lang, 'js', code('<')), block(lang, 'js', code('<=')), [[String((n * (n - 1)) / 2)], [String((n * (n + 1)) / 2)]], ONE);
  });

const rangeEnd: Snippet = (lang) =>
  [[10, 11], [20, 21], [5, 6]].map(([a, b]) => {
    const sum = (end: number) => String(((end - 1) * end) / 2);
    return trap(lang, block(lang, 'python', `print(sum(range(1, ${a})))`), block(lang, 'python', `print(sum(range(1, ${b})))`), [[sum(a as number)], [sum(b as number)]], ONE);
  });

const operator: Snippet = (lang) =>
  [[3, 5], [10, 4]].map(([a, b]) => {
    const code = (op: string) => `a, b = ${a}, ${b}\nprint(a ${op} b)`;
    return trap(lang, block(lang, 'python', code('-')), block(lang, 'python', code('+')), [[String((a as number) - (b as number))], [String((a as number) + (b as number))]], ONE);
  });

const comparison: Snippet = (lang) =>
  [['age', 18, '>'], ['score', 0, '>']].map(([name, v, op]) => {
    const code = (o: string) => `const ${name} = ${v};\nconsole.log(${name} ${o} ${v});`;
    return trap(lang, block(lang, 'js', code(op as string)), block(lang, 'js', code(`${op as string}=`)), [['false'], ['true']], ONE);
  });

const indentation: Snippet = (lang) =>
  [2, 3].map((k) => {
    const flat = `for i in range(${k}):\n    print(i)\nprint("done")`;
    const nested = `for i in range(${k}):\n    print(i)\n    print("done")`;
    const out = (inside: boolean) => [...Array(k).keys()].map((i) => (inside ? `${i} done` : `${i}`)).join(' ') + (inside ? '' : ' done');
    return trap(lang, block(lang, 'python', flat), block(lang, 'python', nested), [[out(false)], [out(true)]], 'indentation alone moves a statement into the loop; inner whitespace is meaningful');
  });

const all = (lang: Language) => [loopBound, rangeEnd, operator, comparison, indentation].flatMap((s) => s(lang));

export const codeOneChar: CategorySpec = { category: 'code_one_char', prefix: 'code', severity: 'high', outTokens: 20, pairs: [...all('en'), ...all('hi'), ...all('hinglish')] };
