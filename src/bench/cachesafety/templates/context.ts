import type { Language } from '../case-schema.js';
import { assistant, chat, system, trap, user, type CategorySpec, type PairSpec } from './spec.js';

/**
 * Context outside the last user message: a different system prompt, or a different earlier
 * conversation before an identical follow-up. Caches that embed only the last message
 * (GPTCache's default, Portkey's semantic mode) cannot see these.
 */

const POLICIES = ['Employees may work from home up to two days a week with manager approval.', 'Refunds are issued to the original payment method within 7 working days.', 'Visitors must sign in at reception and wear a badge at all times.'];
const TOPICS_HI = ['म्यूचुअल फ़ंड', 'आयकर रिटर्न', 'सौर ऊर्जा'];
const TOPICS_HL = ['Mutual funds', 'Income tax return', 'Solar energy'];
const QUESTIONS: Record<Language, string[]> = {
  en: ['Is water a compound?', 'Name three renewable energy sources.', 'What does HTTP stand for?'],
  hi: ['क्या पानी एक यौगिक है?', 'नवीकरणीय ऊर्जा के तीन स्रोत बताइए।', 'HTTP का पूरा नाम क्या है?'],
  hinglish: ['Kya paani ek compound hai?', 'Teen renewable energy sources batao.', 'HTTP ka full form kya hai?'],
};
// [company a, days a, company b, days b]
const REFUNDS: Array<[string, number, string, number]> = [['Acme', 30, 'Globex', 14], ['Initech', 7, 'Umbrella', 10], ['ShopKart', 15, 'QuickBuy', 45]];

const FORMAT: Record<Language, [string, string]> = {
  en: ['Reply in one sentence.', 'Reply as exactly 5 bullet points.'],
  hi: ['एक वाक्य में जवाब दीजिए।', 'ठीक पाँच बिंदुओं में जवाब दीजिए।'],
  hinglish: ['Ek line mein jawab do.', 'Exactly 5 points mein jawab do.'],
};
const JSON_ONLY: Record<Language, string> = {
  en: 'Respond only with JSON: {"answer": string, "confidence": number}.',
  hi: 'केवल JSON में जवाब दीजिए: {"answer": string, "confidence": number}।',
  hinglish: 'Sirf JSON mein jawab do: {"answer": string, "confidence": number}.',
};
const REPLY_LANG: Record<Language, [string, string]> = {
  en: ['Answer in Hindi.', 'Answer in English.'],
  hi: ['उत्तर हिंदी में दीजिए।', 'उत्तर अंग्रेज़ी में दीजिए।'],
  hinglish: ['Hindi mein jawab do.', 'English mein jawab do.'],
};
const SYS = 'same user message under a different system prompt';

function systemPairs(lang: Language): PairSpec[] {
  const summarise = lang === 'en' ? POLICIES.map((p) => `Summarise this policy: ${p}`) : (lang === 'hi' ? TOPICS_HI.map((t) => `${t} के बारे में समझाइए।`) : TOPICS_HL.map((t) => `${t} ke baare mein samjhao.`));
  const refundQ = { en: "What's your refund window?", hi: 'रिफ़ंड कितने दिनों में मिलता है?', hinglish: 'Refund kitne din mein milta hai?' }[lang];
  const refundSys = (c: string, d: number) => ({ en: `You are ${c} support. Refund window: ${d} days.`, hi: `आप ${c} के सहायक हैं। रिफ़ंड ${d} दिनों में मिलता है।`, hinglish: `Tum ${c} ke support agent ho. Refund ${d} din mein milta hai.` })[lang];
  const [one, five] = FORMAT[lang];
  const [hi, en] = REPLY_LANG[lang];
  return [
    ...summarise.map((q) => trap(lang, chat([system(one), user(q)]), chat([system(five), user(q)]), [['format:one-sentence'], ['format:5-bullets']], SYS)),
    ...REFUNDS.map(([a, da, b, db]) => trap(lang, chat([system(refundSys(a, da)), user(refundQ)]), chat([system(refundSys(b, db)), user(refundQ)]), [[`${da} days`], [`${db} days`]], SYS, { severity: 'critical' })),
    ...QUESTIONS[lang].map((q) => trap(lang, chat([system(JSON_ONLY[lang]), user(q)]), chat([user(q)]), [['shape:json'], ['shape:text']], SYS)),
    ...QUESTIONS[lang].map((q) => trap(lang, chat([system(hi), user(q)]), chat([system(en), user(q)]), [['lang:hi'], ['lang:en']], SYS)),
  ];
}

export const systemPrompt: CategorySpec = { category: 'system_prompt', prefix: 'sys', severity: 'high', outTokens: 120, pairs: [...systemPairs('en'), ...systemPairs('hi'), ...systemPairs('hinglish')] };

type ByLang = Record<Language, string>;
const L = (en: string, hi: string, hinglish: string): ByLang => ({ en, hi, hinglish });
const LISTS: Array<[ByLang, [string, string, string], ByLang, [string, string, string]]> = [
  [L('laptops under ₹80,000', '₹80,000 से कम के लैपटॉप', 'laptops ₹80,000 se kam'), ['Aster 14', 'Kestrel Pro', 'Lumen X2'], L('phones under ₹20,000', '₹20,000 से कम के फ़ोन', 'phones ₹20,000 se kam'), ['Nova 8', 'Tarang 5G', 'Vega Lite']],
  [L('budget hotels in Jaipur', 'जयपुर के सस्ते होटल', 'Jaipur ke budget hotels'), ['Pink Pearl Inn', 'Hawa Residency', 'Amber Stay'], L('budget hotels in Udaipur', 'उदयपुर के सस्ते होटल', 'Udaipur ke budget hotels'), ['Lake View Lodge', 'Pichola Rooms', 'Fateh Homestay']],
  [L('electric scooters', 'इलेक्ट्रिक स्कूटर', 'electric scooters'), ['Volt S1', 'Zip Go', 'Ray E2'], L('electric cars', 'इलेक्ट्रिक कारें', 'electric cars'), ['Kite EV', 'Comet Max', 'Aura E']],
  [L('Python web frameworks', 'Python वेब फ़्रेमवर्क', 'Python web frameworks'), ['Django', 'Flask', 'FastAPI'], L('JavaScript web frameworks', 'JavaScript वेब फ़्रेमवर्क', 'JavaScript web frameworks'), ['Express', 'Next.js', 'Hono']],
];
/** [proposal a, proposal b]; the fingerprint is the English action. */
const PROPOSALS: Array<[ByLang, ByLang]> = [
  [L('delete 120 promotional emails', '120 प्रमोशनल ईमेल हटा दूँ', '120 promotional emails delete kar doon'), L('archive 40 newsletters', '40 न्यूज़लेटर आर्काइव कर दूँ', '40 newsletters archive kar doon')],
  [L('cancel the 6 pm meeting', 'शाम 6 बजे की मीटिंग रद्द कर दूँ', '6 baje ki meeting cancel kar doon'), L('move the 6 pm meeting to Friday', 'शाम 6 बजे की मीटिंग शुक्रवार पर खिसका दूँ', '6 baje ki meeting Friday pe shift kar doon')],
  [L('refund ₹2,499 to the customer', 'ग्राहक को ₹2,499 रिफ़ंड कर दूँ', 'customer ko ₹2,499 refund kar doon'), L('issue a ₹2,499 store credit', 'ग्राहक को ₹2,499 का स्टोर क्रेडिट दे दूँ', 'customer ko ₹2,499 ka store credit de doon')],
  [L('merge the pull request', 'पुल रिक्वेस्ट मर्ज कर दूँ', 'pull request merge kar doon'), L('close the pull request', 'पुल रिक्वेस्ट बंद कर दूँ', 'pull request close kar doon')],
];
const TEMPS: Array<[ByLang, number, ByLang, number]> = [
  [L('the boiling point of water', 'पानी का क्वथनांक', 'Paani ka boiling point'), 212, L('normal human body temperature', 'इंसान के शरीर का सामान्य तापमान', 'Body ka normal temperature'), 98.6],
  [L('a hot summer day in Delhi', 'दिल्ली में गर्मी का एक दिन', 'Delhi ka ek garam din'), 113, L('a cool evening in Shimla', 'शिमला की एक ठंडी शाम', 'Shimla ki ek thandi shaam'), 50],
  [L('the oven setting for pizza', 'पिज़्ज़ा के लिए ओवन का तापमान', 'Pizza ke liye oven temperature'), 450, L('the oven setting for cookies', 'कुकीज़ के लिए ओवन का तापमान', 'Cookies ke liye oven temperature'), 350],
  [L('the freezing point of water', 'पानी का हिमांक', 'Paani ka freezing point'), 32, L('room temperature', 'कमरे का तापमान', 'Room temperature'), 72],
];
const toC = (f: number) => String(Math.round(((f - 32) * 5) / 9));
const TURN = 'identical follow-up after a different earlier conversation';

const FOLLOW: Record<Language, { top: (x: string) => string; second: string; shall: (p: string) => string; yes: string; tidy: string; tempQ: (x: string) => string; convert: string }> = {
  en: { top: (x) => `Suggest the top 3 ${x}.`, second: 'Tell me more about the second one.', shall: (p) => `Shall I ${p}?`, yes: 'Yes, do it.', tidy: 'Can you help me with this task?', tempQ: (x) => `What is ${x} in Fahrenheit?`, convert: 'Now convert that to Celsius.' },
  hi: { top: (x) => `टॉप 3 ${x} बताइए।`, second: 'दूसरे वाले के बारे में और बताइए।', shall: (p) => `क्या मैं ${p}?`, yes: 'हाँ, कर दो।', tidy: 'क्या आप इस काम में मेरी मदद करेंगे?', tempQ: (x) => `${x} फ़ारेनहाइट में कितना है?`, convert: 'अब इसे सेल्सियस में बदलिए।' },
  hinglish: { top: (x) => `Top 3 ${x} batao.`, second: 'Doosre wale ke baare mein aur batao.', shall: (p) => `Kya main ${p}?`, yes: 'Haan, kar do.', tidy: 'Is kaam mein help karoge?', tempQ: (x) => `${x} Fahrenheit mein kitna hai?`, convert: 'Ab isko Celsius mein convert karo.' },
};

function turnPairs(lang: Language): PairSpec[] {
  const f = FOLLOW[lang];
  const numbered = (items: readonly string[]) => items.map((x, i) => `${i + 1}. ${x}`).join('\n');
  return [
    ...LISTS.map(([a, ai, b, bi]) => trap(lang, chat([user(f.top(a[lang])), assistant(numbered(ai)), user(f.second)]), chat([user(f.top(b[lang])), assistant(numbered(bi)), user(f.second)]), [[ai[1]], [bi[1]]], TURN)),
    ...PROPOSALS.map(([a, b]) => trap(lang, chat([user(f.tidy), assistant(f.shall(a[lang])), user(f.yes)]), chat([user(f.tidy), assistant(f.shall(b[lang])), user(f.yes)]), [[a.en], [b.en]], TURN, { severity: 'critical' })),
    ...TEMPS.map(([a, fa, b, fb]) => trap(lang, chat([user(f.tempQ(a[lang])), assistant(`${fa} °F`), user(f.convert)]), chat([user(f.tempQ(b[lang])), assistant(`${fb} °F`), user(f.convert)]), [[`${toC(fa)} °C`], [`${toC(fb)} °C`]], TURN)),
  ];
}

export const multiTurn: CategorySpec = { category: 'multi_turn', prefix: 'turn', severity: 'high', outTokens: 80, pairs: [...turnPairs('en'), ...turnPairs('hi'), ...turnPairs('hinglish')] };
