import { t, num } from "../../i18n/index.js";
import { bw } from "./terms.js";

/** The baseball box score (src/games/baseball/boxscore.ts): linescore, batting and pitching lines, W/L/S. */
interface TeamBox {
  name: string;
  abbr: string;
  innings: number[];
  R: number;
  H: number;
  E: number;
  LOB: number;
  batting: { id: string; name: string; pos: string; AB: number; R: number; H: number; RBI: number; BB: number; SO: number; HR: number }[];
  pitching: { id: string; name: string; IP: string; H: number; R: number; ER: number; BB: number; SO: number; pitches: number; decision: string | null }[];
}
interface Box {
  teams: TeamBox[];
  decisions: { W: string | null; L: string | null; S: string | null };
}

const BATTING = ["AB", "R", "H", "RBI", "BB", "SO", "HR"] as const;
const PITCHING = ["IP", "H", "R", "ER", "BB", "SO", "pitches"] as const;

export function BaseballBoxScore({ box }: { box: unknown; seatName: (seat: number) => string }) {
  const b = box as Box | null;
  if (!b || !Array.isArray(b.teams)) return null;
  const innings = Math.max(...b.teams.map((team) => team.innings.length));
  const nameOf = (id: string | null) => {
    if (!id) return "—";
    for (const team of b.teams) for (const line of [...team.batting, ...team.pitching]) if (line.id === id) return line.name;
    return id;
  };
  return (
    <section class="boxscore" aria-label={t("boxScore")} data-testid="box-score">
      <h3>{t("boxScore")}</h3>
      <table data-testid="box-linescore">
        <thead>
          <tr>
            <th />
            {Array.from({ length: innings }, (_, i) => (
              <th>{num(i + 1)}</th>
            ))}
            <th>{bw("totals")}</th>
            <th>{bw("hitsShort")}</th>
            <th>{bw("errorsShort")}</th>
          </tr>
        </thead>
        <tbody>
          {b.teams.map((team) => (
            <tr>
              <th scope="row">{team.abbr}</th>
              {Array.from({ length: innings }, (_, i) => (
                <td>{i < team.innings.length ? num(team.innings[i] as number) : "x"}</td>
              ))}
              <td>
                <b>{num(team.R)}</b>
              </td>
              <td>{num(team.H)}</td>
              <td>{num(team.E)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{bw("decisionsOfRecord", { w: nameOf(b.decisions.W), l: nameOf(b.decisions.L), s: nameOf(b.decisions.S) })}</p>
      {b.teams.map((team) => (
        <div class="team-box">
          <h4>
            {team.name} · {bw("batting")}
          </h4>
          <table>
            <thead>
              <tr>
                <th>{t("player")}</th>
                {BATTING.map((k) => (
                  <th>{k}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {team.batting.map((line) => (
                <tr>
                  <td>
                    {line.name} <span class="muted">{line.pos}</span>
                  </td>
                  {BATTING.map((k) => (
                    <td>{num(line[k])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h4>
            {team.name} · {bw("pitching")}
          </h4>
          <table>
            <thead>
              <tr>
                <th>{t("player")}</th>
                {PITCHING.map((k) => (
                  <th>{k}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {team.pitching.map((line) => (
                <tr>
                  <td>
                    {line.name} {line.decision ? <b>({line.decision})</b> : null}
                  </td>
                  {PITCHING.map((k) => (
                    <td>{k === "IP" ? line.IP : num(line[k])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
