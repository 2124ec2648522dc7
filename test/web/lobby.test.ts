import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { localRoom } from "../helpers/tables.js";
import { launchChromium, newPlayer, useWebServer } from "./browser.js";

/** What the tests read from the server's own room: the level its bots play at. */
interface ServerRoom {
  botLevel: string;
}

/** Lobby table options as the server receives them, and the turn warning at the table. */
describe("web client: lobby options and the turn warning in Chromium", function () {
  this.timeout(120_000);
  const server = useWebServer();
  let browser: Browser;

  before(async function () {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("offers both bot levels in both languages and creates the table at the chosen level", async () => {
    const { context, page } = await newPlayer(browser, server().url, { name: "Chooser" });
    try {
      const options = () => page.locator("[data-testid=bot-level] option").allTextContents();
      assert.deepEqual(await options(), ["Basic (quick heuristic)", "Strong (searches ahead)"]);
      await page.click("[data-testid=lang]");
      assert.deepEqual(await options(), ["عادي (سريع)", "قوي (يحسب اللعب)"]);
      await page.click("[data-testid=lang]");

      // A private table left at the default level: the server's room records "basic".
      await page.click("[data-testid=private]");
      await page.waitForSelector("[data-testid=join-code]");
      const privateRoom = new URL(page.url()).pathname.split("/").pop() as string;
      assert.equal(localRoom<ServerRoom>(privateRoom).botLevel, "basic");
      await page.getByRole("button", { name: "Back to lobby" }).click();

      // vs bots at the strong level.
      await page.selectOption("[data-testid=bot-level]", "strong");
      await page.click("[data-testid=vs-bots]");
      await page.waitForURL(/\/play\/table\//);
      await page.waitForSelector(".baloot");
      const botsRoom = new URL(page.url()).pathname.split("/").pop() as string;
      assert.notEqual(botsRoom, privateRoom);
      assert.equal(localRoom<ServerRoom>(botsRoom).botLevel, "strong");
    } finally {
      await context.close();
    }
  });

  it("shows the turn warning when the player's clock runs low", async () => {
    const { context, page } = await newPlayer(browser, server().url, { name: "Slow" });
    try {
      await page.fill("[data-testid=turn-seconds]", "5");
      await page.click("[data-testid=vs-bots]");
      await page.waitForURL(/\/play\/table\//);
      // Nobody clicks: when it is our turn the server warns before the safe move is played for us.
      const warning = page.locator("[data-testid=turn-warning]");
      await warning.waitFor({ timeout: 60_000 });
      assert.match(await warning.innerText(), /^Hurry: \d+ s left, then the safe move is played for you\.$/);
    } finally {
      await context.close();
    }
  });
});
