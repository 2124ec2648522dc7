import { langStore } from "../../i18n/index.js";

/**
 * Baseball words in English and Arabic. Only names: what a manager may do always comes from the
 * server's `legalActions`, and every number from the room state or the events.
 */

type Pair = { en: string; ar: string };
const pick = (p: Pair): string => p[langStore.get()];

const WORDS = {
  // table
  title: { en: "Baseball", ar: "بيسبول" },
  top: { en: "Top", ar: "أعلى" },
  bottom: { en: "Bottom", ar: "أسفل" },
  inning: { en: "Inning", ar: "الشوط" },
  outs: { en: "Outs", ar: "الإقصاءات" },
  batter: { en: "Batter", ar: "الضارب" },
  pitcher: { en: "Pitcher", ar: "الرامي" },
  pitches: { en: "pitches", ar: "رمية" },
  tired: { en: "tired", ar: "متعب" },
  exhausted: { en: "exhausted", ar: "منهك" },
  first: { en: "First base", ar: "القاعدة الأولى" },
  second: { en: "Second base", ar: "القاعدة الثانية" },
  third: { en: "Third base", ar: "القاعدة الثالثة" },
  empty: { en: "empty", ar: "فارغة" },
  diamond: { en: "Diamond", ar: "الملعب" },
  scoreboard: { en: "Scoreboard", ar: "لوحة النتائج" },
  decision: { en: "Your decision", ar: "قرارك" },
  offense: { en: "At bat", ar: "في الهجوم" },
  defense: { en: "In the field", ar: "في الدفاع" },
  decided: { en: "decided", ar: "قرّر" },
  deciding: { en: "deciding…", ar: "يفكّر…" },
  waitingOther: { en: "Your decision is in: {d}. Waiting for the other manager.", ar: "قرارك مسجّل: {d}. بانتظار المدرب الآخر." },
  infield: { en: "Infield", ar: "الدفاع الداخلي" },
  outfield: { en: "Outfield", ar: "الدفاع الخارجي" },
  hold: { en: "Hold the runner on first", ar: "راقب العدّاء على الأولى" },
  setDefense: { en: "Set the defense", ar: "ثبّت الدفاع" },
  lineup: { en: "Lineup", ar: "التشكيلة" },
  defaultLineup: { en: "Play the team's default lineup", ar: "العب بالتشكيلة الأساسية" },
  subs: { en: "Substitutions ({n})", ar: "التبديلات ({n})" },
  makeSub: { en: "Make the change", ar: "نفّذ التبديل" },
  dice: { en: "Enter the dice", ar: "أدخل النرد" },
  diceValue: { en: "Die {n}", ar: "النرد {n}" },
  sendDice: { en: "Send", ar: "أرسل" },
  rollForMe: { en: "Roll for me", ar: "ارمِ عني" },
  revealed: { en: "Decisions", ar: "القرارات" },
  playByPlay: { en: "Play by play", ar: "مجريات اللعب" },
  noPlays: { en: "No plate appearance yet.", ar: "لا ضربات بعد." },
  scored: { en: "{n} run(s) scored", ar: "سُجّل {n} شوط/أشواط" },
  totals: { en: "R", ar: "ن" },
  hitsShort: { en: "H", ar: "ض" },
  errorsShort: { en: "E", ar: "خ" },
  batting: { en: "Batting", ar: "الضرب" },
  pitching: { en: "Pitching", ar: "الرمي" },
  decisionsOfRecord: { en: "W: {w} · L: {l} · S: {s}", ar: "فوز: {w} · خسارة: {l} · إنقاذ: {s}" },
  winnerTeam: { en: "{team} won", ar: "فاز {team}" },
  lineupsPhase: { en: "Choosing lineups", ar: "اختيار التشكيلات" },
  // decisions
  swing: { en: "Swing away", ar: "اضرب" },
  sacBunt: { en: "Sacrifice bunt", ar: "بنت تضحية" },
  dragBunt: { en: "Drag bunt", ar: "بنت سحب" },
  hitAndRun: { en: "Hit and run", ar: "اضرب واركض" },
  stealSecond: { en: "Steal second", ar: "اسرق الثانية" },
  stealThird: { en: "Steal third", ar: "اسرق الثالثة" },
  ibb: { en: "Intentional walk", ar: "مشي متعمّد" },
  in: { en: "in", ar: "متقدّم" },
  normal: { en: "normal", ar: "عادي" },
  back: { en: "back", ar: "متراجع" },
  shallow: { en: "shallow", ar: "قريب" },
  deep: { en: "deep", ar: "عميق" },
  pinchHitter: { en: "Pinch hitter {in} for {out}", ar: "ضارب بديل {in} مكان {out}" },
  pinchRunner: { en: "Pinch runner {in} for {out}", ar: "عدّاء بديل {in} مكان {out}" },
  defenseSub: { en: "Defensive change {in} for {out}", ar: "تبديل دفاعي {in} مكان {out}" },
  pitcherSub: { en: "New pitcher {in}", ar: "رامٍ جديد {in}" },
  switchPos: { en: "Switch {a} and {b}", ar: "بدّل مركزي {a} و{b}" },
} satisfies Record<string, Pair>;

export type BaseballWord = keyof typeof WORDS;

/** A baseball word in the page's language, `{name}` placeholders filled. */
export function bw(key: BaseballWord, params: Record<string, string | number> = {}): string {
  return pick(WORDS[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Official plate-appearance results (the `pa` event's `result`). */
const RESULTS: Record<string, Pair> = {
  K: { en: "strikes out", ar: "إقصاء بالضربات" },
  BB: { en: "walks", ar: "يمشي" },
  IBB: { en: "intentional walk", ar: "مشي متعمّد" },
  HBP: { en: "hit by pitch", ar: "أصابته الرمية" },
  "1B": { en: "singles", ar: "ضربة أحادية" },
  "2B": { en: "doubles", ar: "ضربة ثنائية" },
  "3B": { en: "triples", ar: "ضربة ثلاثية" },
  HR: { en: "home run", ar: "ضربة كاملة (هوم رن)" },
  GB: { en: "grounds out", ar: "كرة أرضية، إقصاء" },
  FB: { en: "flies out", ar: "كرة طائرة، إقصاء" },
  PO: { en: "pops out", ar: "كرة مرتفعة، إقصاء" },
  LD: { en: "lines out", ar: "كرة مستقيمة، إقصاء" },
  DP: { en: "grounds into a double play", ar: "إقصاء مزدوج" },
  FC: { en: "fielder's choice", ar: "اختيار المدافع" },
  ROE: { en: "reaches on an error", ar: "يصل بخطأ دفاعي" },
  SF: { en: "sacrifice fly", ar: "طائرة تضحية" },
  SH: { en: "sacrifice bunt", ar: "بنت تضحية" },
};

export function resultWord(code: string): string {
  const p = RESULTS[code];
  return p ? pick(p) : code;
}

/** How a game ended (`gameOver.reason`, `matchEnded.outcome.reason`). */
const REASONS: Record<string, Pair> = {
  REGULATION: { en: "regulation", ar: "نهاية الأشواط" },
  EXTRA_INNINGS: { en: "extra innings", ar: "أشواط إضافية" },
  WALKOFF: { en: "walk-off", ar: "فوز في الشوط الأخير" },
  MERCY: { en: "mercy rule", ar: "قاعدة الرحمة" },
  TIE_INNING_LIMIT: { en: "tie at the inning limit", ar: "تعادل عند حد الأشواط" },
  FORFEIT: { en: "forfeit", ar: "انسحاب" },
};

export function reasonWord(reason: string): string {
  return reason.replace(/^[A-Z_]+/, (code) => (REASONS[code] ? pick(REASONS[code]) : code));
}
