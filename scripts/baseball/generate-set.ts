/**
 * Generates the shipped original card set (npm run baseball:generate-set): six fictional teams of
 * 25 players each (13 batters, 5 starters, 7 relievers), names made from invented syllables, with
 * ratings drawn around league-average season rates (see RATES) from a fixed seed, so running it
 * again gives the same file. Output: src/games/baseball/cardsets/originals.json.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRng, seedState } from "../../src/games/core/rng.js";
import { validateCardSet, type Card, type Fielding, type LineupPos, type Loc, type TeamCard } from "../../src/games/baseball/cards.js";
import { buildColumn } from "./columns.js";

/** League-average result rates per column (a plate appearance reads a batter or a pitcher column). */
export const RATES = { K: 0.222, BB: 0.074, HBP: 0.011, HR: 0.031, "3B": 0.004, "2B": 0.046, "1B": 0.126, X: 0.07, GB: 0.196, FB: 0.13, PO: 0.045, LD: 0.03 };

const rng = createRng(seedState("diwan-originals-2026", "cards"));
const uniform = (): number => rng.nextU32() / 2 ** 32;
const normal = (mean: number, sd: number): number => mean + sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const clampInt = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.round(v)));
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
const weighted = <T extends string>(w: Record<T, number>): T => {
  const entries = Object.entries(w) as [T, number][];
  let r = uniform() * entries.reduce((a, [, x]) => a + x, 0);
  for (const [k, x] of entries) if ((r -= x) <= 0) return k;
  return (entries[entries.length - 1] as [T, number])[0];
};

const FIRST_A = ["Al", "Bren", "Cor", "Dax", "El", "Fen", "Gar", "Hal", "Is", "Jor", "Kel", "Lor", "Mar", "Nev", "Or", "Pel", "Quin", "Ros", "Sel", "Tav", "Ul", "Vel", "Wes", "Yor", "Zan"];
const FIRST_B = ["an", "o", "ic", "en", "is", "ar", "el", "ey", "on", "us", "iel", "ard"];
const LAST_A = ["Ashk", "Brav", "Cald", "Dorn", "Elv", "Fask", "Gall", "Hark", "Ivr", "Jask", "Kern", "Lusk", "Mott", "Navr", "Osk", "Pram", "Quell", "Rusk", "Stav", "Tarn", "Umb", "Vand", "Wyck", "Yarr", "Zell"];
const LAST_B = ["by", "ett", "wold", "mere", "sten", "wick", "ley", "holt", "ane", "eris", "ridge", "ovan"];
const usedNames = new Set<string>();
function name(): string {
  for (;;) {
    const n = `${pick(FIRST_A)}${pick(FIRST_B)} ${pick(LAST_A)}${pick(LAST_B)}`;
    if (!usedNames.has(n)) {
      usedNames.add(n);
      return n;
    }
  }
}

const TEAMS = [
  { id: "PAP", name: "Port Aldous Pelicans" },
  { id: "KBC", name: "Kestrel Bay Comets" },
  { id: "IVM", name: "Ironvale Miners" },
  { id: "SHF", name: "Sunhollow Foxes" },
  { id: "GLL", name: "Glassmere Lanterns" },
  { id: "RMC", name: "Redmesa Coyotes" },
];

function fielding(primary: Loc, others: Loc[], speed: number): Partial<Record<Loc, Fielding>> {
  const base = clampInt(normal(12 + (speed - 10) / 4, 3), 5, 19);
  const f: Partial<Record<Loc, Fielding>> = {};
  const arm = clampInt(normal(0, 1.3), -3, 3);
  f[primary] = { range: base, error: clampInt(normal(10, 3.5), 2, 19), arm };
  for (const o of others) f[o] = { range: clampInt(base - 3, 3, 17), error: clampInt(normal(12, 3.5), 2, 19), arm };
  return f;
}

/** Target rates of a batter column vs a pitcher of hand `vs`. */
function batterTargets(t: { k: number; bb: number; pow: number; con: number; speed: number; bats: string }, vs: "L" | "R"): Record<string, number> {
  const platoon = t.bats === "S" ? 1 : t.bats === vs ? 0.92 : 1.04;
  const pull = t.bats === "L" || (t.bats === "S" && vs === "R") ? "RF" : "LF";
  const oppo = pull === "RF" ? "LF" : "RF";
  const gbPull = pull === "RF" ? ["2B", "1B"] : ["SS", "3B"];
  const hr = RATES.HR * t.pow * platoon;
  const dbl = RATES["2B"] * (0.7 + 0.3 * t.pow) * platoon;
  const single = RATES["1B"] * t.con * platoon;
  return {
    K: RATES.K * t.k * (2 - platoon),
    BB: RATES.BB * t.bb,
    HBP: RATES.HBP,
    [`HR:${pick([pull, pull, "CF"])}`]: hr,
    [`3B:${pick(["CF", "RF"])}`]: RATES["3B"] * (t.speed / 10),
    [`2B:${pull}`]: dbl * 0.6,
    [`2B+:${pick(["CF", oppo])}`]: dbl * 0.4,
    [`1B:${pick(["CF", oppo, pull])}`]: single * 0.4,
    [`1B+:${pick(["CF", pull])}`]: single * 0.6,
    [`X:${pick(["SS", "2B", "3B", "1B", "CF", "LF", "RF"])}`]: RATES.X,
    [`GB:${gbPull[0]}`]: RATES.GB * 0.6,
    [`GB:${pick([gbPull[1], "P", "SS", "2B"])}`]: RATES.GB * 0.4,
    [`FB:${pick([pull, "CF"])}`]: RATES.FB * 0.6,
    [`FB:${oppo}`]: RATES.FB * 0.4,
    [`PO:${pick(["SS", "2B", "3B", "1B", "C"])}`]: RATES.PO,
    [`LD:${pick(["SS", "2B", "3B", "1B", "LF", "CF", "RF"])}`]: RATES.LD,
  };
}

function pitcherTargets(t: { k: number; bb: number; hr: number; gb: number; hand: string }, vs: "L" | "R"): Record<string, number> {
  const platoon = t.hand === vs ? 0.94 : 1.04;
  const hits = RATES["1B"] * platoon;
  return {
    K: RATES.K * t.k * (2 - platoon),
    BB: RATES.BB * t.bb,
    HBP: RATES.HBP,
    WP: 0.008,
    [`HR:${pick(["LF", "CF", "RF"])}`]: RATES.HR * t.hr * platoon,
    "3B:RF": RATES["3B"],
    [`2B:${pick(["LF", "RF"])}`]: RATES["2B"] * 0.6 * platoon,
    "2B+:CF": RATES["2B"] * 0.4 * platoon,
    [`1B:${pick(["LF", "RF"])}`]: hits * 0.4,
    "1B+:CF": hits * 0.6,
    [`X:${pick(["P", "SS", "2B", "3B", "1B", "CF"])}`]: RATES.X,
    "GB:SS": RATES.GB * t.gb * 0.55,
    [`GB:${pick(["2B", "3B", "1B", "P"])}`]: RATES.GB * t.gb * 0.45 - 0.008,
    [`FB:${pick(["LF", "CF", "RF"])}`]: RATES.FB * (2 - t.gb),
    [`PO:${pick(["SS", "2B", "3B", "1B", "C", "P"])}`]: RATES.PO,
    [`LD:${pick(["SS", "2B", "LF", "CF", "RF"])}`]: RATES.LD,
  };
}

const SLOTS: { pos: LineupPos | "UT"; primary: Loc; others: Loc[] }[] = [
  { pos: "C", primary: "C", others: [] },
  { pos: "1B", primary: "1B", others: [] },
  { pos: "2B", primary: "2B", others: ["SS"] },
  { pos: "3B", primary: "3B", others: ["1B"] },
  { pos: "SS", primary: "SS", others: ["2B", "3B"] },
  { pos: "LF", primary: "LF", others: ["RF"] },
  { pos: "CF", primary: "CF", others: ["LF", "RF"] },
  { pos: "RF", primary: "RF", others: ["LF"] },
  { pos: "DH", primary: "1B", others: ["LF"] },
  { pos: "UT", primary: "C", others: ["1B"] },
  { pos: "UT", primary: "SS", others: ["2B", "3B"] },
  { pos: "UT", primary: "CF", others: ["LF", "RF"] },
  { pos: "UT", primary: "3B", others: ["1B", "LF"] },
];

function makeTeam(def: { id: string; name: string }): TeamCard {
  const players: Card[] = [];
  const starters: { id: string; pos: LineupPos; value: number; obp: number }[] = [];
  SLOTS.forEach((slot, i) => {
    const id = `${def.id}-${String(i + 1).padStart(2, "0")}`;
    const speedMod = slot.primary === "C" ? -3 : ["SS", "CF", "2B"].includes(slot.primary) ? 2 : 0;
    const speed = clampInt(normal(10 + speedMod, 4), 1, 20);
    const bats = weighted({ R: 0.55, L: 0.33, S: 0.12 });
    const bench = slot.pos === "UT" ? 0.85 : 1;
    const t = {
      k: Math.max(0.4, normal(1, 0.25)),
      bb: Math.max(0.35, normal(1, 0.35)),
      pow: Math.max(0.15, Math.exp(normal(0, 0.55)) * bench * (slot.primary === "C" ? 0.8 : slot.primary === "1B" ? 1.25 : 1)),
      con: Math.max(0.6, normal(1, 0.12) * bench),
      speed,
      bats,
    };
    players.push({
      id,
      name: name(),
      bats,
      throws: bats === "L" ? "L" : weighted({ R: 0.9, L: 0.1 }),
      speed,
      bunt: clampInt(normal(9 + (speed - 10) / 3, 4), 1, 20),
      fielding: fielding(slot.primary, slot.others, speed),
      batting: { vsL: buildColumn(batterTargets(t, "L")), vsR: buildColumn(batterTargets(t, "R")) },
      pitching: null,
    });
    if (slot.pos !== "UT") starters.push({ id, pos: slot.pos, value: t.pow * 1.2 + t.con + t.bb * 0.3 - t.k * 0.3, obp: t.con + t.bb * 0.6 + speed / 40 });
  });
  const rotation: string[] = [];
  for (let i = 0; i < 12; i++) {
    const sp = i < 5;
    const id = `${def.id}-${String(i + 14).padStart(2, "0")}`;
    const hand = weighted({ R: 0.7, L: 0.3 });
    const t = { k: Math.max(0.5, normal(sp ? 0.97 : 1.08, 0.2)), bb: Math.max(0.4, normal(1, 0.25)), hr: Math.max(0.4, normal(1, 0.22)), gb: Math.min(1.5, Math.max(0.6, normal(1, 0.15))), hand };
    const closer = i === 5;
    players.push({
      id,
      name: name(),
      bats: hand,
      throws: hand,
      speed: clampInt(normal(7, 3), 1, 16),
      bunt: clampInt(normal(5, 3), 1, 20),
      fielding: { P: { range: clampInt(normal(10, 3), 4, 18), error: clampInt(normal(8, 3), 2, 18), arm: 0 } },
      batting: null,
      pitching: {
        role: sp ? "SP" : "RP",
        stamina: sp ? clampInt(normal(100, 8), 85, 115) : closer ? clampInt(normal(22, 2), 18, 26) : clampInt(normal(30, 6), 18, 45),
        vsL: buildColumn(pitcherTargets(closer ? { ...t, k: t.k * 1.15 } : t, "L")),
        vsR: buildColumn(pitcherTargets(closer ? { ...t, k: t.k * 1.15 } : t, "R")),
      },
    });
    if (sp) rotation.push(id);
  }
  // Batting order: best on-base men first and second, the best hitters third to fifth.
  const byValue = [...starters].sort((a, b) => b.value - a.value);
  const middle = byValue.slice(0, 3);
  const rest = byValue.slice(3).sort((a, b) => b.obp - a.obp);
  const order = [rest[0], rest[1], middle[0], middle[1], middle[2], ...rest.slice(2)] as typeof starters;
  return { id: def.id, name: def.name, abbr: def.id, players, lineup: order.map((s) => ({ id: s.id, pos: s.pos })), rotation };
}

export function generateSet(): unknown {
  return { name: "Diwan Originals", teams: TEAMS.map(makeTeam) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const set = generateSet();
  validateCardSet(set);
  const out = fileURLToPath(new URL("../../src/games/baseball/cardsets/originals.json", import.meta.url));
  writeFileSync(out, `${JSON.stringify(set)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
