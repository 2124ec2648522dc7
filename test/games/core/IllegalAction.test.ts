import { strict as assert } from "node:assert";
import { IllegalAction, isIllegalAction } from "../../../src/games/core/IllegalAction.js";

describe("core IllegalAction", () => {
  it("carries a stable code and a message, and is recognised by isIllegalAction", () => {
    const e = new IllegalAction("NOT_YOUR_TURN", "seat 2 is to act");
    assert.equal(e.code, "NOT_YOUR_TURN");
    assert.equal(e.message, "seat 2 is to act");
    assert.equal(e.name, "IllegalAction");
    assert.ok(e instanceof Error);
    assert.ok(isIllegalAction(e));
    assert.ok(!isIllegalAction(new Error("x")));
    assert.ok(!isIllegalAction({ code: "X" }));
  });
});
