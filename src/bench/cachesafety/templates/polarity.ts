import type { Language } from '../case-schema.js';
import { list, trap, type CategorySpec, type PairSpec } from './spec.js';

/** Negation (the probe asks for the complement set) and comparatives/superlatives/ordering. */

type Item = [name: string, yes: boolean];

/** "Which of these are X: …?" vs "… are not X …?": the answer is the complement set. */
function complement(lang: Language, lists: Item[][], ask: (l: string) => string, askNot: (l: string) => string, why: string): PairSpec[] {
  return lists.map((items) => {
    const names = items.map(([n]) => n);
    const yes = items.filter(([, y]) => y).map(([n]) => n);
    const no = items.filter(([, y]) => !y).map(([n]) => n);
    return trap(lang, ask(list(names)), askNot(list(names)), [yes, no], why);
  });
}

const isPrime = (n: number) => n > 1 && [...Array(Math.floor(Math.sqrt(n)) + 1).keys()].slice(2).every((d) => n % d !== 0);
const NUMBER_LISTS = [[2, 9, 15, 17], [21, 23, 27, 29], [31, 33, 35, 37], [49, 51, 53, 57]].map((l) => l.map((n): Item => [String(n), isPrime(n)]));

const DOG_EN: Item[][] = [
  [['grapes', false], ['carrots', true], ['chocolate', false]],
  [['apples', true], ['onions', false], ['pumpkin', true], ['raisins', false]],
  [['rice', true], ['garlic', false], ['blueberries', true], ['macadamia nuts', false]],
  [['cucumber', true], ['xylitol gum', false], ['watermelon', true], ['grapes', false]],
];
const DOG_HI: Item[][] = [
  [['अंगूर', false], ['गाजर', true], ['चॉकलेट', false]],
  [['सेब', true], ['प्याज़', false], ['कद्दू', true], ['किशमिश', false]],
  [['चावल', true], ['लहसुन', false], ['खीरा', true], ['चॉकलेट', false]],
  [['तरबूज़', true], ['अंगूर', false], ['गाजर', true], ['प्याज़', false]],
];
const EURO_EN: Item[][] = [
  [['Germany', true], ['Sweden', false], ['Croatia', true], ['Poland', false]],
  [['France', true], ['Denmark', false], ['Finland', true], ['Hungary', false]],
  [['Italy', true], ['Czechia', false], ['Ireland', true], ['Romania', false]],
  [['Spain', true], ['Sweden', false], ['Portugal', true], ['Denmark', false]],
];
const EURO_HI: Item[][] = [
  [['जर्मनी', true], ['स्वीडन', false], ['क्रोएशिया', true], ['पोलैंड', false]],
  [['फ़्रांस', true], ['डेनमार्क', false], ['फ़िनलैंड', true], ['हंगरी', false]],
  [['इटली', true], ['चेकिया', false], ['आयरलैंड', true], ['रोमानिया', false]],
  [['स्पेन', true], ['स्वीडन', false], ['पुर्तगाल', true], ['डेनमार्क', false]],
];
const NEG = 'negation flips the requested set to its complement';

export const negation: CategorySpec = {
  category: 'negation',
  prefix: 'neg',
  severity: 'high',
  outTokens: 60,
  pairs: [
    ...complement('en', DOG_EN, (l) => `Which of these foods are safe for dogs: ${l}?`, (l) => `Which of these foods are not safe for dogs: ${l}?`, NEG),
    ...complement('en', NUMBER_LISTS, (l) => `Which of these numbers are prime: ${l}?`, (l) => `Which of these numbers are not prime: ${l}?`, NEG),
    ...complement('en', EURO_EN, (l) => `Which of these EU countries use the euro: ${l}?`, (l) => `Which of these EU countries do not use the euro: ${l}?`, NEG),
    ...complement('hi', DOG_HI, (l) => `इनमें से कौन-सी चीज़ें कुत्तों के लिए सुरक्षित हैं: ${l}?`, (l) => `इनमें से कौन-सी चीज़ें कुत्तों के लिए सुरक्षित नहीं हैं: ${l}?`, NEG),
    ...complement('hi', NUMBER_LISTS, (l) => `इनमें से कौन-सी संख्याएँ अभाज्य हैं: ${l}?`, (l) => `इनमें से कौन-सी संख्याएँ अभाज्य नहीं हैं: ${l}?`, NEG),
    ...complement('hi', EURO_HI, (l) => `इनमें से कौन-से देश यूरो का इस्तेमाल करते हैं: ${l}?`, (l) => `इनमें से कौन-से देश यूरो का इस्तेमाल नहीं करते: ${l}?`, NEG),
    ...complement('hinglish', DOG_EN, (l) => `Dogs ke liye kaun se foods safe hain: ${l}?`, (l) => `Dogs ke liye kaun se foods safe nahi hain: ${l}?`, NEG),
    ...complement('hinglish', NUMBER_LISTS, (l) => `Inme se kaun se numbers prime hain: ${l}?`, (l) => `Inme se kaun se numbers prime nahi hain: ${l}?`, NEG),
    ...complement('hinglish', EURO_EN, (l) => `Inme se kaun se EU countries euro use karte hain: ${l}?`, (l) => `Inme se kaun se EU countries euro use nahi karte: ${l}?`, NEG),
  ],
};

type Superlative = [en: [string, string], hi: [string, string], hinglish: [string, string], answers: [string, string]];
const SUPERLATIVES: Superlative[] = [
  [['Which is the largest planet in the solar system?', 'Which is the smallest planet in the solar system?'], ['सौरमंडल का सबसे बड़ा ग्रह कौन-सा है?', 'सौरमंडल का सबसे छोटा ग्रह कौन-सा है?'], ['Solar system ka sabse bada planet kaunsa hai?', 'Solar system ka sabse chhota planet kaunsa hai?'], ['Jupiter', 'Mercury']],
  [['Which is the largest ocean?', 'Which is the smallest ocean?'], ['सबसे बड़ा महासागर कौन-सा है?', 'सबसे छोटा महासागर कौन-सा है?'], ['Sabse bada ocean kaunsa hai?', 'Sabse chhota ocean kaunsa hai?'], ['Pacific', 'Arctic']],
  [['Which is the largest continent by area?', 'Which is the smallest continent by area?'], ['क्षेत्रफल में सबसे बड़ा महाद्वीप कौन-सा है?', 'क्षेत्रफल में सबसे छोटा महाद्वीप कौन-सा है?'], ['Area mein sabse bada continent kaunsa hai?', 'Area mein sabse chhota continent kaunsa hai?'], ['Asia', 'Australia']],
  [['Which Indian state has the most people?', 'Which Indian state has the fewest people?'], ['भारत में सबसे ज़्यादा आबादी वाला राज्य कौन-सा है?', 'भारत में सबसे कम आबादी वाला राज्य कौन-सा है?'], ['India mein sabse zyada population wala state kaunsa hai?', 'India mein sabse kam population wala state kaunsa hai?'], ['Uttar Pradesh', 'Sikkim']],
  [['Which is the largest Indian state by area?', 'Which is the smallest Indian state by area?'], ['क्षेत्रफल में भारत का सबसे बड़ा राज्य कौन-सा है?', 'क्षेत्रफल में भारत का सबसे छोटा राज्य कौन-सा है?'], ['Area mein India ka sabse bada state kaunsa hai?', 'Area mein India ka sabse chhota state kaunsa hai?'], ['Rajasthan', 'Goa']],
];
const SORTS = [[42, 7, 19, 3], [15, 8, 23, 4, 16], [100, 55, 78, 12]];
const asc = (l: number[]) => [...l].sort((a, b) => a - b).join(' < ');
const desc = (l: number[]) => [...l].sort((a, b) => b - a).join(' > ');
type Event = [en: string, hi: string, year: number];
const EVENTS: Event[] = [
  ['Taj Mahal completed', 'ताजमहल का निर्माण पूरा हुआ', 1653],
  ['first passenger train in India', 'भारत में पहली यात्री ट्रेन चली', 1853],
  ['Dandi March', 'दांडी मार्च', 1930],
  ['Indian independence', 'भारत की आज़ादी', 1947],
  ['first Moon landing', 'चाँद पर पहली बार इंसान उतरा', 1969],
  ['Revolt of 1857', '1857 की क्रांति', 1857],
];
const EVENT_LISTS = [[0, 2, 3, 5], [1, 3, 4, 0], [5, 4, 1, 2]].map((idx) => idx.map((i) => EVENTS[i] as Event));
const name = (e: Event, hi: boolean) => (hi ? e[1] : e[0]);
const evList = (l: Event[], hi = false) => l.map((e) => `${name(e, hi)} (${e[2]})`).join('; ');
const before = (l: Event[], hi = false) => l.filter((e) => e[2] < 1900).map((e) => name(e, hi));
const after = (l: Event[], hi = false) => l.filter((e) => e[2] >= 1900).map((e) => name(e, hi));
const primesBelow = (n: number) => [...Array(n).keys()].filter(isPrime);
const CMP = 'the comparative or direction word flips which item answers';

export const comparatives: CategorySpec = {
  category: 'comparatives',
  prefix: 'cmp',
  severity: 'medium',
  outTokens: 40,
  pairs: [
    ...SUPERLATIVES.map(([en, , , a]) => trap('en', en[0], en[1], [[a[0]], [a[1]]], CMP)),
    ...SUPERLATIVES.map(([, hi, , a]) => trap('hi', hi[0], hi[1], [[a[0]], [a[1]]], CMP)),
    ...SUPERLATIVES.map(([, , hl, a]) => trap('hinglish', hl[0], hl[1], [[a[0]], [a[1]]], CMP)),
    ...SORTS.map((l) => trap('en', `Sort these numbers in ascending order: ${l.join(', ')}`, `Sort these numbers in descending order: ${l.join(', ')}`, [[asc(l)], [desc(l)]], CMP)),
    ...SORTS.map((l) => trap('hi', `इन संख्याओं को बढ़ते क्रम में लगाइए: ${l.join(', ')}`, `इन संख्याओं को घटते क्रम में लगाइए: ${l.join(', ')}`, [[asc(l)], [desc(l)]], CMP)),
    ...SORTS.map((l) => trap('hinglish', `Inn numbers ko ascending order mein lagao: ${l.join(', ')}`, `Inn numbers ko descending order mein lagao: ${l.join(', ')}`, [[asc(l)], [desc(l)]], CMP)),
    ...EVENT_LISTS.map((l) => trap('en', `Which of these happened before 1900: ${evList(l)}?`, `Which of these happened after 1900: ${evList(l)}?`, [before(l), after(l)], CMP)),
    ...EVENT_LISTS.map((l) => trap('hi', `इनमें से कौन-सी घटनाएँ 1900 से पहले की हैं: ${evList(l, true)}?`, `इनमें से कौन-सी घटनाएँ 1900 के बाद की हैं: ${evList(l, true)}?`, [before(l, true), after(l, true)], CMP)),
    ...EVENT_LISTS.map((l) => trap('hinglish', `Inme se kaun si events 1900 se pehle hui: ${evList(l)}?`, `Inme se kaun si events 1900 ke baad hui: ${evList(l)}?`, [before(l), after(l)], CMP)),
    ...[20, 30, 40].map((n) => trap('en', `List all prime numbers below ${n}.`, `List the odd prime numbers below ${n}.`, [[primesBelow(n).join(',')], [primesBelow(n).filter((p) => p % 2 === 1).join(',')]], 'a scope quantifier (odd) drops 2 from the list')),
  ],
};
