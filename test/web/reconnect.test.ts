import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { localRoom } from "../helpers/tables.js";
import { launchChromium, newPlayer, playOnce, seq, startVsBots, waitForTurn, useWebServer } from "./browser.js";

interface ServerRoom {
  clients: { ref: { terminate(): void } }[];
}

/** A dropped connection comes back by itself: "reconnecting…" while away, same seat afterwards. */
describe("web client: network drop in Chromium", function () {
  this.timeout(120_000);
  const server = useWebServer();
  let browser: Browser;

  before(async function () {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("shows reconnecting… while the network is down and continues without a click when it is back", async () => {
    const { context, page } = await newPlayer(browser, server().url, { name: "Commuter" });
    try {
      const roomId = await startVsBots(page, 152);
      await waitForTurn(page);
      await page.waitForTimeout(1_200); // past the SDK's minimum uptime for automatic reconnection
      const hand = await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card")));
      const before = await seq(page);

      await context.setOffline(true);
      for (const client of localRoom<ServerRoom>(roomId).clients) client.ref.terminate();
      await page.waitForSelector("[data-testid=reconnecting]");
      assert.match(await page.locator("[data-testid=reconnecting]").innerText(), /Reconnecting/);

      await context.setOffline(false);
      await page.waitForSelector("[data-testid=reconnecting]", { state: "detached", timeout: 60_000 });
      assert.equal(await page.locator("[data-testid=failed]").count(), 0);
      assert.deepEqual(await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card"))), hand);
      assert.equal(await seq(page), before);
      await waitForTurn(page);
      assert.ok(await playOnce(page), "play goes on after the drop");
    } finally {
      await context.close();
    }
  });
});
