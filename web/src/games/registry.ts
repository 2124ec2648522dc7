import type { ComponentType } from "preact";
import type { TableConnection } from "../table/connection.js";
import type { TableModel } from "../table/model.js";
import { BalootTable } from "./baloot/BalootTable.js";
import { BalootBoxScore } from "./baloot/BoxScore.js";
import { BalootReplay } from "./baloot/Replay.js";
import { word } from "./baloot/terms.js";
import type { Replay } from "../lib/api.js";

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
}

const baloot: GameUi = {
  title: { en: "Baloot", ar: "بلوت" },
  Table: BalootTable,
  BoxScore: BalootBoxScore,
  Replay: BalootReplay,
  // "FORFEIT: seat 2 timed out" → the word for FORFEIT, then the detail.
  reasonLabel: (reason) => reason.replace(/^[A-Z_]+/, (code) => word(code)),
};

/** Room names (`baloot`, `baloot_ranked`) and match game ids (`baloot`) → the game's UI. */
export function gameUi(nameOrGame: string): GameUi | null {
  const game = nameOrGame.replace(/_ranked$/, "");
  return game === "baloot" ? baloot : null;
}
