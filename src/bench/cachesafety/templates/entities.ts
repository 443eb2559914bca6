import { trap, type CategorySpec } from './spec.js';

/** Entity swaps (the answer names or depends on the entity) and argument order (PAWS-style swaps). */

type Pair<T> = [T, T];
// [name en, name hi, answer en, answer hi]
type Entity = [string, string, string, string];
const CAPITALS: Array<Pair<Entity>> = [
  [['Australia', 'ऑस्ट्रेलिया', 'Canberra', 'कैनबरा'], ['Austria', 'ऑस्ट्रिया', 'Vienna', 'वियना']],
  [['Nigeria', 'नाइजीरिया', 'Abuja', 'अबुजा'], ['Niger', 'नाइजर', 'Niamey', 'नियामे']],
  [['Slovakia', 'स्लोवाकिया', 'Bratislava', 'ब्रातिस्लावा'], ['Slovenia', 'स्लोवेनिया', 'Ljubljana', 'ल्युब्लियाना']],
  [['Iran', 'ईरान', 'Tehran', 'तेहरान'], ['Iraq', 'इराक़', 'Baghdad', 'बग़दाद']],
];
const ZONES: Array<Pair<[string, string]>> = [
  [['Chicago', 'Central Time'], ['Denver', 'Mountain Time']],
  [['Mumbai', 'IST (UTC+5:30)'], ['Dubai', 'GST (UTC+4)']],
  [['Tokyo', 'JST (UTC+9)'], ['Bangkok', 'ICT (UTC+7)']],
  [['London', 'GMT/BST'], ['Paris', 'CET/CEST']],
];
const BOOKS_EN: Array<Pair<[string, string]>> = [
  [['Pride and Prejudice', '1813'], ['Sense and Sensibility', '1811']],
  [['Nineteen Eighty-Four', '1949'], ['Animal Farm', '1945']],
  [['Swami and Friends', '1935'], ['The Guide', '1958']],
  [['Godaan', '1936'], ['Nirmala', '1927']],
];
const BOOKS_HI: Array<Pair<[string, string]>> = [
  [['गोदान', 'प्रेमचंद'], ['गीतांजलि', 'रवींद्रनाथ टैगोर']],
  [['मधुशाला', 'हरिवंश राय बच्चन'], ['मैला आँचल', 'फणीश्वरनाथ रेणु']],
  [['गुनाहों का देवता', 'धर्मवीर भारती'], ['राग दरबारी', 'श्रीलाल शुक्ल']],
  [['तमस', 'भीष्म साहनी'], ['आधा गाँव', 'राही मासूम रज़ा']],
];
// [city en, city hi, state en, state hi]
const STATES: Array<Pair<Entity>> = [
  [['Pune', 'पुणे', 'Maharashtra', 'महाराष्ट्र'], ['Patna', 'पटना', 'Bihar', 'बिहार']],
  [['Kochi', 'कोच्चि', 'Kerala', 'केरल'], ['Kota', 'कोटा', 'Rajasthan', 'राजस्थान']],
  [['Indore', 'इंदौर', 'Madhya Pradesh', 'मध्य प्रदेश'], ['Imphal', 'इम्फाल', 'Manipur', 'मणिपुर']],
  [['Surat', 'सूरत', 'Gujarat', 'गुजरात'], ['Shimla', 'शिमला', 'Himachal Pradesh', 'हिमाचल प्रदेश']],
];
const ENT = 'a different entity has a different answer';

export const entitySwap: CategorySpec = {
  category: 'entity_swap',
  prefix: 'ent',
  severity: 'high',
  outTokens: 30,
  pairs: [
    ...CAPITALS.map(([a, b]) => trap('en', `What is the capital of ${a[0]}?`, `What is the capital of ${b[0]}?`, [[a[2]], [b[2]]], ENT)),
    ...ZONES.map(([a, b]) => trap('en', `Which time zone is ${a[0]} in?`, `Which time zone is ${b[0]} in?`, [[a[1]], [b[1]]], ENT)),
    ...BOOKS_EN.map(([a, b]) => trap('en', `Who wrote ${a[0]}, and when was it first published?`, `Who wrote ${b[0]}, and when was it first published?`, [[a[0], a[1]], [b[0], b[1]]], 'the answer names the book and its year')),
    ...CAPITALS.map(([a, b]) => trap('hi', `${a[1]} की राजधानी क्या है?`, `${b[1]} की राजधानी क्या है?`, [[a[3]], [b[3]]], ENT)),
    ...STATES.map(([a, b]) => trap('hi', `${a[1]} किस राज्य में है?`, `${b[1]} किस राज्य में है?`, [[a[3]], [b[3]]], ENT)),
    ...BOOKS_HI.map(([a, b]) => trap('hi', `${a[0]} किसने लिखी?`, `${b[0]} किसने लिखी?`, [[a[1]], [b[1]]], ENT)),
    ...CAPITALS.map(([a, b]) => trap('hinglish', `${a[0]} ki capital kya hai?`, `${b[0]} ki capital kya hai?`, [[a[2]], [b[2]]], ENT)),
    ...STATES.map(([a, b]) => trap('hinglish', `${a[0]} kis state mein hai?`, `${b[0]} kis state mein hai?`, [[a[2]], [b[2]]], ENT)),
    ...ZONES.map(([a, b]) => trap('hinglish', `${a[0]} ka time zone kya hai?`, `${b[0]} ka time zone kya hai?`, [[a[1]], [b[1]]], ENT)),
  ],
};

const CURRENCIES: Array<[string, string, string, string]> = [['USD', 'EUR', 'डॉलर', 'यूरो'], ['INR', 'USD', 'रुपये', 'डॉलर'], ['GBP', 'INR', 'पाउंड', 'रुपये'], ['JPY', 'INR', 'येन', 'रुपये']];
const SUBTRACT = [[7, 20], [15, 40], [3, 11], [100, 250]] as const;
// [a en, b en, a hi, b hi]; a is taller/bigger than b.
const TALLER: Array<[string, string, string, string]> = [
  ['Mount Everest', 'K2', 'माउंट एवरेस्ट', 'K2'],
  ['the Burj Khalifa', 'the Eiffel Tower', 'बुर्ज ख़लीफ़ा', 'एफ़िल टॉवर'],
  ['Kangchenjunga', 'Nanda Devi', 'कंचनजंगा', 'नंदा देवी'],
  ['the Statue of Unity', 'the Statue of Liberty', 'स्टैच्यू ऑफ़ यूनिटी', 'स्टैच्यू ऑफ़ लिबर्टी'],
];
const BIGGER: Array<[string, string]> = [['Jupiter', 'Saturn'], ['Sun', 'Earth'], ['Rajasthan', 'Kerala'], ['Pacific Ocean', 'Indian Ocean']];
const ORDER = 'swapping the two arguments reverses the answer';

export const argumentOrder: CategorySpec = {
  category: 'argument_order',
  prefix: 'ord',
  severity: 'high',
  outTokens: 30,
  pairs: [
    ...CURRENCIES.map(([x, y]) => trap('en', `Convert 100 ${x} to ${y}.`, `Convert 100 ${y} to ${x}.`, [[`${x}→${y}`], [`${y}→${x}`]], ORDER)),
    ...SUBTRACT.map(([a, b]) => trap('en', `Subtract ${a} from ${b}.`, `Subtract ${b} from ${a}.`, [[String(b - a)], [String(a - b)]], ORDER)),
    ...TALLER.map(([a, b]) => trap('en', `Is ${a} taller than ${b}?`, `Is ${b} taller than ${a}?`, [['yes'], ['no']], ORDER)),
    ...CURRENCIES.map(([x, y, xh, yh]) => trap('hi', `100 ${xh} को ${yh} में बदलो।`, `100 ${yh} को ${xh} में बदलो।`, [[`${x}→${y}`], [`${y}→${x}`]], ORDER)),
    ...SUBTRACT.map(([a, b]) => trap('hi', `${b} में से ${a} घटाओ।`, `${a} में से ${b} घटाओ।`, [[String(b - a)], [String(a - b)]], ORDER)),
    ...TALLER.map(([, , a, b]) => trap('hi', `क्या ${a}, ${b} से ऊँचा है?`, `क्या ${b}, ${a} से ऊँचा है?`, [['हाँ'], ['नहीं']], ORDER)),
    ...CURRENCIES.map(([x, y]) => trap('hinglish', `100 ${x} ko ${y} mein convert karo.`, `100 ${y} ko ${x} mein convert karo.`, [[`${x}→${y}`], [`${y}→${x}`]], ORDER)),
    ...SUBTRACT.map(([a, b]) => trap('hinglish', `${b} mein se ${a} minus karo.`, `${a} mein se ${b} minus karo.`, [[String(b - a)], [String(a - b)]], ORDER)),
    ...BIGGER.map(([a, b]) => trap('hinglish', `Kya ${a} ${b} se bada hai?`, `Kya ${b} ${a} se bada hai?`, [['haan'], ['nahi']], ORDER)),
  ],
};
