import { control, round2, type CategorySpec, type PairSpec } from './spec.js';

/**
 * Must-hit controls, part 2: true paraphrases (same meaning, different words), including hard
 * positives with numbers ("5 km" / "five kilometres") so that refusing anything with a number
 * is not rewarded.
 */

const KM_MI = 0.621371;
// [country en, capital en, country hi, capital hi]
const CAPITALS: Array<[string, string, string, string]> = [
  ['Canada', 'Ottawa', 'कनाडा', 'ओटावा'],
  ['Japan', 'Tokyo', 'जापान', 'टोक्यो'],
  ['Brazil', 'Brasília', 'ब्राज़ील', 'ब्रासीलिया'],
  ['Egypt', 'Cairo', 'मिस्र', 'काहिरा'],
  ['Kenya', 'Nairobi', 'केन्या', 'नैरोबी'],
  ['Germany', 'Berlin', 'जर्मनी', 'बर्लिन'],
  ['Thailand', 'Bangkok', 'थाईलैंड', 'बैंकॉक'],
  ['Argentina', 'Buenos Aires', 'अर्जेंटीना', 'ब्यूनस आयर्स'],
];
const TASKS_EN = ['reset my Wi-Fi router', 'renew my passport', 'file my income tax return online', 'change my Gmail password', 'make a paper boat', 'clean a laptop keyboard', 'set up two-factor authentication', 'apply for a PAN card'];
const TASKS_HI = ['राउटर रीसेट', 'पासपोर्ट रिन्यू', 'ऑनलाइन आयकर रिटर्न फ़ाइल', 'Gmail का पासवर्ड चेंज', 'काग़ज़ की नाव तैयार', 'लैपटॉप का कीबोर्ड साफ़', 'टू-फ़ैक्टर ऑथेंटिकेशन चालू', 'पैन कार्ड के लिए आवेदन', 'बिजली का बिल ऑनलाइन जमा'];
const TASKS_HL = ['Router reset', 'Passport renew', 'ITR online file', 'Gmail password change', 'Laptop keyboard saaf', 'Two-factor authentication on', 'PAN card ke liye apply', 'Bijli ka bill online pay', 'UPI ID create'];
const CONCEPTS_EN = ['recursion', 'inflation', 'photosynthesis', 'a blockchain', 'compound interest', 'machine learning', 'the greenhouse effect', 'a mutual fund'];
const CONCEPTS_HI = ['रिकर्शन', 'महँगाई', 'प्रकाश संश्लेषण', 'ब्लॉकचेन', 'चक्रवृद्धि ब्याज', 'मशीन लर्निंग', 'ग्रीनहाउस प्रभाव', 'म्यूचुअल फ़ंड'];
const CONCEPTS_HL = ['Recursion', 'Inflation', 'Photosynthesis', 'Blockchain', 'Compound interest', 'Machine learning', 'Greenhouse effect', 'Mutual fund'];
const KM: Array<[number, string]> = [[5, 'five'], [10, 'ten'], [3, 'three'], [42, 'forty-two'], [100, 'a hundred']];
// [title, author]
const BOOKS_EN: Array<[string, string]> = [['Godaan', 'Premchand'], ['Gitanjali', 'Rabindranath Tagore'], ['The Guide', 'R. K. Narayan'], ['Wings of Fire', 'A. P. J. Abdul Kalam'], ['Pride and Prejudice', 'Jane Austen']];
const BOOKS_HI: Array<[string, string]> = [['गोदान', 'प्रेमचंद'], ['गीतांजलि', 'रवींद्रनाथ टैगोर'], ['मधुशाला', 'हरिवंश राय बच्चन'], ['राग दरबारी', 'श्रीलाल शुक्ल']];
const SAME = 'a paraphrase: different words, same question';
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const en: PairSpec[] = [
  ...CAPITALS.map(([c, cap]) => control('en', `What's the capital of ${c}?`, `Which city is the capital of ${c}?`, [cap], SAME)),
  ...TASKS_EN.map((t) => control('en', `How do I ${t}?`, `What are the steps to ${t}?`, [`topic:${slug(t)}`], SAME)),
  ...CONCEPTS_EN.map((c) => control('en', `Explain ${c} simply.`, `Explain ${c} in simple terms.`, [`topic:${slug(c)}`], SAME)),
  ...KM.map(([n, w]) => control('en', `Convert ${n} km to miles.`, `How many miles is ${w} kilometres?`, [round2(n * KM_MI)], 'a hard positive: the number is written in words')),
  ...BOOKS_EN.map(([b, a]) => control('en', `Who wrote ${b}?`, `${b} was written by whom?`, [a], SAME)),
];
const hi: PairSpec[] = [
  ...CAPITALS.map(([, , c, cap]) => control('hi', `${c} की राजधानी क्या है?`, `${c} की राजधानी कौन-सा शहर है?`, [cap], SAME)),
  ...TASKS_HI.map((t, i) => control('hi', `${t} कैसे करें?`, `${t} करने का तरीका क्या है?`, [`topic:task-${i + 1}`], SAME)),
  ...CONCEPTS_HI.map((c, i) => control('hi', `${c} को आसान भाषा में समझाइए।`, `${c} सरल शब्दों में समझाओ।`, [`topic:${slug(CONCEPTS_EN[i] ?? c)}`], SAME)),
  ...KM.slice(0, 4).map(([n]) => control('hi', `${n} किलोमीटर में कितने मील होते हैं?`, `${n} किमी कितने मील के बराबर है?`, [round2(n * KM_MI)], SAME)),
  ...BOOKS_HI.map(([b, a]) => control('hi', `${b} किसने लिखी?`, `${b} के लेखक कौन हैं?`, [a], SAME)),
];
const hinglish: PairSpec[] = [
  ...CAPITALS.map(([c, cap]) => control('hinglish', `${c} ki capital kya hai?`, `${c} ki rajdhani kaunsi city hai?`, [cap], SAME)),
  ...TASKS_HL.map((t) => control('hinglish', `${t} kaise karein?`, `${t} karne ka tarika batao.`, [`topic:${slug(t)}`], SAME)),
  ...CONCEPTS_HL.map((c) => control('hinglish', `${c} simple language mein samjhao.`, `${c} aasan shabdon mein explain karo.`, [`topic:${slug(c)}`], SAME)),
  ...KM.slice(0, 4).map(([n]) => control('hinglish', `${n} km kitne miles hote hain?`, `${n} kilometre ko miles mein batao.`, [round2(n * KM_MI)], SAME)),
  ...BOOKS_EN.slice(0, 4).map(([b, a]) => control('hinglish', `${b} kisne likhi?`, `${b} ke author kaun hain?`, [a], SAME)),
];

export const paraphrase: CategorySpec = { category: 'paraphrase', prefix: 'para', severity: 'low', outTokens: 200, pairs: [...en, ...hi, ...hinglish] };
