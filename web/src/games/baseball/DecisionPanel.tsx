import { useMemo, useState } from "preact/hooks";
import { num } from "../../i18n/index.js";
import type { TableConnection } from "../../table/connection.js";
import { actionLabel, decisionLabel, word } from "./labels.js";
import type { BaseballAction, BaseballPublic } from "./state.js";
import { bw } from "./terms.js";

type Defense = Extract<BaseballAction, { type: "defense" }>;

/**
 * The manager's panel: exactly the seat's `legalActions` (lineup, offense or defense decision,
 * substitutions and switches, dice), plus manual dice entry when the room asks for a die.
 */
export function DecisionPanel({ state, legalJson, myDecision, connection, name }: { state: BaseballPublic; legalJson: string[]; myDecision: string; connection: TableConnection; name: (id: string) => string }) {
  const legal = useMemo(() => legalJson.map((s) => JSON.parse(s) as BaseballAction), [legalJson.join("|")]);
  const act = (a: BaseballAction) => connection.act(a);

  // While manual dice are entered the decision is still on record, and the dice are what is asked.
  if (myDecision && legal.length === 0) {
    return (
      <section class="decision" aria-label={bw("decision")} data-testid="decision-waiting">
        <p>{bw("waitingOther", { d: decisionLabel(JSON.parse(myDecision) as Parameters<typeof decisionLabel>[0], name) })}</p>
      </section>
    );
  }
  if (legal.length === 0) return null;

  const defenses = legal.filter((a): a is Defense => a.type === "defense" && !a.ibb);
  const singles = legal.filter((a) => a.type === "lineup" || a.type === "offense" || (a.type === "defense" && a.ibb) || a.type === "rollForMe");
  const changes = legal.filter((a) => a.type === "sub" || a.type === "switch");
  const side = legal.some((a) => a.type === "offense") ? bw("offense") : defenses.length ? bw("defense") : state.phase === "LINEUPS" ? bw("lineup") : "";

  return (
    <section class="decision" aria-label={bw("decision")} data-testid="decision">
      <h3>
        {bw("decision")}
        {side ? ` · ${side}` : ""}
      </h3>
      {defenses.length > 0 && <DefenseForm options={defenses} onSend={act} name={name} />}
      <div class="calls">
        {singles.map((a) => (
          <button type="button" class="call" data-action={JSON.stringify(a)} onClick={() => act(a)}>
            {actionLabel(a, name)}
          </button>
        ))}
      </div>
      {state.diceNeeded && legal.some((a) => a.type === "rollForMe") && <DiceForm die={state.diceNeeded} onSend={act} />}
      {changes.length > 0 && <Changes options={changes} onSend={act} name={name} />}
    </section>
  );
}

/** Infield, outfield and hold chosen among the legal defensive alignments only. */
function DefenseForm({ options, onSend, name }: { options: Defense[]; onSend: (a: BaseballAction) => void; name: (id: string) => string }) {
  const values = <K extends "infield" | "outfield">(key: K) => [...new Set(options.map((o) => o[key] ?? "normal"))];
  const holds = [...new Set(options.map((o) => o.hold === true))];
  const [infield, setInfield] = useState(values("infield").includes("normal") ? "normal" : (values("infield")[0] as string));
  const [outfield, setOutfield] = useState(values("outfield").includes("normal") ? "normal" : (values("outfield")[0] as string));
  const [hold, setHold] = useState(holds[0] ?? false);
  const chosen = options.find((o) => (o.infield ?? "normal") === infield && (o.outfield ?? "normal") === outfield && (o.hold === true) === (holds.includes(hold) ? hold : holds[0]));
  return (
    <form
      class="options"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) onSend(chosen);
      }}
    >
      <label>
        {bw("infield")}{" "}
        <select value={infield} onChange={(e) => setInfield((e.target as HTMLSelectElement).value)} data-testid="infield">
          {values("infield").map((v) => (
            <option value={v}>{word(v)}</option>
          ))}
        </select>
      </label>
      <label>
        {bw("outfield")}{" "}
        <select value={outfield} onChange={(e) => setOutfield((e.target as HTMLSelectElement).value)} data-testid="outfield">
          {values("outfield").map((v) => (
            <option value={v}>{word(v)}</option>
          ))}
        </select>
      </label>
      {holds.length > 1 && (
        <label>
          <input type="checkbox" checked={hold} onChange={(e) => setHold((e.target as HTMLInputElement).checked)} data-testid="hold" /> {bw("hold")}
        </label>
      )}
      <button type="submit" class="call" disabled={!chosen} data-testid="set-defense" data-action={chosen ? JSON.stringify(chosen) : ""} title={chosen ? actionLabel(chosen, name) : ""}>
        {bw("setDefense")}
      </button>
    </form>
  );
}

/** Manual dice (private tables with `dice: "manual"`): the die asked for, value by value. */
function DiceForm({ die, onSend }: { die: "d6" | "2d6" | "d20"; onSend: (a: BaseballAction) => void }) {
  const count = die === "2d6" ? 2 : 1;
  const max = die === "d20" ? 20 : 6;
  const [values, setValues] = useState<number[]>([]);
  const complete = values.length === count && values.every((v) => Number.isInteger(v) && v >= 1 && v <= max);
  return (
    <form
      class="options dice"
      aria-label={bw("dice")}
      data-testid="dice-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) onSend({ type: "dice", values });
      }}
    >
      <span>
        {bw("dice")} ({die})
      </span>
      {Array.from({ length: count }, (_, i) => (
        <label>
          {bw("diceValue", { n: num(i + 1) })}{" "}
          <input
            type="number"
            min={1}
            max={max}
            required
            data-testid={`die-${i}`}
            onInput={(e) => {
              const next = [...values];
              next[i] = Number((e.target as HTMLInputElement).value);
              setValues(next.slice(0, count));
            }}
          />
        </label>
      ))}
      <button type="submit" disabled={!complete} data-testid="send-dice">
        {bw("sendDice")}
      </button>
    </form>
  );
}

/** Substitutions and position switches the server allows now, one at a time. */
function Changes({ options, onSend, name }: { options: BaseballAction[]; onSend: (a: BaseballAction) => void; name: (id: string) => string }) {
  const [index, setIndex] = useState(0);
  const chosen = options[Math.min(index, options.length - 1)];
  return (
    <details class="changes" data-testid="subs">
      <summary>{bw("subs", { n: num(options.length) })}</summary>
      <form
        class="options"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) onSend(chosen);
        }}
      >
        <select value={index} onChange={(e) => setIndex(Number((e.target as HTMLSelectElement).value))} data-testid="sub-choice">
          {options.map((a, i) => (
            <option value={i} data-action={JSON.stringify(a)}>
              {actionLabel(a, name)}
            </option>
          ))}
        </select>{" "}
        <button type="submit" data-testid="make-sub">
          {bw("makeSub")}
        </button>
      </form>
    </details>
  );
}
