import { trap, type CategorySpec } from './spec.js';

/**
 * Language switches. Our policy: the answer comes back in the language (and script) the user
 * asked in, so reuse across languages is a bad hit even when the fact is the same.
 */

// [country en, country hi, capital en, capital hi]
const CAPITALS: Array<[string, string, string, string]> = [
  ['Japan', 'जापान', 'Tokyo', 'टोक्यो'],
  ['France', 'फ़्रांस', 'Paris', 'पेरिस'],
  ['Kenya', 'केन्या', 'Nairobi', 'नैरोबी'],
  ['Canada', 'कनाडा', 'Ottawa', 'ओटावा'],
];
const NEIGHBOURS: Array<[string, string, string, string]> = [
  ['India', 'भारत', 'New Delhi', 'नई दिल्ली'],
  ['Nepal', 'नेपाल', 'Kathmandu', 'काठमांडू'],
  ['Bangladesh', 'बांग्लादेश', 'Dhaka', 'ढाका'],
  ['Afghanistan', 'अफ़ग़ानिस्तान', 'Kabul', 'काबुल'],
];
// [phrase, first target, second target]
const TRANSLATE: Array<[string, string, string]> = [
  ['good morning', 'Hindi', 'Marathi'],
  ['thank you', 'Tamil', 'Telugu'],
  ['how are you?', 'Bengali', 'Gujarati'],
  ['welcome', 'Punjabi', 'Kannada'],
];
const HI_QUESTIONS = ['प्रकाश संश्लेषण क्या है?', 'GST क्या है?', 'UPI कैसे काम करता है?', 'इंद्रधनुष कैसे बनता है?'];
// [hinglish, devanagari]
const SCRIPT: Array<[string, string]> = [['UPI kya hai?', 'UPI क्या है?'], ['GST kya hai?', 'GST क्या है?'], ['EMI kya hoti hai?', 'EMI क्या होती है?'], ['SIP kya hota hai?', 'SIP क्या होता है?']];
const SUPPORT: Array<[string, string]> = [
  ['मेरा ऑर्डर कब आएगा?', 'Mera order kab aayega?'],
  ['मेरा रिफ़ंड कब मिलेगा?', 'Mera refund kab milega?'],
  ['मैं अपना पासवर्ड कैसे बदलूँ?', 'Main apna password kaise badlu?'],
  ['मैं अपना अकाउंट कैसे बंद करूँ?', 'Main apna account kaise band karu?'],
];
const HOWTO: Array<[string, string]> = [
  ['How do I reset my UPI PIN?', 'UPI PIN reset kaise karu?'],
  ['How do I book a Tatkal train ticket?', 'Tatkal train ticket kaise book karu?'],
  ['How do I link my Aadhaar with my PAN?', 'Aadhaar ko PAN se kaise link karu?'],
  ['How do I check my PF balance?', 'PF balance kaise check karu?'],
];
const LANG = 'same question, different answer language';
const SCRIPT_WHY = 'same question, different script: the reply follows the script the user wrote in';

export const languageSwitch: CategorySpec = {
  category: 'language_switch',
  prefix: 'lang',
  severity: 'medium',
  outTokens: 60,
  pairs: [
    ...CAPITALS.map(([c, , cap, capHi]) => trap('en', `What is the capital of ${c}? Answer in Hindi.`, `What is the capital of ${c}? Answer in English.`, [['lang:hi', capHi], ['lang:en', cap]], LANG)),
    ...NEIGHBOURS.map(([c, ch, cap, capHi]) => trap('en', `${ch} की राजधानी क्या है?`, `What is the capital of ${c}?`, [['lang:hi', capHi], ['lang:en', cap]], LANG)),
    ...TRANSLATE.map(([p, a, b]) => trap('en', `Translate '${p}' to ${a}.`, `Translate '${p}' to ${b}.`, [[`target:${a}`], [`target:${b}`]], 'the target language changes')),
    ...CAPITALS.map(([c, ch, cap, capHi]) => trap('hi', `What is the capital of ${c}?`, `${ch} की राजधानी क्या है?`, [['lang:en', cap], ['lang:hi', capHi]], LANG)),
    ...HI_QUESTIONS.map((q) => trap('hi', `${q} अंग्रेज़ी में जवाब दीजिए।`, `${q} हिंदी में जवाब दीजिए।`, [['lang:en'], ['lang:hi']], LANG)),
    ...SCRIPT.map(([latin, deva]) => trap('hi', latin, deva, [['script:latin'], ['script:devanagari']], SCRIPT_WHY)),
    ...SUPPORT.map(([deva, latin]) => trap('hinglish', deva, latin, [['script:devanagari'], ['script:latin']], SCRIPT_WHY)),
    ...HOWTO.map(([en, hl]) => trap('hinglish', en, hl, [['lang:en'], ['lang:hinglish']], LANG)),
    ...TRANSLATE.map(([p, a, b]) => trap('hinglish', `'${p}' ko ${a} mein translate karo.`, `'${p}' ko ${b} mein translate karo.`, [[`target:${a}`], [`target:${b}`]], 'the target language changes')),
  ],
};
