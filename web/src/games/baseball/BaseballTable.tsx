import { useEffect, useState } from "preact/hooks";
import type { TableViewProps } from "../registry.js";
import { DecisionPanel } from "./DecisionPanel.js";
import { Diamond } from "./Diamond.js";
import { decisionLabel } from "./labels.js";
import { PlayByPlay } from "./PlayByPlay.js";
import { playLines } from "./playByPlay.js";
import { Scoreboard } from "./Scoreboard.js";
import { nameIndex, type BaseballPublic } from "./state.js";
import { bw } from "./terms.js";

/**
 * The dice-baseball table: scoreboard, diamond with runners, the manager's decision panel (from
 * `legalActions` only), who has decided, and the play-by-play folded from the room's events.
 */
export function BaseballTable({ model, connection, seatName }: TableViewProps) {
  const state = model.state as unknown as BaseballPublic;
  const me = model.mySeat;
  const mine = me >= 0 ? (state.seats[me] as (typeof state.seats)[number] & { myDecision?: string }) : undefined;
  const [events, setEvents] = useState<unknown[]>([]);
  useEffect(() => connection.onEvents((batch) => setEvents((seen) => [...seen, ...batch])), [connection]);

  const name = nameIndex(state);
  const teamName = (team: number) => state.teams[team]?.name ?? seatName(team);
  const lines = playLines(events, name, teamName);
  const revealed = state.revealed ? (JSON.parse(state.revealed) as Record<string, Parameters<typeof decisionLabel>[0]>) : null;

  return (
    <div class="baseball" data-phase={state.phase}>
      <Scoreboard state={state} />
      {state.phase === "LINEUPS" && <p class="muted">{bw("lineupsPhase")}</p>}
      <Diamond state={state} name={name} />
      <p class="managers" data-testid="managers">
        {state.teams.map((team, i) => (
          <span data-decided={String(team.decided)}>
            {i > 0 ? " · " : ""}
            {team.name} ({seatName(i)}): {team.decided ? bw("decided") : state.activeSeats.includes(i) ? bw("deciding") : "—"}
          </span>
        ))}
      </p>
      {revealed && (
        <p data-testid="revealed">
          {bw("revealed")}: {Object.values(revealed).map((d) => decisionLabel(d, name)).join(" · ")}
        </p>
      )}
      {mine && state.phase !== "OVER" && <DecisionPanel state={state} legalJson={mine.legalActions ?? []} myDecision={mine.myDecision ?? ""} connection={connection} name={name} />}
      <PlayByPlay lines={lines} />
    </div>
  );
}
