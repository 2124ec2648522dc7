import type { Logger } from "../platform/logger.js";
import type { AuditLog } from "./audit.js";
import type { TableRegistry } from "./tableRegistry.js";

/**
 * ABANDON_AFTER_DAYS (issue 12 §3): paused and interrupted tables whose last activity is older
 * than that are abandoned, with their matches (no results, no league points). Runs at start-up
 * and every `intervalMs`; every process may run it (the update is one statement, so two sweeps
 * cannot abandon a table twice).
 */
export class AbandonSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string[]> | null = null;

  constructor(
    private readonly tables: TableRegistry,
    private readonly options: { days: number; intervalMs: number; logger: Logger; audit?: AuditLog },
  ) {}

  start(): void {
    if (this.timer) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass; returns the abandoned tables' room ids (none when a pass is already running or it failed). */
  async sweep(): Promise<string[]> {
    if (this.running) return [];
    this.running = this.tables.abandonStale(this.options.days).then(
      (roomIds) => {
        for (const roomId of roomIds) {
          this.options.audit?.record({ kind: "table.abandoned", roomId, detail: { reason: "stale", afterDays: this.options.days } });
        }
        if (roomIds.length) this.options.logger.info({ tables: roomIds.length, afterDays: this.options.days }, "abandoned stale paused/interrupted tables");
        return roomIds;
      },
      (err: unknown) => {
        this.options.logger.warn({ err }, "abandon sweep failed; retried at the next interval");
        return [];
      },
    );
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
