import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { localRoom } from "../helpers/tables.js";
import { launchChromium, newPlayer, noRefusals, playOnce, seq, waitForTurn, useWebServer } from "./browser.js";
import { FrameMirror } from "./frames.js";

interface ServerRoom {
  clients: { userData?: { seat?: number }; ref: { terminate(): void } }[];
}

/** True when the page offers a move right now (without waiting). */
async function canMove(page: Page): Promise<boolean> {
  return (await page.locator(".calls .call, .hand-card:not([disabled])").count()) > 0;
}
async function finished(page: Page): Promise<boolean> {
  return (await page.locator("[data-testid=result]").count()) > 0;
}

/** Issue 11 scenarios 3 and 4: a private table with two accounts plus bots, and a spectator. */
describe("web client: private tables and spectators in Chromium", function () {
  this.timeout(240_000);
  // Quick tables (the publicly listed ones) fill their empty seats with bots after one second.
  const server = useWebServer({ BOT_FILL_WAIT_S: "1" });
  let browser: Browser;

  before(async function () {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("plays a private table with two browser contexts and two bots to the end", async () => {
    const host = await newPlayer(browser, server().url, { name: "Host" });
    const guest = await newPlayer(browser, server().url, { name: "Friend" });
    try {
      await host.page.fill("[data-testid=target]", "30");
      await host.page.click("[data-testid=private]");
      await host.page.waitForSelector("[data-testid=join-code]");
      const link = await host.page.inputValue("[data-testid=join-link]");
      assert.match(link, /\/play\/join\/[A-Z0-9]{4,16}$/);

      // The friend follows the shared link, then moves to the partner's seat (opposite the host).
      await guest.page.goto(new URL(link).pathname);
      await guest.page.waitForSelector("[data-testid=sit-2]");
      await guest.page.click("[data-testid=sit-2]");
      await host.page.locator("[data-waiting-seat='2']").filter({ hasText: "Friend" }).waitFor();
      assert.equal(await guest.page.locator("[data-testid=start]").count(), 0, "only the host can start");

      // A refusal is shown in words: the friend, briefly offline, asks for seat 3 while the host takes it.
      const roomId = new URL(host.page.url()).pathname.split("/").pop() as string;
      await guest.page.waitForTimeout(1_200); // past the SDK's minimum uptime for automatic reconnection
      await guest.context.setOffline(true);
      for (const client of localRoom<ServerRoom>(roomId).clients) if (client.userData?.seat === 2) client.ref.terminate();
      await guest.page.waitForSelector("[data-testid=reconnecting]");
      await guest.page.click("[data-testid=sit-3]"); // queued by the SDK until the connection is back
      await host.page.click("[data-testid=sit-3]");
      await host.page.locator("[data-waiting-seat='3']").filter({ hasText: "Host" }).waitFor();
      await guest.context.setOffline(false);
      const notice = guest.page.locator("[data-testid=notices] .notice");
      await notice.first().waitFor();
      assert.equal(await notice.first().innerText().then((s) => s.replace(/\s*✕$/, "")), "Refused: SEAT_TAKEN: that seat is taken");
      await host.page.click("[data-testid=sit-0]");
      await host.page.locator("[data-waiting-seat='0']").filter({ hasText: "Host" }).waitFor();
      await guest.page.locator("[data-waiting-seat='2']").filter({ hasText: "Friend" }).waitFor();
      await notice.first().getByRole("button").click();

      await host.page.click("[data-testid=fill-bots]");
      await host.page.click("[data-testid=start]:not([disabled])");
      await host.page.waitForSelector(".baloot");
      await guest.page.waitForSelector(".baloot");

      let guard = 0;
      while (!(await finished(host.page)) || !(await finished(guest.page))) {
        let moved = false;
        for (const page of [host.page, guest.page]) {
          if (!(await finished(page)) && (await canMove(page))) moved = (await playOnce(page)) || moved;
        }
        if (!moved) await new Promise((r) => setTimeout(r, 20));
        assert.ok(++guard < 5_000, "the match ends");
      }
      assert.deepEqual(await noRefusals(host.page), []);
      assert.deepEqual(await noRefusals(guest.page), []);
      // Partners: both see the same result, from their own side.
      const a = await host.page.locator("[data-testid=result] h2").innerText();
      const b = await guest.page.locator("[data-testid=result] h2").innerText();
      assert.equal(a, b);
      assert.match(a, /Your team (won|lost)/);
    } finally {
      await host.context.close();
      await guest.context.close();
    }
  });

  it("lets a spectator watch live without any seat's cards in its DOM or its WebSocket frames", async () => {
    const player = await newPlayer(browser, server().url, { name: "Player" });
    const watcher = await newPlayer(browser, server().url, { name: "Watcher" });
    const playerFrames = new FrameMirror(player.page);
    const watcherFrames = new FrameMirror(watcher.page);
    try {
      // A quick-match table: public, so the lobby lists it (vs-bots and private tables are not listed).
      await player.page.click("[data-testid=quick]");
      await player.page.waitForURL(/\/play\/table\//);
      const roomId = new URL(player.page.url()).pathname.split("/").pop() as string;
      await player.page.waitForSelector(".baloot");

      // The watcher finds it in the lobby's live tables (GET /tables/public through the typed client).
      const link = watcher.page.locator(`a[href="/play/watch/${roomId}"]`);
      for (let tries = 0; (await link.count()) === 0; tries++) {
        assert.ok(tries < 20, "the table is listed in the lobby");
        await watcher.page.goto("/play");
        await watcher.page.locator("section").filter({ hasText: "Live tables" }).locator("li, p.muted").first().waitFor();
      }
      assert.match(await watcher.page.locator("ul.live li").filter({ has: link }).innerText(), /^Baloot · .*Player.* · 0 watching/);
      await link.click();
      await watcher.page.waitForSelector("[data-testid=spectating]");
      await watcher.page.waitForSelector(".baloot");

      let moves = 0;
      while (moves < 14 && (await waitForTurn(player.page))) if (await playOnce(player.page)) moves++;
      // The watcher follows live: same state number, same cards on the table as the player sees.
      const playerSeq = await seq(player.page);
      await watcher.page.waitForSelector(`[data-testid=table][data-seq="${playerSeq}"]`);
      const onTable = (page: Page) => page.locator(".board .played [data-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-card")).sort());
      assert.deepEqual(await onTable(watcher.page), await onTable(player.page));

      assert.equal(await watcher.page.locator("[data-hand-card], .hand, .calls").count(), 0, "no hand and no calls in the spectator's DOM");
      assert.ok(watcherFrames.states > 3 && watcherFrames.frames > 3, "the spectator's frames were decoded");
      assert.deepEqual(watcherFrames.privateSeen, [], "no seat's hand, legal actions or projects in any frame");
      assert.deepEqual(watcherFrames.events("dealt", "completed"), [], "no private deal events");
      assert.ok(watcherFrames.events("play").length > 0, "public events do arrive");

      // Control: the same decoder does see the player's own hand in the player's frames.
      assert.ok(playerFrames.privateSeen.some((p) => p.seat === 0 && p.hand.length > 0));
      assert.ok(playerFrames.privateSeen.every((p) => p.seat === 0), "and only the player's own seat");
    } finally {
      await player.context.close();
      await watcher.context.close();
    }
  });
});
