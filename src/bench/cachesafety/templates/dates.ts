import type { Language } from '../case-schema.js';
import { ask, trap, type CategorySpec, type PairSpec } from './spec.js';

/** Dates (a year or day changes) and time-dependent questions (same words, asked later). */

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_HI = ['जनवरी', 'फ़रवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'अक्टूबर', 'नवंबर', 'दिसंबर'];
const DAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAYS_HI = ['रविवार', 'सोमवार', 'मंगलवार', 'बुधवार', 'गुरुवार', 'शुक्रवार', 'शनिवार'];

const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
const febDays = (y: number) => ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28);

const WEEKDAYS = [[4, 7, 1976], [26, 1, 1950], [15, 8, 1947], [1, 1, 2000]] as const;
const FEBS = [[2024, 2023], [2000, 1900], [2028, 2027], [2016, 2015]] as const;
type Host = [year: number, en: string, hi: string];
const OLYMPICS: Array<[Host, Host]> = [
  [[2016, 'Rio de Janeiro', 'रियो डी जनेरियो'], [2020, 'Tokyo', 'टोक्यो']],
  [[2008, 'Beijing', 'बीजिंग'], [2012, 'London', 'लंदन']],
  [[2000, 'Sydney', 'सिडनी'], [2004, 'Athens', 'एथेंस']],
  [[2020, 'Tokyo', 'टोक्यो'], [2024, 'Paris', 'पेरिस']],
];
const DATE = 'the year or day in the prompt changes the answer';

function dayOf(lang: Language, d: number, m: number, y: number): string {
  if (lang === 'hi') return `${d} ${MONTHS_HI[m - 1]} ${y} को कौन-सा दिन था?`;
  if (lang === 'hinglish') return `${d} ${MONTHS_EN[m - 1]} ${y} ko kaunsa din tha?`;
  return `What day of the week was ${d} ${MONTHS_EN[m - 1]} ${y}?`;
}
const dayName = (lang: Language, n: number) => ((lang === 'hi' ? DAYS_HI : DAYS_EN)[n] ?? '?');
const febAsk: Record<Language, (y: number) => string> = {
  en: (y) => `How many days are there in February ${y}?`,
  hi: (y) => `फ़रवरी ${y} में कितने दिन होते हैं?`,
  hinglish: (y) => `February ${y} mein kitne din hote hain?`,
};
const hostAsk: Record<Language, (y: number) => string> = {
  en: (y) => `Which city hosted the ${y} Summer Olympics?`,
  hi: (y) => `${y} के ग्रीष्मकालीन ओलंपिक खेल किस शहर में हुए थे?`,
  hinglish: (y) => `${y} ke Summer Olympics kis city mein hue the?`,
};

function datePairs(lang: Language): PairSpec[] {
  return [
    ...WEEKDAYS.map(([d, m, y]) => trap(lang, dayOf(lang, d, m, y), dayOf(lang, d, m, y + 1), [[dayName(lang, weekday(y, m, d))], [dayName(lang, weekday(y + 1, m, d))]], DATE)),
    ...FEBS.map(([a, b]) => trap(lang, febAsk[lang](a), febAsk[lang](b), [[String(febDays(a))], [String(febDays(b))]], DATE)),
    ...OLYMPICS.map(([a, b]) => trap(lang, hostAsk[lang](a[0]), hostAsk[lang](b[0]), [[lang === 'hi' ? a[2] : a[1]], [lang === 'hi' ? b[2] : b[1]]], DATE)),
  ];
}

export const dates: CategorySpec = { category: 'dates', prefix: 'date', severity: 'medium', outTokens: 30, pairs: [...datePairs('en'), ...datePairs('hi'), ...datePairs('hinglish')] };

// Time-dependent: identical words; the right answer moved between seed and probe.
const IST = 'Asia/Kolkata';
const fmt = (at: string, timeZone: string, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone, ...opts }).format(new Date(at));
const istDate = (at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: IST }).format(new Date(at));
const clock = (at: string, tz: string) => fmt(at, tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** NSE cash market hours, 09:15–15:30 IST on weekdays (exchange holidays are avoided in the dates below). */
function nseOpen(at: string): string {
  const wd = fmt(at, IST, { weekday: 'short' });
  const [h, m] = clock(at, IST).split(':').map(Number) as [number, number];
  const mins = h * 60 + m;
  return wd !== 'Sat' && wd !== 'Sun' && mins >= 555 && mins < 930 ? 'open' : 'closed';
}
const daysUntil = (at: string, target: string) => Math.round((Date.parse(target) - Date.parse(istDate(at))) / 86_400_000);

const TODAY = [['2026-02-02T04:30:00Z', '2026-02-03T04:30:00Z'], ['2026-03-09T06:00:00Z', '2026-03-10T03:00:00Z'], ['2026-04-30T12:00:00Z', '2026-05-01T12:00:00Z'], ['2026-06-15T08:00:00Z', '2026-06-18T08:00:00Z']] as const;
const NSE = [['2026-02-02T04:30:00Z', '2026-02-02T11:00:00Z'], ['2026-02-06T08:30:00Z', '2026-02-07T05:30:00Z'], ['2026-02-09T03:00:00Z', '2026-02-09T05:00:00Z'], ['2026-02-11T09:30:00Z', '2026-02-12T10:30:00Z']] as const;
const CITIES: Array<[string, string, string, string]> = [['Mumbai', 'मुंबई', 'Mumbai', IST], ['London', 'लंदन', 'London', 'Europe/London'], ['New York', 'न्यूयॉर्क', 'New York', 'America/New_York'], ['Tokyo', 'टोक्यो', 'Tokyo', 'Asia/Tokyo']];
const NOW_AT = ['2026-02-02T04:30:00Z', '2026-02-02T06:30:00Z'] as const;

const todayAsk: Record<Language, string> = { en: "What's today's date?", hi: 'आज की तारीख़ क्या है?', hinglish: 'Aaj ki date kya hai?' };
const nseAsk: Record<Language, string> = { en: 'Is the NSE open for trading right now?', hi: 'क्या अभी NSE में ट्रेडिंग चालू है?', hinglish: 'Kya abhi NSE trading ke liye open hai?' };
const nowAsk: Record<Language, (c: [string, string, string, string]) => string> = {
  en: (c) => `What time is it now in ${c[0]}?`,
  hi: (c) => `अभी ${c[1]} में कितने बजे हैं?`,
  hinglish: (c) => `Abhi ${c[2]} mein kitne baje hain?`,
};
const STALE = 'same words; the answer changed between the two times (needs a TTL, not a better key)';
const at = (text: string, when: string) => ({ ...ask(text), at: when });

function timePairs(lang: Language): PairSpec[] {
  return [
    ...TODAY.map(([a, b]) => trap(lang, at(todayAsk[lang], a), at(todayAsk[lang], b), [[istDate(a)], [istDate(b)]], STALE)),
    ...NSE.map(([a, b]) => trap(lang, at(nseAsk[lang], a), at(nseAsk[lang], b), [[nseOpen(a)], [nseOpen(b)]], STALE)),
    ...CITIES.map((c) => trap(lang, at(nowAsk[lang](c), NOW_AT[0]), at(nowAsk[lang](c), NOW_AT[1]), [[clock(NOW_AT[0], c[3])], [clock(NOW_AT[1], c[3])]], STALE)),
  ];
}

const YEAR_END = '2026-12-31';
export const timeDependent: CategorySpec = {
  category: 'time_dependent',
  prefix: 'time',
  severity: 'high',
  outTokens: 25,
  pairs: [
    ...timePairs('en'),
    ...timePairs('hi'),
    ...timePairs('hinglish'),
    trap('en', at('What is the latest LTS release line of Node.js?', '2024-11-01T06:00:00Z'), at('What is the latest LTS release line of Node.js?', '2025-11-01T06:00:00Z'), [['22'], ['24']], STALE),
    // No time word here: only the default TTL (a day) keeps a cache from serving it days later.
    trap('en', at('How many days are left until 31 December 2026?', '2026-03-01T06:00:00Z'), at('How many days are left until 31 December 2026?', '2026-03-05T06:00:00Z'), [[String(daysUntil('2026-03-01T06:00:00Z', YEAR_END))], [String(daysUntil('2026-03-05T06:00:00Z', YEAR_END))]], STALE),
    trap('hinglish', at('31 December 2026 mein kitne din bache hain?', '2026-03-01T06:00:00Z'), at('31 December 2026 mein kitne din bache hain?', '2026-03-05T06:00:00Z'), [[String(daysUntil('2026-03-01T06:00:00Z', YEAR_END))], [String(daysUntil('2026-03-05T06:00:00Z', YEAR_END))]], STALE),
  ],
};
