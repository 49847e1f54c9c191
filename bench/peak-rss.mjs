// Preloaded into a benchmarked child (node --import): reports the peak resident
// set size of the process on exit, to the file named by KLYNGE_BENCH_RSS.
import fs from 'node:fs';

const out = process.env.KLYNGE_BENCH_RSS;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
