import { num } from "../../i18n/index.js";
import { actionLabel } from "./labels.js";
import { bw, reasonWord, resultWord } from "./terms.js";

/**
 * Play-by-play lines folded from the room's public events (`halfStarted`, `pa`, `sub`, `switch`,
 * `gameOver`); used live at the table and by the replay viewer.
 */

export interface PlayLine {
  kind: "half" | "pa" | "sub" | "end";
  text: string;
}

type Event = { type: string; [key: string]: unknown };

export function playLines(events: unknown[], name: (id: string) => string, teamName: (team: number) => string): PlayLine[] {
  const lines: PlayLine[] = [];
  for (const raw of events) {
    const e = raw as Event;
    switch (e.type) {
      case "halfStarted":
        lines.push({ kind: "half", text: `${bw(e.half === 0 ? "top" : "bottom")} ${num(e.inning as number)} · ${teamName(e.half as number)}` });
        break;
      case "pa": {
        const score = (e.score as number[]).map(num).join("–");
        const loc = e.loc ? ` (${String(e.loc)})` : "";
        const runs = (e.runs as number) > 0 ? ` · ${bw("scored", { n: num(e.runs as number) })}` : "";
        lines.push({ kind: "pa", text: `${name(e.batter as string)}: ${resultWord(e.result as string)}${loc}${runs} · ${bw("outs")} ${num(e.outs as number)} · ${score}` });
        break;
      }
      case "sub":
        lines.push({
          kind: "sub",
          text: actionLabel({ type: "sub", kind: e.kind as "pinchHitter", in: e.in as string, out: e.out as string }, name),
        });
        break;
      case "switch":
        lines.push({ kind: "sub", text: actionLabel({ type: "switch", a: e.a as string, b: e.b as string }, name) });
        break;
      case "gameOver":
        lines.push({ kind: "end", text: `${(e.score as number[]).map(num).join("–")} · ${reasonWord(e.reason as string)}` });
        break;
    }
  }
  return lines;
}
