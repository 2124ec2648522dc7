import { num } from "../../i18n/index.js";
import type { BaseballPublic } from "./state.js";
import { bw } from "./terms.js";

/** Linescore (runs per inning), R/H/E, and the inning, half and outs. */
export function Scoreboard({ state }: { state: BaseballPublic }) {
  const teams = state.teams ?? [];
  const columns = Math.max(state.inning, ...teams.map((t) => t.innings.length), 1);
  const over = state.phase === "OVER";
  return (
    <section class="scoreboard" aria-label={bw("scoreboard")} data-testid="scoreboard">
      <table>
        <thead>
          <tr>
            <th />
            {Array.from({ length: columns }, (_, i) => (
              <th>{num(i + 1)}</th>
            ))}
            <th>{bw("totals")}</th>
            <th>{bw("hitsShort")}</th>
            <th>{bw("errorsShort")}</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team, i) => (
            <tr data-team={i}>
              <th scope="row" title={team.name}>
                {team.abbr}
              </th>
              {Array.from({ length: columns }, (_, inning) => (
                <td>{inning < team.innings.length ? num(team.innings[inning] as number) : over && inning < columns ? "x" : ""}</td>
              ))}
              <td data-testid={`runs-${i}`}>
                <b>{num(state.scores[i] ?? 0)}</b>
              </td>
              <td>{num(state.hits[i] ?? 0)}</td>
              <td>{num(state.errors[i] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!over && state.phase !== "LINEUPS" && (
        <p data-testid="inning">
          {bw(state.half === 0 ? "top" : "bottom")} {num(state.inning)} · {bw("outs")}: <b data-testid="outs">{num(state.outs)}</b>
        </p>
      )}
    </section>
  );
}
