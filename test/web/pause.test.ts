import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchChromium, requireChromium, newPlayer, noRefusals, playOnce, seq, startVsBots, waitForTurn, useWebServer } from "./browser.js";

/** docs/PROTOCOL.md §5b in the browser: the owner pauses and resumes; an idle table warns, then unloads. */
describe("web client: pause and idle tables in Chromium", function () {
  this.timeout(120_000);
  let browser: Browser;

  before(async function () {
    requireChromium(this);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  describe("pause", () => {
    const server = useWebServer();

    it("the owner of a vs-bots table pauses (controls disabled, who paused shown) and resumes", async () => {
      const { context, page } = await newPlayer(browser, server().url, { name: "Pauser" });
      try {
        await startVsBots(page, 152);
        await waitForTurn(page);
        const before = await seq(page);
        await page.click("[data-testid=pause]");
        await page.waitForSelector("[data-testid=paused]");
        assert.match(await page.locator("[data-testid=paused]").innerText(), /Paused by Pauser/);
        assert.equal(await page.locator("fieldset.play[disabled]").count(), 1, "the game's controls are disabled");
        assert.equal(await page.locator("[data-testid=pause]").count(), 0);
        await page.waitForTimeout(500);
        assert.equal(await seq(page), before, "nothing moves while paused");

        await page.click("[data-testid=resume]");
        await page.waitForSelector("[data-testid=paused]", { state: "detached" });
        assert.equal(await page.locator("fieldset.play[disabled]").count(), 0);
        await waitForTurn(page);
        assert.ok(await playOnce(page), "play goes on");
        assert.deepEqual(await noRefusals(page), []);
      } finally {
        await context.close();
      }
    });
  });

  describe("idle", () => {
    const server = useWebServer({ IDLE_PAUSE_S: "3", BOT_DELAY_MS: "60000", TURN_TIMEOUT_S: "600" });

    it("shows the idle warning; \"I'm here\" withdraws it; left alone the table is paused and unloaded; opening it again brings the same hand back", async () => {
      const { context, page } = await newPlayer(browser, server().url, { name: "Dreamer" });
      try {
        // A minute-long bot turn first (the lobby deals with a random dealer): the player is either
        // on the clock (kept alive) or not; wait for the warning either way after his move.
        await startVsBots(page, 152);
        if (await page.locator(".calls .call, .hand-card:not([disabled])").count()) await playOnce(page);
        await page.waitForSelector("[data-testid=idle-warning]", { timeout: 20_000 });
        assert.match(await page.locator("[data-testid=idle-warning]").innerText(), /pauses and closes in/);
        await page.click("[data-testid=idle-warning] button");
        await page.waitForSelector("[data-testid=idle-warning]", { state: "detached" });
        await page.waitForSelector("[data-testid=idle-warning]", { timeout: 20_000 });
        const hand = await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card")));
        await page.waitForSelector("[data-testid=unloaded]", { timeout: 20_000 });
        assert.equal(await page.locator("[data-testid=reconnecting]").count(), 0, "no automatic rejoin");

        // Opening it again loads the table (same room, same hand) and ends the idle pause.
        await page.click("[data-testid=unloaded] button");
        await page.waitForSelector("[data-testid=unloaded]", { state: "detached" });
        await page.waitForSelector("[data-testid=turn]");
        assert.equal(await page.locator("[data-testid=paused]").count(), 0);
        assert.deepEqual(await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card"))), hand);
      } finally {
        await context.close();
      }
    });
  });
});
