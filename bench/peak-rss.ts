/**
 * Preloaded with `node --import` into a child process whose peak memory the
 * bench records: at exit it writes `peak_rss_kb=<n>` on stderr
 * (process.resourceUsage().maxRSS covers the worker threads too: they share
 * the process).
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\npeak_rss_kb=${process.resourceUsage().maxRSS}\n`);
});
