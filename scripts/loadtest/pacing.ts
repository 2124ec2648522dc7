/**
 * Start `count` launches at `ratePerS` (a steady ramp, or a storm when the rate is high), with at
 * most `maxInFlight` unanswered at once; resolves when every launch has settled or at the
 * time-out. Returns how long it took. Shared by the single-process population and the thread
 * pool, so both pace joins the same way.
 */
export async function pacedLaunches(
  count: number,
  ratePerS: number,
  maxInFlight: number,
  timeoutMs: number,
  launch: () => Promise<unknown>,
): Promise<number> {
  const started = Date.now();
  let launched = 0;
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    const tickMs = 50;
    const perTick = ratePerS * (tickMs / 1000);
    let budget = 0;
    const timer = setInterval(() => {
      budget += perTick;
      while (budget >= 1 && launched < count && inFlight < maxInFlight) {
        budget -= 1;
        launched += 1;
        inFlight += 1;
        void launch()
          .catch(() => {}) // each caller counts its own failures
          .finally(() => {
            inFlight -= 1;
          });
      }
      if ((launched >= count && inFlight === 0) || Date.now() - started > timeoutMs) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  return Date.now() - started;
}
