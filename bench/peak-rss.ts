/**
 * Preloaded with `node --import` into a child process whose peak memory the
 * bench records: at exit it writes `peak_rss_kb=<n> cpu_s=<s>` on stderr
 * (process.resourceUsage().maxRSS covers the worker threads too: they share
 * the process).
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(2, `\npeak_rss_kb=${u.maxRSS} cpu_s=${(u.userCPUTime + u.systemCPUTime) / 1e6}\n`);
});
