import { t, num } from "../../i18n/index.js";
import { suitSymbol, word } from "./terms.js";

/** The `handScored` event's score sheet (النشرة), see src/games/baloot/README.md. */
export interface HandScored {
  hand: number;
  contract: string;
  trump: string | null;
  buyer: number;
  level: number;
  result: string;
  kaboot: boolean;
  gamePoints: number[];
  scoresAfter: number[];
  teams: { cardPoints: number; ground: number; projects: { kind: string }[]; abnat: number; gamePoints: number; tricks: number }[];
}

export function ScoreSheet(props: { sheet: HandScored; myTeam: number; seatName: (seat: number) => string; onClose: () => void }) {
  const { sheet, myTeam } = props;
  const order = [myTeam, 1 - myTeam];
  return (
    <section class="sheet" role="status" aria-label={t("scoreSheet")} data-testid="score-sheet">
      <h3>
        {t("scoreSheet")} · {t("hand", { n: num(sheet.hand) })}
      </h3>
      <p>
        {word(sheet.contract)} {sheet.trump ? suitSymbol(sheet.trump) : ""} · {t("buyer")}: {props.seatName(sheet.buyer)}
        {sheet.level > 1 ? ` · ×${num(sheet.level)}` : ""} · {word(sheet.result)}
        {sheet.kaboot ? ` · ${word("KABOOT")}` : ""}
      </p>
      <table>
        <thead>
          <tr>
            <th />
            <th>{t("scoreUs")}</th>
            <th>{t("scoreThem")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{t("tricks")}</th>
            {order.map((team) => (
              <td>{num(sheet.teams[team]?.tricks ?? 0)}</td>
            ))}
          </tr>
          <tr>
            <th>{t("cardPoints")}</th>
            {order.map((team) => (
              <td>{num(sheet.teams[team]?.abnat ?? 0)}</td>
            ))}
          </tr>
          <tr>
            <th>{t("projects")}</th>
            {order.map((team) => (
              <td>{(sheet.teams[team]?.projects ?? []).map((p) => word(p.kind)).join(", ") || "—"}</td>
            ))}
          </tr>
          <tr>
            <th>{t("result")}</th>
            {order.map((team) => (
              <td>
                <b>{num(sheet.gamePoints[team] ?? 0)}</b>
              </td>
            ))}
          </tr>
          <tr>
            <th>{t("match")}</th>
            {order.map((team) => (
              <td>{num(sheet.scoresAfter[team] ?? 0)}</td>
            ))}
          </tr>
        </tbody>
      </table>
      <button type="button" onClick={props.onClose}>
        {t("continue")}
      </button>
    </section>
  );
}
