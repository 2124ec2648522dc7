import { hostname } from "node:os";

/** Who this process is, for lock files, journals and leases. */
export const PROCESS_STARTED_AT = new Date(Date.now() - Math.round(process.uptime() * 1000));
export const HOST = hostname();

/**
 * Whether a process with this pid runs on this host. `process.kill(pid, 0)` sends nothing; it only
 * asks the kernel (EPERM: it exists but belongs to someone else).
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the holder recorded as (pid, startedAt) on this host is still that process. In a container
 * every run may be pid 1: a record with our own pid but another start time is a previous life.
 */
export function holderIsAlive(holder: { pid: number; host: string; startedAt: string }): boolean {
  if (holder.host !== HOST) return true; // cannot tell from here: assume it runs
  if (holder.pid === process.pid) return holder.startedAt === PROCESS_STARTED_AT.toISOString();
  return isProcessAlive(holder.pid);
}
