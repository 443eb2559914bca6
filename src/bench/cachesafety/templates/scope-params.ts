import type { BenchRequest, Language } from '../case-schema.js';
import { ask, chat, system, trap, user, type CategorySpec, type PairSpec, type TurnSpec } from './spec.js';

/**
 * Same messages, different request parameters (tools, tool_choice, response_format, max_tokens,
 * n); and same text from a different tenant or signed-in user.
 */

type Tool = NonNullable<BenchRequest['tools']>[number];
const fn = (name: string, description: string): Tool => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
});
const WEATHER = fn('get_weather', 'Current weather for a city');
const TIME = fn('get_time', 'Current local time for a city');
const schema = (field: string): BenchRequest['response_format'] => ({
  type: 'json_schema',
  json_schema: { name: 'city_report', schema: { type: 'object', properties: { city: { type: 'string' }, [field]: { type: 'number' } }, required: ['city', field] } },
});

/** [seed params, probe params, seed fingerprint, probe fingerprint] */
const VARIANTS: Array<[Partial<BenchRequest>, Partial<BenchRequest>, string, string]> = [
  [{ tools: [WEATHER] }, { tools: [WEATHER, TIME] }, 'calls:get_weather', 'calls:get_weather+get_time'],
  [{ tools: [WEATHER, TIME], tool_choice: 'auto' }, { tools: [WEATHER, TIME], tool_choice: { type: 'function', function: { name: 'get_time' } } }, 'calls:model-choice', 'calls:get_time'],
  [{ response_format: schema('temp_c') }, { response_format: schema('humidity_pct') }, 'fields:city,temp_c', 'fields:city,humidity_pct'],
  [{ max_tokens: 16 }, { max_tokens: 512 }, 'finish:length', 'finish:stop'],
  [{ n: 1 }, { n: 3 }, 'choices:1', 'choices:3'],
  [{}, { response_format: { type: 'json_object' } }, 'shape:text', 'shape:json'],
];
const QUESTION: Record<Language, (city: string) => string> = {
  en: (c) => `What's the weather and local time in ${c}?`,
  hi: (c) => `${c} में मौसम और स्थानीय समय क्या है?`,
  hinglish: (c) => `${c} mein weather aur local time kya hai?`,
};
const CITIES: Record<Language, [string, string]> = { en: ['Paris', 'Pune'], hi: ['पुणे', 'जयपुर'], hinglish: ['Pune', 'Jaipur'] };
const PARAMS = 'same messages; a parameter that changes the answer (tools, format, length, choices)';

const paramPairs = (lang: Language): PairSpec[] =>
  CITIES[lang].flatMap((city) => VARIANTS.map(([a, b, fa, fb]) => trap(lang, ask(QUESTION[lang](city), a), ask(QUESTION[lang](city), b), [[fa], [fb]], PARAMS)));

export const toolsParams: CategorySpec = { category: 'tools_params', prefix: 'tool', severity: 'medium', outTokens: 60, pairs: [...paramPairs('en'), ...paramPairs('hi'), ...paramPairs('hinglish')] };

const TENANTS: Array<[string, string]> = [['t-acme', 't-globex'], ['t-initech', 't-umbrella'], ['t-globex', 't-initech'], ['t-umbrella', 't-acme']];
const OWN: Record<Language, string[]> = {
  en: ['What plan are we on?', 'Summarise our last three orders.', 'How many seats are left on our licence?', "What's our open invoice amount?"],
  hi: ['हमारा प्लान कौन-सा है?', 'हमारे पिछले तीन ऑर्डर का सारांश दीजिए।', 'हमारे लाइसेंस में कितनी सीटें बची हैं?', 'हमारा बकाया इनवॉइस कितने का है?'],
  hinglish: ['Hamara plan kaunsa hai?', 'Hamare last teen orders ka summary do.', 'Hamare licence mein kitni seats bachi hain?', 'Hamara pending invoice kitne ka hai?'],
};
type Person = [id: string, name: string, balance: number, city: string, cityHi: string];
const PEOPLE: Person[] = [
  ['u-asha', 'Asha Verma', 12_400, 'Pune', 'पुणे'],
  ['u-ravi', 'Ravi Iyer', 86_310, 'Chennai', 'चेन्नई'],
  ['u-meera', 'Meera Khan', 1_240, 'Lucknow', 'लखनऊ'],
  ['u-arjun', 'Arjun Das', 45_000, 'Kolkata', 'कोलकाता'],
  ['u-fatima', 'Fatima Sheikh', 7_905, 'Hyderabad', 'हैदराबाद'],
];
const rupees = (p: Person) => `₹${p[2].toLocaleString('en-IN')}`;
const PERSON_PAIRS = [[0, 1], [2, 3], [4, 0], [1, 2]] as const;
interface Personal {
  sys: (p: Person) => string;
  q: string;
  fp: (p: Person) => string;
}
const BALANCE: Record<Language, Personal> = {
  en: { sys: (p) => `Signed-in customer: ${p[1]}. Savings balance: ${rupees(p)}.`, q: "What's my account balance?", fp: rupees },
  hi: { sys: (p) => `लॉग-इन ग्राहक: ${p[1]}। बचत खाते में बैलेंस: ${rupees(p)}।`, q: 'मेरे खाते में कितना बैलेंस है?', fp: rupees },
  hinglish: { sys: (p) => `Logged-in customer: ${p[1]}. Savings balance: ${rupees(p)}.`, q: 'Mere account mein kitna balance hai?', fp: rupees },
};
const ADDRESS: Record<Language, Personal> = {
  en: { sys: (p) => `Signed-in user: ${p[1]}. Delivery city: ${p[3]}.`, q: 'Which city will my order be delivered to?', fp: (p) => p[3] },
  hi: { sys: (p) => `लॉग-इन उपयोगकर्ता: ${p[1]}। डिलीवरी का शहर: ${p[4]}।`, q: 'मेरा ऑर्डर किस शहर में डिलीवर होगा?', fp: (p) => p[4] },
  hinglish: { sys: (p) => `Logged-in user: ${p[1]}. Delivery city: ${p[3]}.`, q: 'Mera order kis city mein deliver hoga?', fp: (p) => p[3] },
};

const as = (turn: TurnSpec, tenant: string, userId: string): TurnSpec => ({ ...turn, tenant, user: userId });

function scopePairs(lang: Language): PairSpec[] {
  const cross = OWN[lang].map((q, i) => {
    const [a, b] = TENANTS[i] as [string, string];
    return trap(lang, as(ask(q), a, 'u-admin'), as(ask(q), b, 'u-admin'), [[`owner:${a}`], [`owner:${b}`]], 'identical text from another tenant: its answer belongs to that tenant');
  });
  const personal = (k: Personal) =>
    PERSON_PAIRS.map(([i, j]) => {
      const turn = (p: Person) => as(chat([system(k.sys(p)), user(k.q)]), 't-acme', p[0]);
      const [p, q] = [PEOPLE[i] as Person, PEOPLE[j] as Person];
      return trap(lang, turn(p), turn(q), [[k.fp(p)], [k.fp(q)]], 'same question from another signed-in user whose data is in the system prompt');
    });
  return [...cross, ...personal(BALANCE[lang]), ...personal(ADDRESS[lang])];
}

export const tenantUser: CategorySpec = { category: 'tenant_user', prefix: 'scope', severity: 'critical', outTokens: 40, pairs: [...scopePairs('en'), ...scopePairs('hi'), ...scopePairs('hinglish')] };
