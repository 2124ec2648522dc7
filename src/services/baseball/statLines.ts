import type { BaseballBoxScore } from "../../games/baseball/index.js";
import type { BaseballLinesTable } from "../../db/tables.js";

/** A finished game's box score → one stat line per card (pure; the fold stores them). */

export type CardLine = Omit<BaseballLinesTable, "match_id" | "season">;

const ZERO = {
  pa: 0, ab: 0, r: 0, h: 0, doubles: 0, triples: 0, hr: 0, rbi: 0, bb: 0, so: 0, hbp: 0, sf: 0, sh: 0, sb: 0, cs: 0,
  outs: 0, bf: 0, p_h: 0, p_r: 0, er: 0, p_bb: 0, p_so: 0, p_hr: 0, pitches: 0, w: 0, l: 0, sv: 0,
};

export function cardLines(box: BaseballBoxScore): CardLine[] {
  const byId = new Map<string, CardLine>();
  const line = (team: number, id: string, name: string): CardLine => {
    let l = byId.get(id);
    if (!l) byId.set(id, (l = { card_id: id, team, name, batted: false, pitched: false, ...ZERO }));
    return l;
  };
  box.teams.forEach((t, team) => {
    for (const b of t.batting) {
      const l = line(team, b.id, b.name);
      l.batted = true;
      l.pa += b.PA;
      l.ab += b.AB;
      l.r += b.R;
      l.h += b.H;
      l.doubles += b["2B"];
      l.triples += b["3B"];
      l.hr += b.HR;
      l.rbi += b.RBI;
      l.bb += b.BB;
      l.so += b.SO;
      l.hbp += b.HBP;
      l.sf += b.SF;
      l.sh += b.SH;
      l.sb += b.SB;
      l.cs += b.CS;
    }
    for (const p of t.pitching) {
      const l = line(team, p.id, p.name);
      l.pitched = true;
      l.outs += p.outs;
      l.bf += p.BF;
      l.p_h += p.H;
      l.p_r += p.R;
      l.er += p.ER;
      l.p_bb += p.BB;
      l.p_so += p.SO;
      l.p_hr += p.HR;
      l.pitches += p.pitches;
      if (p.decision === "W") l.w += 1;
      if (p.decision === "L") l.l += 1;
      if (p.decision === "S") l.sv += 1;
    }
  });
  return [...byId.values()];
}

/** The season a match counts for: the UTC year it ended in. */
export function seasonOf(endedAt: Date | string): string {
  return String(new Date(endedAt).getUTCFullYear());
}
