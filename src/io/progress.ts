/** A progress bar on stderr, only when stderr is a terminal (never in scripts or pipes). */
import cliProgress from 'cli-progress';
import type { Output } from './output.js';

export interface Progress {
  update: (done: number, total: number, rows: number) => void;
  stop: () => void;
}

export function progressBar(out: Output, label: string): Progress | undefined {
  if (!out.stderr.isTTY || out.json) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} {percentage}% · {rows}`,
      stream: out.stderr as unknown as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total, rows) => {
      if (!started) {
        bar.start(Math.max(total, 1), 0, { rows });
        started = true;
      }
      bar.update(Math.min(done, total), { rows });
    },
    stop: () => started && bar.stop(),
  };
}
