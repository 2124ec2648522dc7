import { t, num } from "../../i18n/index.js";
import { suitSymbol, word } from "./terms.js";

/** The Baloot box score (src/games/baloot/boxscore.ts): a line per hand and totals per player. */
interface Box {
  hands: { hand: number; cancelled: string | null; contract: string | null; trump: string | null; buyer: number | null; level: number; gamePoints: number[] }[];
  players: { seat: number; tricks: number; cardPoints: number; contracts: number; contractsMade: number; projectsDeclared: number }[];
  scores: number[];
}

export function BalootBoxScore({ box, seatName }: { box: unknown; seatName: (seat: number) => string }) {
  const b = box as Box | null;
  if (!b || !Array.isArray(b.hands)) return null;
  return (
    <section class="boxscore" aria-label={t("boxScore")} data-testid="box-score">
      <h3>{t("boxScore")}</h3>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t("contract")}</th>
            <th>{t("buyer")}</th>
            <th>{t("team0")}</th>
            <th>{t("team1")}</th>
          </tr>
        </thead>
        <tbody>
          {b.hands.map((h) => (
            <tr>
              <td>{num(h.hand)}</td>
              <td>{h.cancelled ? word(h.cancelled) : `${word(h.contract ?? "")} ${h.trump ? suitSymbol(h.trump) : ""}${h.level > 1 ? ` ×${num(h.level)}` : ""}`}</td>
              <td>{h.buyer !== null ? seatName(h.buyer) : "—"}</td>
              <td>{num(h.gamePoints[0] ?? 0)}</td>
              <td>{num(h.gamePoints[1] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>{t("player")}</th>
            <th>{t("tricks")}</th>
            <th>{t("cardPoints")}</th>
            <th>{t("contract")}</th>
            <th>{t("projects")}</th>
          </tr>
        </thead>
        <tbody>
          {b.players.map((p) => (
            <tr>
              <td>{seatName(p.seat)}</td>
              <td>{num(p.tricks)}</td>
              <td>{num(p.cardPoints)}</td>
              <td>
                {num(p.contractsMade)}/{num(p.contracts)}
              </td>
              <td>{num(p.projectsDeclared)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
