import type { BenchRequest, Language } from '../case-schema.js';
import { chat, control, system, user, type CategorySpec, type PairSpec } from './spec.js';

/**
 * Must-hit controls, part 1: exact repeats (including the same body with its JSON keys in
 * another order) and normalisation variants (outer whitespace, Unicode forms, inner spacing,
 * case). Without controls a cache that never hits would look perfect.
 */

// [question, topic fingerprint]
const QUESTIONS: Record<Language, Array<[string, string]>> = {
  en: [['How do I reset my password?', 'password-reset'], ['What is the difference between RAM and ROM?', 'ram-vs-rom'], ['Give me a recipe for masala chai.', 'masala-chai'], ['Explain what an API is.', 'api'], ['What are the symptoms of dehydration?', 'dehydration'], ['How does compound interest work?', 'compound-interest'], ['Write a haiku about the monsoon.', 'monsoon-haiku'], ['Suggest a good name for a bakery in Pune.', 'bakery-name'], ['How can I improve my credit score?', 'credit-score'], ['What is the boiling point of water at sea level?', 'boiling-point']],
  hi: [['मैं अपना पासवर्ड कैसे रीसेट करूँ?', 'password-reset'], ['RAM और ROM में क्या अंतर है?', 'ram-vs-rom'], ['मसाला चाय बनाने की विधि बताइए।', 'masala-chai'], ['API क्या होता है, समझाइए।', 'api'], ['पानी की कमी के लक्षण क्या हैं?', 'dehydration'], ['चक्रवृद्धि ब्याज कैसे काम करता है?', 'compound-interest'], ['मानसून पर एक छोटी कविता लिखिए।', 'monsoon-poem'], ['पुणे में बेकरी के लिए एक अच्छा नाम सुझाइए।', 'bakery-name'], ['मैं अपना क्रेडिट स्कोर कैसे सुधारूँ?', 'credit-score'], ['समुद्र तल पर पानी का क्वथनांक क्या है?', 'boiling-point']],
  hinglish: [['Password reset kaise karte hain?', 'password-reset'], ['RAM aur ROM mein kya difference hai?', 'ram-vs-rom'], ['Masala chai ki recipe batao.', 'masala-chai'], ['API kya hota hai, samjhao.', 'api'], ['Dehydration ke symptoms kya hain?', 'dehydration'], ['Compound interest kaise kaam karta hai?', 'compound-interest'], ['Monsoon pe ek haiku likho.', 'monsoon-haiku'], ['Pune mein bakery ke liye accha naam batao.', 'bakery-name'], ['Credit score kaise improve karein?', 'credit-score'], ['Sea level pe paani ka boiling point kya hai?', 'boiling-point']],
};
const PERSONA: Record<Language, string> = { en: 'You are a concise, friendly assistant.', hi: 'आप एक संक्षिप्त और मददगार सहायक हैं।', hinglish: 'Tum ek short aur helpful assistant ho.' };

/** The same body with its keys (top level and inside the tool schema) written in another order. */
function reordered(q: string): [BenchRequest, BenchRequest] {
  const params = { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] };
  const a: BenchRequest = { messages: [user(q)], temperature: 0, max_tokens: 400, tools: [{ type: 'function', function: { name: 'search_help', parameters: params } }] };
  const b: BenchRequest = { tools: [{ function: { parameters: { required: ['query'], properties: { query: { type: 'string' } }, type: 'object' }, name: 'search_help' }, type: 'function' }], max_tokens: 400, temperature: 0, messages: [user(q)] };
  return [a, b];
}

const REPEAT = 'an exact repeat: same scope, same request';
function repeats(lang: Language): PairSpec[] {
  return QUESTIONS[lang].flatMap(([q, topic]) => {
    const [a, b] = reordered(q);
    return [
      control(lang, q, q, [`topic:${topic}`], REPEAT),
      control(lang, chat([system(PERSONA[lang]), user(q)]), chat([system(PERSONA[lang]), user(q)]), [`topic:${topic}`], REPEAT),
      control(lang, { request: a }, { request: b }, [`topic:${topic}`], 'the same request with its JSON keys in another order'),
    ];
  });
}

export const exactRepeat: CategorySpec = { category: 'exact_repeat', prefix: 'rep', severity: 'low', outTokens: 150, pairs: [...repeats('en'), ...repeats('hi'), ...repeats('hinglish')] };

// Latin text with accents: written NFC here, sent decomposed (NFD) as the probe.
const ACCENTED: Array<[string, string]> = [['What is a café au lait?', 'cafe-au-lait'], ['How do I format my résumé?', 'resume'], ['Who was Pelé?', 'pele'], ['What does naïve mean?', 'naive'], ['Where is São Paulo?', 'sao-paulo'], ['What is a jalapeño?', 'jalapeno'], ['What is crème brûlée?', 'creme-brulee'], ['In which country is Zürich?', 'zurich'], ['Who composed the New World Symphony, Dvořák or Smetana?', 'dvorak']];
// Devanagari with nukta letters: NFC keeps them as letter + nukta; the probe uses the precomposed code points (U+0958–U+095F).
const NUKTA: Array<[string, string]> = [['पासपोर्ट के लिए कौन-से ज़रूरी दस्तावेज़ चाहिए?', 'passport-docs'], ['फ़ोन की बैटरी जल्दी ख़त्म क्यों होती है?', 'battery-drain'], ['बुख़ार में क्या खाना चाहिए?', 'fever-food'], ['फ़िक्स्ड डिपॉज़िट पर कितना टैक्स लगता है?', 'fd-tax'], ['ग़ज़ल और नज़्म में क्या फ़र्क़ है?', 'ghazal-nazm'], ['ज़ुकाम का घरेलू इलाज क्या है?', 'cold-remedy'], ['क़ुतुब मीनार किसने बनवाई?', 'qutub-minar'], ['सड़क पर गाड़ी चलाने के नियम क्या हैं?', 'road-rules'], ['पेड़ों को पानी कब देना चाहिए?', 'watering-trees']];
const PRECOMPOSED: Record<string, string> = { क: '\u0958', ख: '\u0959', ग: '\u095A', ज: '\u095B', ड: '\u095C', ढ: '\u095D', फ: '\u095E', य: '\u095F' };
const precompose = (s: string) => s.normalize('NFC').replace(/([कखगजडढफय])\u093C/g, (_, c: string) => PRECOMPOSED[c] ?? c);
const doubleSpaced = (s: string) => s.replace(/ /g, '  ');
const allQuestions = (lang: Language) => QUESTIONS[lang].slice(0, 9);

const OUTER = 'outer whitespace only (canonical_cache trims it)';
const UNICODE = 'the same text in another Unicode form (canonical_cache applies NFC)';
const INNER = 'inner spacing or letter case only: same meaning, but canonical_cache leaves it alone by design';

function variants(lang: Language): PairSpec[] {
  const outer = allQuestions(lang).map(([q, t]) => control(lang, q, `  ${q}\n`, [`topic:${t}`], OUTER));
  const inner = allQuestions(lang).map(([q, t]) => control(lang, q, lang === 'hi' ? doubleSpaced(q) : q.toLowerCase().replace(/[?.]$/, ''), [`topic:${t}`], INNER));
  const unicode =
    lang === 'en'
      ? ACCENTED.map(([q, t]) => control(lang, q.normalize('NFC'), q.normalize('NFD'), [`topic:${t}`], UNICODE))
      : lang === 'hi'
        ? NUKTA.map(([q, t]) => control(lang, q.normalize('NFC'), precompose(q), [`topic:${t}`], UNICODE))
        : allQuestions(lang).map(([q, t]) => control(lang, q, doubleSpaced(q), [`topic:${t}`], INNER));
  return [...outer, ...unicode, ...inner];
}

export const normalisation: CategorySpec = { category: 'normalisation', prefix: 'norm', severity: 'low', outTokens: 150, pairs: [...variants('en'), ...variants('hi'), ...variants('hinglish')] };

