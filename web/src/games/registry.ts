import type { ComponentType } from "preact";
import type { TableConnection } from "../table/connection.js";
import type { PlainTable, TableModel } from "../table/model.js";
import { BalootTable } from "./baloot/BalootTable.js";
import { BalootBoxScore } from "./baloot/BoxScore.js";
import { BalootReplay } from "./baloot/Replay.js";
import { word } from "./baloot/terms.js";
import type { BalootPublic } from "./baloot/state.js";
import type { Replay } from "../lib/api.js";
import { t } from "../i18n/index.js";
import { BaseballTable } from "./baseball/BaseballTable.js";
import type { BaseballPublic } from "./baseball/state.js";
import { BaseballBoxScore } from "./baseball/BoxScore.js";
import { BaseballReplay } from "./baseball/Replay.js";
import { bw, reasonWord } from "./baseball/terms.js";

/**
 * Games the client can show. The shell (lobby, seats, clock, reconnection, result) is generic;
 * a new game type adds one entry here with its table, box score and replay components.
 */

export interface TableViewProps {
  model: TableModel;
  connection: TableConnection;
  seatName: (seat: number) => string;
}

export interface GameUi {
  title: { en: string; ar: string };
  Table: ComponentType<TableViewProps>;
  BoxScore: ComponentType<{ box: unknown; seatName: (seat: number) => string }>;
  Replay: ComponentType<{ replay: Replay; names: string[] }>;
  /** Words for the match's end reason (`matchEnded.outcome.reason`). */
  reasonLabel(reason: string): string;
  /** A team's name on the result screen (Baloot: the seat pairs; baseball: the club). */
  teamLabel(team: number, state: PlainTable | null): string;
  /** The two teams' scores in the room state (for a finished table joined after its `matchEnded`). */
  teamScores(state: PlainTable): number[];
}

const baloot: GameUi = {
  title: { en: "Baloot", ar: "بلوت" },
  Table: BalootTable,
  BoxScore: BalootBoxScore,
  Replay: BalootReplay,
  // "FORFEIT: seat 2 timed out" → the word for FORFEIT, then the detail.
  reasonLabel: (reason) => reason.replace(/^[A-Z_]+/, (code) => word(code)),
  teamLabel: (team) => t(team === 0 ? "team0" : "team1"),
  teamScores: (state) => {
    const s = state as BalootPublic;
    return [s.team0Score, s.team1Score];
  },
};

const baseball: GameUi = {
  title: { en: "Baseball", ar: "بيسبول" },
  Table: BaseballTable,
  BoxScore: BaseballBoxScore,
  Replay: BaseballReplay,
  reasonLabel: reasonWord,
  teamLabel: (team, state) => (state?.teams as { name: string }[] | undefined)?.[team]?.name ?? bw(team === 0 ? "top" : "bottom"),
  teamScores: (state) => (state as BaseballPublic).scores,
};

const games: Record<string, GameUi> = { baloot, baseball };

/** Room names (`baloot`, `baloot_ranked`, `baseball`) and match game ids → the game's UI. */
export function gameUi(nameOrGame: string): GameUi | null {
  return games[nameOrGame.replace(/_ranked$/, "")] ?? null;
}
