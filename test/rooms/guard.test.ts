/** table/guard.ts: hooks report unexpected errors once, then rethrow them (onDispose: not), as Colyseus's onUncaughtException wrapper did. */
import { strict as assert } from "node:assert";
import { guardRoomClass } from "../../src/rooms/table/guard.js";

class Base {
  reports: [string, string][] = [];
  constructor() {
    guardRoomClass(Object.getPrototypeOf(this) as object);
  }
  reportUncaught(err: unknown, method: string): void {
    this.reports.push([method, (err as Error).message]);
  }
  onJoin(fail: boolean): string {
    if (fail) throw new Error("join");
    return "joined";
  }
  async onCreate(fail: boolean): Promise<string> {
    await Promise.resolve();
    if (fail) throw new Error("create");
    return "created";
  }
  onDispose(): void {
    throw new Error("dispose");
  }
}

class Child extends Base {
  override onJoin(fail: boolean): string {
    return `child ${super.onJoin(fail)}`;
  }
}

class GrandChild extends Child {}

describe("room hook guard", () => {
  it("reports a throw and a rejection once and rethrows them; onDispose's is reported and swallowed", async () => {
    for (const make of [() => new Child(), () => new GrandChild(), () => new Child()]) {
      const room = make();
      assert.equal(room.onJoin(false), "child joined");
      assert.throws(() => room.onJoin(true), /join/);
      assert.equal(await room.onCreate(false), "created");
      await assert.rejects(room.onCreate(true), /create/);
      assert.doesNotThrow(() => room.onDispose());
      assert.deepEqual(room.reports, [
        ["onJoin", "join"],
        ["onCreate", "create"],
        ["onDispose", "dispose"],
      ]);
    }
  });
});
