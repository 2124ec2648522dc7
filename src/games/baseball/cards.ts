/**
 * Player cards and card sets: the data a game is played with, and its validation.
 *
 * A column is 11 entries, one per 2d6 total (index 0 = total 2 … index 10 = total 12). An entry is
 * a result code ("1B+:CF") or a split `[first, n, second]`: a d20 roll of 1..n gives `first`,
 * n+1..20 gives `second`. Batters have a column against left- and one against right-handed
 * pitchers; pitchers have a column against left- and one against right-handed batters.
 */
import { IllegalAction } from "../core/IllegalAction.js";

export type Hand = "L" | "R";
export type Bats = Hand | "S";
export const FIELD_POSITIONS = ["C", "1B", "2B", "3B", "SS", "LF", "CF", "RF"] as const;
export type FieldPos = (typeof FIELD_POSITIONS)[number];
/** Lineup positions: the eight fielders and the designated hitter (the pitcher does not bat). */
export type LineupPos = FieldPos | "DH";
export const LINEUP_POSITIONS: readonly LineupPos[] = [...FIELD_POSITIONS, "DH"];
export type Loc = FieldPos | "P";
const LOCS: readonly string[] = ["P", ...FIELD_POSITIONS];

export type ResultKind = "K" | "BB" | "HBP" | "WP" | "1B" | "1B+" | "2B" | "2B+" | "3B" | "HR" | "GB" | "FB" | "PO" | "LD" | "X";
export type Entry = string | [string, number, string];
export type Column = Entry[];

export interface Fielding {
  /** 1..20: chance out of 20 of turning an X (fielding-chance) result into an out. */
  range: number;
  /** 1..20: chance out of 20 that a first-stage error roll (d20 = 1) becomes an error. */
  error: number;
  /** -3..+3: arm strength; runners' advance targets are reduced by it. */
  arm: number;
}

export interface PitchingCard {
  role: "SP" | "RP";
  /** Pitches he can throw before tiring. */
  stamina: number;
  vsL: Column;
  vsR: Column;
}

export interface Card {
  id: string;
  name: string;
  bats: Bats;
  throws: Hand;
  /** 1..20 running speed. */
  speed: number;
  /** 1..20 bunting skill. */
  bunt: number;
  /** Positions he can play with his ratings; any other fielding position uses OUT_OF_POSITION. */
  fielding: Partial<Record<Loc, Fielding>>;
  /** Null for pitchers (universal designated hitter: pitchers never bat). */
  batting: { vsL: Column; vsR: Column } | null;
  pitching: PitchingCard | null;
}

export interface TeamCard {
  id: string;
  name: string;
  abbr: string;
  players: Card[];
  /** Default batting order: nine player ids with their positions. */
  lineup: { id: string; pos: LineupPos }[];
  /** Starting pitchers in rotation order. */
  rotation: string[];
}

export interface CardSet {
  name: string;
  teams: TeamCard[];
}

/** Ratings used when a player fields a position his card does not list. */
export const OUT_OF_POSITION: Fielding = { range: 6, error: 14, arm: -2 };

export interface ParsedResult {
  kind: ResultKind;
  loc: Loc | null;
}

const KINDS_WITHOUT_LOC = new Set(["K", "BB", "HBP", "WP"]);
const ALLOWED_LOCS: Record<string, readonly string[]> = {
  "1B": LOCS,
  "1B+": ["LF", "CF", "RF"],
  "2B": ["LF", "CF", "RF"],
  "2B+": ["LF", "CF", "RF"],
  "3B": ["LF", "CF", "RF"],
  HR: ["LF", "CF", "RF"],
  GB: ["P", "1B", "2B", "3B", "SS"],
  FB: ["LF", "CF", "RF"],
  PO: ["P", "C", "1B", "2B", "3B", "SS"],
  LD: LOCS,
  X: ["P", "1B", "2B", "3B", "SS", "LF", "CF", "RF"],
};

const parsedCache = new Map<string, ParsedResult | null>();

/** Parses "GB:SS" / "K"; null when the code is not valid. */
export function parseResult(code: string): ParsedResult | null {
  const hit = parsedCache.get(code);
  if (hit !== undefined) return hit;
  let parsed: ParsedResult | null = null;
  const [kind, loc, extra] = code.split(":");
  if (extra === undefined && kind !== undefined) {
    if (KINDS_WITHOUT_LOC.has(kind)) parsed = loc === undefined ? { kind: kind as ResultKind, loc: null } : null;
    else if (loc !== undefined && ALLOWED_LOCS[kind]?.includes(loc)) parsed = { kind: kind as ResultKind, loc: loc as Loc };
  }
  if (parsedCache.size < 4096) parsedCache.set(code, parsed);
  return parsed;
}

function bad(where: string, msg: string): never {
  throw new IllegalAction("BAD_CARD_SET", `${where}: ${msg}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function intIn(v: unknown, lo: number, hi: number, where: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) bad(where, `must be an integer ${lo}..${hi}`);
  return v;
}

function str(v: unknown, where: string, max = 60): string {
  if (typeof v !== "string" || v.length === 0 || v.length > max) bad(where, `must be a non-empty string (≤ ${max} characters)`);
  return v;
}

function checkColumn(v: unknown, where: string, pitcher: boolean): Column {
  if (!Array.isArray(v) || v.length !== 11) bad(where, "a column needs 11 entries (2d6 totals 2..12)");
  return v.map((e, i) => {
    const at = `${where}[${i + 2}]`;
    const one = (code: unknown): string => {
      if (typeof code !== "string") bad(at, "result must be a string");
      const p = parseResult(code);
      if (!p) bad(at, `unknown result ${JSON.stringify(code)}`);
      if (p.kind === "WP" && !pitcher) bad(at, "WP appears on pitcher columns only");
      return code;
    };
    if (typeof e === "string") return one(e);
    if (!Array.isArray(e) || e.length !== 3) bad(at, "entry must be a result or [result, 1..19, result]");
    return [one(e[0]), intIn(e[1], 1, 19, `${at} split`), one(e[2])] as [string, number, string];
  });
}

function checkFielding(v: unknown, where: string): Partial<Record<Loc, Fielding>> {
  if (!isObj(v)) bad(where, "must be an object of position → {range, error, arm}");
  const out: Partial<Record<Loc, Fielding>> = {};
  for (const [pos, f] of Object.entries(v)) {
    if (!LOCS.includes(pos)) bad(where, `unknown position ${pos}`);
    if (!isObj(f)) bad(`${where}.${pos}`, "must be {range, error, arm}");
    out[pos as Loc] = {
      range: intIn(f.range, 1, 20, `${where}.${pos}.range`),
      error: intIn(f.error, 1, 20, `${where}.${pos}.error`),
      arm: intIn(f.arm, -3, 3, `${where}.${pos}.arm`),
    };
  }
  return out;
}

function checkCard(v: unknown, where: string): Card {
  if (!isObj(v)) bad(where, "card must be an object");
  const id = str(v.id, `${where}.id`, 40);
  const at = `card ${id}`;
  if (v.bats !== "L" && v.bats !== "R" && v.bats !== "S") bad(at, "bats must be L, R or S");
  if (v.throws !== "L" && v.throws !== "R") bad(at, "throws must be L or R");
  let batting: Card["batting"] = null;
  if (v.batting !== null && v.batting !== undefined) {
    if (!isObj(v.batting)) bad(at, "batting must be {vsL, vsR}");
    batting = { vsL: checkColumn(v.batting.vsL, `${at}.batting.vsL`, false), vsR: checkColumn(v.batting.vsR, `${at}.batting.vsR`, false) };
  }
  let pitching: PitchingCard | null = null;
  if (v.pitching !== null && v.pitching !== undefined) {
    const p = v.pitching;
    if (!isObj(p)) bad(at, "pitching must be {role, stamina, vsL, vsR}");
    if (p.role !== "SP" && p.role !== "RP") bad(at, "pitching.role must be SP or RP");
    pitching = {
      role: p.role,
      stamina: intIn(p.stamina, 5, 150, `${at}.pitching.stamina`),
      vsL: checkColumn(p.vsL, `${at}.pitching.vsL`, true),
      vsR: checkColumn(p.vsR, `${at}.pitching.vsR`, true),
    };
  }
  if (!batting && !pitching) bad(at, "a card needs a batting or a pitching side");
  if (batting && pitching) bad(at, "a card is a batter or a pitcher (universal DH), not both");
  return {
    id,
    name: str(v.name, `${at}.name`),
    bats: v.bats,
    throws: v.throws,
    speed: intIn(v.speed, 1, 20, `${at}.speed`),
    bunt: intIn(v.bunt, 1, 20, `${at}.bunt`),
    fielding: checkFielding(v.fielding ?? {}, `${at}.fielding`),
    batting,
    pitching,
  };
}

function checkTeam(v: unknown, where: string): TeamCard {
  if (!isObj(v)) bad(where, "team must be an object");
  const id = str(v.id, `${where}.id`, 40);
  const at = `team ${id}`;
  if (!Array.isArray(v.players) || v.players.length < 14 || v.players.length > 40) bad(at, "needs 14..40 players");
  const players = v.players.map((p, i) => checkCard(p, `${at}.players[${i}]`));
  const ids = new Set<string>();
  for (const p of players) {
    if (ids.has(p.id)) bad(at, `player id ${p.id} twice`);
    ids.add(p.id);
  }
  const byId = new Map(players.map((p) => [p.id, p]));
  if (!Array.isArray(v.lineup) || v.lineup.length !== 9) bad(at, "lineup needs 9 {id, pos}");
  const lineup = v.lineup.map((s, i) => {
    if (!isObj(s) || typeof s.id !== "string" || typeof s.pos !== "string") bad(`${at}.lineup[${i}]`, "must be {id, pos}");
    return { id: s.id, pos: s.pos as LineupPos };
  });
  if (!Array.isArray(v.rotation) || v.rotation.length < 1) bad(at, "rotation needs at least one starting pitcher");
  const rotation = v.rotation.map((r, i) => {
    if (typeof r !== "string" || !byId.get(r)?.pitching) bad(`${at}.rotation[${i}]`, "must be the id of a pitcher on the team");
    return r;
  });
  if (players.filter((p) => p.batting).length < 10) bad(at, "needs at least 10 batters");
  return { id, name: str(v.name, `${at}.name`), abbr: str(v.abbr, `${at}.abbr`, 4), players, lineup, rotation };
}

/** Validates a user card set (JSON); throws IllegalAction BAD_CARD_SET naming the first problem. */
export function validateCardSet(json: unknown): CardSet {
  if (!isObj(json)) bad("set", "must be an object {name, teams}");
  const name = str(json.name, "set.name", 80);
  if (!Array.isArray(json.teams) || json.teams.length < 2 || json.teams.length > 64) bad("set", "needs 2..64 teams");
  const teams = json.teams.map((t, i) => checkTeam(t, `teams[${i}]`));
  const ids = new Set<string>();
  for (const t of teams) {
    if (ids.has(t.id)) bad("set", `team id ${t.id} twice`);
    ids.add(t.id);
  }
  return { name, teams };
}

/** The fielding ratings of `card` at `pos`. */
export function fieldingAt(card: Card, pos: Loc): Fielding {
  return card.fielding[pos] ?? OUT_OF_POSITION;
}
