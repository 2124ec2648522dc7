/**
 * The box score as a fold over the event log (rebuildable from stored events at any time):
 * linescore, R/H/E, LOB, batting and pitching lines, and the W/L/S decisions.
 */
import type { BaseballEvent } from "./events.js";
import { pitchingDecisions, type DecisionTracker, newDecisionTracker, trackEvent } from "./decisionsOfRecord.js";

/** A batter's counting stats: one game's line, or a season's or career's totals (league stats). */
export interface BattingCounts {
  PA: number;
  AB: number;
  R: number;
  H: number;
  "2B": number;
  "3B": number;
  HR: number;
  RBI: number;
  BB: number;
  SO: number;
  HBP: number;
  SF: number;
  SH: number;
  SB: number;
  CS: number;
}

export interface BattingLine extends BattingCounts {
  id: string;
  name: string;
  /** Batting-order spot (0..8) and the position he entered at. */
  spot: number;
  pos: string;
  /** Runners on base after plate appearances in which he made an out. */
  LOB: number;
}

export interface PitchingLine {
  id: string;
  name: string;
  outs: number;
  /** Innings pitched as shown in box scores: whole innings, a dot, and the extra outs (5.1 = 16 outs). */
  IP: string;
  BF: number;
  H: number;
  R: number;
  ER: number;
  BB: number;
  SO: number;
  HR: number;
  pitches: number;
  decision: "W" | "L" | "S" | null;
}

export interface TeamBox {
  id: string;
  name: string;
  abbr: string;
  /** Runs per inning; an inning the team did not bat is absent (shown as "x"). */
  innings: number[];
  R: number;
  H: number;
  E: number;
  LOB: number;
  batting: BattingLine[];
  pitching: PitchingLine[];
}

export interface BaseballBoxScore {
  teams: TeamBox[];
  decisions: { W: string | null; L: string | null; S: string | null };
  final: { winnerTeam: number | null; score: number[]; reason: string; innings: number } | null;
}

export function ipString(outs: number): string {
  return `${Math.floor(outs / 3)}.${outs % 3}`;
}

function emptyBatting(id: string, name: string, spot: number, pos: string): BattingLine {
  return { id, name, spot, pos, PA: 0, AB: 0, R: 0, H: 0, "2B": 0, "3B": 0, HR: 0, RBI: 0, BB: 0, SO: 0, HBP: 0, SF: 0, SH: 0, SB: 0, CS: 0, LOB: 0 };
}

function emptyPitching(id: string, name: string): PitchingLine {
  return { id, name, outs: 0, IP: "0.0", BF: 0, H: 0, R: 0, ER: 0, BB: 0, SO: 0, HR: 0, pitches: 0, decision: null };
}

class Folder {
  teams: TeamBox[] = [];
  names = new Map<string, string>();
  bat = new Map<string, BattingLine>();
  pit = new Map<string, PitchingLine>();
  teamOf = new Map<string, number>();
  tracker: DecisionTracker = newDecisionTracker();
  final: BaseballBoxScore["final"] = null;

  batter(team: number, id: string, spot = -1, pos = ""): BattingLine {
    let line = this.bat.get(id);
    if (!line) {
      line = emptyBatting(id, this.names.get(id) ?? id, spot, pos);
      this.bat.set(id, line);
      this.teams[team]?.batting.push(line);
    }
    return line;
  }

  pitcher(team: number, id: string): PitchingLine {
    let line = this.pit.get(id);
    if (!line) {
      line = emptyPitching(id, this.names.get(id) ?? id);
      this.pit.set(id, line);
      this.teams[team]?.pitching.push(line);
    }
    return line;
  }

  fold(e: BaseballEvent): void {
    trackEvent(this.tracker, e);
    switch (e.type) {
      case "gameStarted":
        this.teams = e.teams.map((t) => ({ ...t, innings: [], R: 0, H: 0, E: 0, LOB: 0, batting: [], pitching: [] }));
        return;
      case "lineupSet":
        for (const p of e.roster) this.names.set(p.id, p.name);
        e.order.forEach((s, i) => this.batter(e.team, s.id, i, s.pos));
        this.pitcher(e.team, e.pitcher);
        return;
      case "halfStarted": {
        const t = this.teams[e.half];
        if (t) while (t.innings.length < e.inning) t.innings.push(0);
        return;
      }
      case "run": {
        const t = this.teams[e.team];
        if (t) {
          t.R += 1;
          t.innings[t.innings.length - 1] = (t.innings[t.innings.length - 1] ?? 0) + 1;
        }
        this.batter(e.team, e.runner).R += 1;
        const p = this.pitcher(1 - e.team, e.resp);
        p.R += 1;
        if (e.earned) p.ER += 1;
        return;
      }
      case "out":
        this.pitcher(e.team, e.pitcher).outs += 1;
        return;
      case "error": {
        const t = this.teams[e.team];
        if (t) t.E += 1;
        return;
      }
      case "steal": {
        const line = this.batter(e.team, e.runner);
        if (e.success) line.SB += 1;
        else line.CS += 1;
        return;
      }
      case "pitches":
        this.pitcher(1 - e.team, e.pitcher).pitches += e.pitches;
        return;
      case "pa":
        this.plateAppearance(e);
        return;
      case "sub":
        if (e.kind === "pitcher") this.pitcher(e.team, e.in);
        else this.batter(e.team, e.in, e.spot ?? -1, e.kind === "pinchHitter" ? "PH" : e.kind === "pinchRunner" ? "PR" : e.pos);
        return;
      case "halfEnded": {
        const t = this.teams[e.half];
        if (t) t.LOB += e.lob;
        return;
      }
      case "gameOver":
        this.final = { winnerTeam: e.winnerTeam, score: e.score.slice(), reason: e.reason, innings: e.innings };
        return;
      default:
        return;
    }
  }

  plateAppearance(e: Extract<BaseballEvent, { type: "pa" }>): void {
    const b = this.batter(e.team, e.batter);
    const p = this.pitcher(1 - e.team, e.pitcher);
    b.PA += 1;
    p.BF += 1;
    p.pitches += e.pitches;
    if (e.ab) b.AB += 1;
    b.RBI += e.rbi;
    if (e.hit > 0) {
      b.H += 1;
      p.H += 1;
      const t = this.teams[e.team];
      if (t) t.H += 1;
      if (e.hit === 2) b["2B"] += 1;
      if (e.hit === 3) b["3B"] += 1;
      if (e.hit === 4) {
        b.HR += 1;
        p.HR += 1;
      }
    }
    switch (e.result) {
      case "BB":
      case "IBB":
        b.BB += 1;
        p.BB += 1;
        break;
      case "K":
        b.SO += 1;
        p.SO += 1;
        break;
      case "HBP":
        b.HBP += 1;
        break;
      case "SF":
        b.SF += 1;
        break;
      case "SH":
        b.SH += 1;
        break;
    }
    if (e.batterOut) b.LOB += e.bases.filter((x) => x !== null).length;
  }
}

export function summarise(events: readonly BaseballEvent[]): BaseballBoxScore {
  const f = new Folder();
  for (const e of events) f.fold(e);
  for (const line of f.pit.values()) line.IP = ipString(line.outs);
  const decisions = pitchingDecisions(f.tracker, f.final);
  for (const [key, id] of Object.entries(decisions) as ["W" | "L" | "S", string | null][]) {
    const line = id ? f.pit.get(id) : undefined;
    if (line) line.decision = key;
  }
  return { teams: f.teams, decisions, final: f.final };
}
