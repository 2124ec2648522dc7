/**
 * Loaded into every child a test starts (test/helpers/processes.ts): when the test process is
 * gone without killing it (kill -9, a crash), the child kills its own process group (it leads
 * one) instead of running on as an orphan. Checked once a second, off the child's event loop.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid === parent) return;
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    process.exit(1);
  }
}, 1000).unref();
