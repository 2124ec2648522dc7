import type { Redis } from "ioredis";

/**
 * Fixed-window rate limits. In memory per process by default; with Redis the counters are
 * shared, so a limit holds however many processes serve the clients. Used by the auth routes
 * (per IP, per account) and exported for the room layer (table creation per user).
 */

export interface RateLimitResult {
  ok: boolean;
  /** Seconds until the window resets (whole seconds, at least 1 when refused). */
  retryAfterS: number;
  remaining: number;
}

export interface RateLimiter {
  /** Counts one hit for `key` and says whether it is within the limit. */
  take(key: string): Promise<RateLimitResult>;
  /** Hits counted for `key` in its current window, without counting one. */
  peek(key: string): Promise<number>;
  /** Forget a key (e.g. tests, or an admin unblocking an account). */
  reset(key: string): Promise<void>;
}

export interface RateLimiterOptions {
  windowMs: number;
  max: number;
  /** Namespaces the keys (one limiter per purpose). */
  name: string;
  /** Shared counters across processes when given. */
  redis?: Redis | undefined;
  now?: () => number;
}

function resultFor(count: number, max: number, msLeft: number): RateLimitResult {
  const ok = count <= max;
  return { ok, remaining: Math.max(0, max - count), retryAfterS: Math.max(1, Math.ceil(msLeft / 1000)) };
}

class MemoryLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(private readonly options: RateLimiterOptions) {}

  async take(key: string): Promise<RateLimitResult> {
    return this.takeSync(key);
  }

  takeSync(key: string): RateLimitResult {
    const now = (this.options.now ?? Date.now)();
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.options.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return resultFor(w.count, this.options.max, w.resetAt - now);
  }

  async peek(key: string): Promise<number> {
    return this.peekSync(key);
  }

  peekSync(key: string): number {
    const w = this.windows.get(key);
    return w && w.resetAt > (this.options.now ?? Date.now)() ? w.count : 0;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  /** Expired windows are dropped at most once per window so the map cannot grow without bound. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.options.windowMs) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

// INCR and set the expiry on the first hit atomically; returns [count, ms left].
const TAKE_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

class RedisLimiter implements RateLimiter {
  private readonly fallback: MemoryLimiter;

  constructor(
    private readonly options: RateLimiterOptions,
    private readonly redis: Redis,
  ) {
    this.fallback = new MemoryLimiter(options);
  }

  private redisKey(key: string): string {
    return `diwan:rl:${this.options.name}:${key}`;
  }

  async take(key: string): Promise<RateLimitResult> {
    try {
      const [count, ttl] = (await this.redis.eval(TAKE_SCRIPT, 1, this.redisKey(key), String(this.options.windowMs))) as [number, number];
      return resultFor(count, this.options.max, ttl);
    } catch {
      // Redis away: limit per process rather than refusing every login.
      return this.fallback.takeSync(key);
    }
  }

  async peek(key: string): Promise<number> {
    try {
      return Number((await this.redis.get(this.redisKey(key))) ?? 0);
    } catch {
      return this.fallback.peekSync(key);
    }
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    await this.redis.del(this.redisKey(key)).catch(() => 0);
  }
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (options.windowMs <= 0 || options.max < 1) throw new RangeError("rate limiter needs windowMs > 0 and max >= 1");
  return options.redis ? new RedisLimiter(options, options.redis) : new MemoryLimiter(options);
}

/** The per-user table creation limit from TABLE_RATE_LIMIT_PER_MIN, for the room layer. */
export function createTableCreationLimiter(
  config: { tableRateLimitPerMin: number },
  redis: Redis | undefined,
): RateLimiter {
  return createRateLimiter({ name: "tables", windowMs: 60_000, max: config.tableRateLimitPerMin, redis });
}

/**
 * Spaces attempts on one key at least `spacingMs` apart without refusing them: each caller
 * reserves the next free slot and is told how long to wait for it. Used to slow guessing on an
 * account under attack while its owner still gets in. Shared through Redis when given.
 */
export interface SlotScheduler {
  /** Reserves the next slot for `key`; returns the milliseconds to wait before using it. */
  reserve(key: string): Promise<number>;
}

export interface SlotSchedulerOptions {
  name: string;
  spacingMs: number;
  redis?: Redis | undefined;
  now?: () => number;
}

// next = max(now, stored); store next + spacing; return next - now. Expires when idle.
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local spacing = tonumber(ARGV[2])
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, stored)
redis.call('SET', KEYS[1], tostring(slot + spacing), 'PX', math.max(1, slot + spacing - now))
return slot - now`;

class MemorySlots implements SlotScheduler {
  private readonly next = new Map<string, number>();

  constructor(private readonly options: SlotSchedulerOptions) {}

  reserveSync(key: string): number {
    const now = (this.options.now ?? Date.now)();
    if (this.next.size > 10_000) for (const [k, at] of this.next) if (at <= now) this.next.delete(k);
    const slot = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, slot + this.options.spacingMs);
    return slot - now;
  }

  async reserve(key: string): Promise<number> {
    return this.reserveSync(key);
  }
}

class RedisSlots implements SlotScheduler {
  private readonly fallback: MemorySlots;

  constructor(
    private readonly options: SlotSchedulerOptions,
    private readonly redis: Redis,
  ) {
    this.fallback = new MemorySlots(options);
  }

  async reserve(key: string): Promise<number> {
    const now = (this.options.now ?? Date.now)();
    try {
      const wait = await this.redis.eval(RESERVE_SCRIPT, 1, `diwan:slots:${this.options.name}:${key}`, String(now), String(this.options.spacingMs));
      return Number(wait);
    } catch {
      return this.fallback.reserveSync(key);
    }
  }
}

export function createSlotScheduler(options: SlotSchedulerOptions): SlotScheduler {
  if (options.spacingMs < 0) throw new RangeError("slot spacing must be >= 0");
  return options.redis ? new RedisSlots(options, options.redis) : new MemorySlots(options);
}
