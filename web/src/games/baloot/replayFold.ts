/**
 * Folds a finished match's logged events into what the table looked like after each step, for
 * the replay viewer. It only records what the events say (who was dealt or played which card);
 * it decides nothing, so it holds no rules.
 */

export interface ReplayEvent {
  type: string;
  [field: string]: unknown;
}

export interface ReplayFrame {
  hand: number;
  scores: number[];
  hands: string[][];
  faceUp: string;
  bids: { seat: number; round: number; call: string; suit: string }[];
  contract: { kind: string; trump: string; buyer: number; level: number } | null;
  trick: { seat: number; card: string }[];
  lastTrick: { seat: number; card: string }[];
  lastWinner: number;
  /** What the step did, for its caption. */
  caption: { seat: number | null; event: ReplayEvent | null };
  over: { winnerTeam: number | null; scores: number[] } | null;
}

const empty = (): ReplayFrame => ({
  hand: 0,
  scores: [0, 0],
  hands: [[], [], [], []],
  faceUp: "",
  bids: [],
  contract: null,
  trick: [],
  lastTrick: [],
  lastWinner: -1,
  caption: { seat: null, event: null },
  over: null,
});

function applyEvent(f: ReplayFrame, e: ReplayEvent): ReplayFrame {
  switch (e.type) {
    case "handStarted":
      return { ...empty(), hand: e.hand as number, scores: [...(e.scores as number[])], over: f.over };
    case "dealt":
    case "completed": {
      const hands = f.hands.map((h) => [...h]);
      hands[e.to as number]?.push(...(e.cards as string[]));
      return { ...f, hands, faceUp: e.type === "completed" ? "" : f.faceUp };
    }
    case "faceUp":
      return { ...f, faceUp: e.card as string };
    case "bid":
      return { ...f, bids: [...f.bids, { seat: e.seat as number, round: e.round as number, call: e.call as string, suit: (e.suit as string) ?? "" }] };
    case "contract":
      return { ...f, contract: { kind: e.kind as string, trump: (e.trump as string) ?? "", buyer: e.buyer as number, level: 1 } };
    case "raise":
      return f.contract ? { ...f, contract: { ...f.contract, level: e.level as number } } : f;
    case "play": {
      const hands = f.hands.map((h) => h.filter((c) => c !== e.card));
      return { ...f, hands, trick: [...f.trick, { seat: e.seat as number, card: e.card as string }] };
    }
    case "trick":
      return { ...f, trick: [], lastTrick: f.trick, lastWinner: e.winner as number };
    case "handScored":
      return { ...f, scores: [...(e.scoresAfter as number[])] };
    case "matchOver":
      return { ...f, over: { winnerTeam: (e.winnerTeam as number | null) ?? null, scores: e.scores as number[] } };
    default:
      return f;
  }
}

/** One frame per log entry (the state after it), plus the hand each frame belongs to. */
export function foldReplay(entries: { seat: number | null; events: unknown[] }[]): ReplayFrame[] {
  const frames: ReplayFrame[] = [];
  let frame = empty();
  for (const entry of entries) {
    let last: ReplayEvent | null = null;
    for (const raw of entry.events) {
      const e = raw as ReplayEvent;
      frame = applyEvent(frame, e);
      if (e.type !== "dealt" && e.type !== "completed") last ??= e;
    }
    frames.push({ ...frame, caption: { seat: entry.seat, event: last } });
  }
  return frames;
}

/** Index of the first frame of each hand (for "next hand" / "previous hand"). */
export function handStarts(frames: ReplayFrame[]): number[] {
  const starts: number[] = [];
  frames.forEach((f, i) => {
    if (i === 0 || f.hand !== frames[i - 1]?.hand) starts.push(i);
  });
  return starts;
}
