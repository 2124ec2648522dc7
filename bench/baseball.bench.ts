/**
 * Dice-baseball simulation benchmark (npm run bench:baseball):
 *  1. games per CPU-second, both teams managed by the bot (every action through the public
 *     `apply`: JSON parse, validation, resolution, events), and with default decisions only;
 *  2. season-level rates of the shipped card set over those games (AVG, OBP, SLG, HR/PA, K/PA,
 *     BB/PA, runs per team-game), each checked against a stated band around modern MLB rates.
 * Usage: npm run bench:baseball [-- games]
 */
import { baseball, initialEvents, shippedSet, type BaseballEvent, type BaseballOptions } from "../src/games/baseball/index.js";
import { createRng, seedState } from "../src/games/core/rng.js";
import { botTurn } from "../src/games/core/GameDefinition.js";

const GAMES = Number(process.argv[2] ?? 2000);
const rng = createRng(seedState("bench-baseball"));
const teams = shippedSet().teams.map((t) => t.id);

function cpuSecs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function playGame(seed: string, options: BaseballOptions, useBot: boolean): BaseballEvent[] {
  let s = baseball.setup({ seed, seats: 2, options });
  const events: BaseballEvent[] = initialEvents(s);
  while (!baseball.outcome(s)) {
    const seat = baseball.activeSeats(s)[0] as number;
    const action = useBot ? botTurn(baseball, s, seat, undefined, rng).action : baseball.timeoutAction(s, seat);
    const r = baseball.apply(s, seat, action);
    s = r.state;
    for (const e of r.events) events.push(e);
  }
  return events;
}

const totals = { PA: 0, AB: 0, H: 0, TB: 0, HR: 0, BB: 0, HBP: 0, SF: 0, SO: 0, R: 0, SB: 0, CS: 0, E: 0, teamGames: 0, innings: 0, extra: 0 };

function tally(events: BaseballEvent[]): void {
  const box = baseball.summarise(events);
  for (const t of box.teams) {
    totals.teamGames += 1;
    totals.R += t.R;
    totals.E += t.E;
    for (const b of t.batting) {
      totals.PA += b.PA;
      totals.AB += b.AB;
      totals.H += b.H;
      totals.TB += b.H + b["2B"] + 2 * b["3B"] + 3 * b.HR;
      totals.HR += b.HR;
      totals.BB += b.BB;
      totals.HBP += b.HBP;
      totals.SF += b.SF;
      totals.SO += b.SO;
      totals.SB += b.SB;
      totals.CS += b.CS;
    }
  }
  if (box.final && box.final.innings > 9) totals.extra += 1;
}

function run(label: string, useBot: boolean, games: number): void {
  const start = cpuSecs();
  for (let g = 0; g < games; g++) {
    const away = teams[g % teams.length] as string;
    const home = teams[(g + 1 + Math.floor(g / teams.length)) % teams.length] as string;
    const options: BaseballOptions = away === home ? {} : { away, home, rotation: [g % 5, (g + 2) % 5] };
    const events = playGame(`bench-${label}-${g}`, options, useBot);
    if (useBot) tally(events);
  }
  const secs = cpuSecs() - start;
  console.log(`${label.padEnd(18)} ${games} games in ${secs.toFixed(2)} CPU-s = ${(games / secs).toFixed(0)} games per CPU-second`);
}

run("bot managers", true, GAMES);
run("default decisions", false, Math.ceil(GAMES / 2));

const t = totals;
const rates: [string, number, number, number, (x: number) => string][] = [
  ["AVG", t.H / t.AB, 0.235, 0.265, (x) => x.toFixed(3)],
  ["OBP", (t.H + t.BB + t.HBP) / (t.AB + t.BB + t.HBP + t.SF), 0.3, 0.34, (x) => x.toFixed(3)],
  ["SLG", t.TB / t.AB, 0.37, 0.45, (x) => x.toFixed(3)],
  ["HR per PA", t.HR / t.PA, 0.022, 0.038, (x) => `${(x * 100).toFixed(2)}%`],
  ["K per PA", t.SO / t.PA, 0.19, 0.26, (x) => `${(x * 100).toFixed(1)}%`],
  ["BB per PA", t.BB / t.PA, 0.07, 0.1, (x) => `${(x * 100).toFixed(1)}%`],
  ["runs per team-game", t.R / t.teamGames, 3.8, 5.2, (x) => x.toFixed(2)],
];
console.log(`\nseason-level rates of the shipped set (${GAMES} bot-managed games, ${t.PA} plate appearances):`);
let ok = true;
for (const [name, value, lo, hi, fmt] of rates) {
  const inBand = value >= lo && value <= hi;
  ok &&= inBand;
  console.log(`  ${name.padEnd(20)} ${fmt(value).padStart(7)}   band ${fmt(lo)}–${fmt(hi)}   ${inBand ? "ok" : "OUT OF BAND"}`);
}
console.log(`  (also: SB ${(t.SB / t.teamGames).toFixed(2)} and CS ${(t.CS / t.teamGames).toFixed(2)} per team-game, errors ${(t.E / t.teamGames).toFixed(2)} per team-game, extra-inning games ${((t.extra / GAMES) * 100).toFixed(1)}%)`);
console.log(ok ? "all rates within their bands" : "SOME RATES OUTSIDE THEIR BANDS");
