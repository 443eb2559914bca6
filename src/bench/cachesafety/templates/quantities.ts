import { inr, round2, trap, type CategorySpec } from './spec.js';

/** Numbers (one value changes) and units (the unit or the direction of conversion changes). */

const KM_MI = 0.621371;
const KG_LB = 2.20462;
const KM_PAIRS = [[5, 50], [10, 100], [3, 30], [42, 24]] as const;
const KG_PAIRS = [[5, 50], [2, 20], [12, 21], [70, 7]] as const;
const PCT = [[15, 25, 240], [10, 12, 500], [5, 50, 80], [18, 28, 1500]] as const;
const RENT = [[24000, 3, 4], [1200, 2, 3], [45000, 3, 5], [9600, 4, 6]] as const;
const NUM = 'one number in the prompt changes the answer';

const pct = (p: number, x: number) => round2((p * x) / 100);
const share = (r: number, n: number) => inr(Math.round(r / n));

export const numbers: CategorySpec = {
  category: 'numbers',
  prefix: 'num',
  severity: 'medium',
  outTokens: 40,
  pairs: [
    ...KM_PAIRS.map(([a, b]) => trap('en', `Convert ${a} km to miles.`, `Convert ${b} km to miles.`, [[round2(a * KM_MI)], [round2(b * KM_MI)]], NUM)),
    ...PCT.map(([p, q, x]) => trap('en', `What is ${p}% of ${x}?`, `What is ${q}% of ${x}?`, [[pct(p, x)], [pct(q, x)]], NUM)),
    ...RENT.map(([r, a, b]) => trap('en', `Split ${inr(r)} rent equally between ${a} roommates. How much does each pay?`, `Split ${inr(r)} rent equally between ${b} roommates. How much does each pay?`, [[share(r, a)], [share(r, b)]], NUM)),
    ...KG_PAIRS.map(([a, b]) => trap('hi', `${a} किलो को पाउंड में बदलो।`, `${b} किलो को पाउंड में बदलो।`, [[round2(a * KG_LB)], [round2(b * KG_LB)]], NUM)),
    ...PCT.map(([p, q, x]) => trap('hi', `${x} का ${p} प्रतिशत कितना होता है?`, `${x} का ${q} प्रतिशत कितना होता है?`, [[pct(p, x)], [pct(q, x)]], NUM)),
    ...RENT.map(([r, a, b]) => trap('hi', `${inr(r)} का किराया ${a} लोगों में बराबर बाँटें तो हर एक को कितना देना होगा?`, `${inr(r)} का किराया ${b} लोगों में बराबर बाँटें तो हर एक को कितना देना होगा?`, [[share(r, a)], [share(r, b)]], NUM)),
    ...KM_PAIRS.map(([a, b]) => trap('hinglish', `${a} km ko miles mein convert karo.`, `${b} km ko miles mein convert karo.`, [[round2(a * KM_MI)], [round2(b * KM_MI)]], NUM)),
    ...PCT.map(([p, q, x]) => trap('hinglish', `${x} ka ${p}% kitna hota hai?`, `${x} ka ${q}% kitna hota hai?`, [[pct(p, x)], [pct(q, x)]], NUM)),
    ...RENT.map(([r, a, b]) => trap('hinglish', `${inr(r)} rent ${a} logon mein barabar split karo, har ek ka kitna aayega?`, `${inr(r)} rent ${b} logon mein barabar split karo, har ek ka kitna aayega?`, [[share(r, a)], [share(r, b)]], NUM)),
  ],
};

const f2c = (t: number) => round2(((t - 32) * 5) / 9);
const c2f = (t: number) => round2((t * 9) / 5 + 32);
const TEMPS = [100, 37, 0, 25];
const DIR = 'the direction of conversion flips';
const UNIT = 'the target unit changes';

type PerUnit = [en: string, hi: string, hinglish: string, a: [string, string, string, string], b: [string, string, string, string]];
/** [whole, whole(hi), whole(hinglish), [unit en, unit hi, unit hinglish, value], [...]] */
const PER_UNIT: PerUnit[] = [
  ['a pound', 'एक पाउंड', 'Ek pound', ['ounces', 'औंस', 'ounce', '16'], ['grams', 'ग्राम', 'gram', '453.59']],
  ['a kilogram', 'एक किलो', 'Ek kilo', ['pounds', 'पाउंड', 'pound', '2.2'], ['ounces', 'औंस', 'ounce', '35.27']],
  ['a mile', 'एक मील', 'Ek mile', ['kilometres', 'किलोमीटर', 'kilometre', '1.61'], ['feet', 'फ़ीट', 'feet', '5280']],
  ['a litre', 'एक लीटर', 'Ek litre', ['millilitres', 'मिलीलीटर', 'millilitre', '1000'], ['US cups', 'अमेरिकी कप', 'US cup', '4.23']],
];
const BYTES = [5, 2, 16, 64];
const MI_KM = [10, 25, 100, 42];

export const units: CategorySpec = {
  category: 'units',
  prefix: 'unit',
  severity: 'medium',
  outTokens: 40,
  pairs: [
    ...TEMPS.map((t) => trap('en', `Convert ${t} °F to °C.`, `Convert ${t} °C to °F.`, [[`${f2c(t)} °C`], [`${c2f(t)} °F`]], DIR)),
    ...PER_UNIT.map(([w, , , a, b]) => trap('en', `How many ${a[0]} are in ${w}?`, `How many ${b[0]} are in ${w}?`, [[a[3]], [b[3]]], UNIT)),
    ...BYTES.map((n) => trap('en', `How many MB is ${n} GB?`, `How many MiB is ${n} GiB?`, [[String(n * 1000)], [String(n * 1024)]], 'decimal and binary units differ')),
    ...TEMPS.map((t) => trap('hi', `${t} डिग्री फ़ारेनहाइट को सेल्सियस में बदलो।`, `${t} डिग्री सेल्सियस को फ़ारेनहाइट में बदलो।`, [[`${f2c(t)} °C`], [`${c2f(t)} °F`]], DIR)),
    ...PER_UNIT.map(([, w, , a, b]) => trap('hi', `${w} में कितने ${a[1]} होते हैं?`, `${w} में कितने ${b[1]} होते हैं?`, [[a[3]], [b[3]]], UNIT)),
    ...MI_KM.map((n) => trap('hi', `${n} किलोमीटर कितने मील होते हैं?`, `${n} मील कितने किलोमीटर होते हैं?`, [[round2(n * KM_MI)], [round2(n / KM_MI)]], DIR)),
    ...TEMPS.map((t) => trap('hinglish', `${t} Fahrenheit ko Celsius mein badlo.`, `${t} Celsius ko Fahrenheit mein badlo.`, [[`${f2c(t)} °C`], [`${c2f(t)} °F`]], DIR)),
    ...PER_UNIT.map(([, , w, a, b]) => trap('hinglish', `${w} mein kitne ${a[2]} hote hain?`, `${w} mein kitne ${b[2]} hote hain?`, [[a[3]], [b[3]]], UNIT)),
    ...BYTES.map((n) => trap('hinglish', `${n} GB mein kitne MB hote hain?`, `${n} GiB mein kitne MiB hote hain?`, [[String(n * 1000)], [String(n * 1024)]], 'decimal and binary units differ')),
  ],
};
