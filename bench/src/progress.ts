/**
 * A progress bar (cli-progress) on stderr for the bench scripts' long loops, with ETA. When stderr
 * is not a terminal there is no bar: one line per quarter of the run instead, so logs stay short.
 * `logLine` prints a line above the live bar (or plainly, when there is none), so a script's own
 * log lines and the bar do not overwrite each other. The loops are synchronous (tfjs work blocks
 * the event loop), so the bar redraws on update (cli-progress's synchronousUpdate), not on a timer.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `done` of the total so far; `detail` is shown after the bar */
  update(done: number, detail?: string): void;
  /** removes the bar (or prints nothing more) */
  stop(): void;
}

let active: cliProgress.SingleBar | undefined;

/** Writes a line to stderr above the live progress bar, if there is one. */
export function logLine(line: string): void {
  if (!active) {
    process.stderr.write(`${line}\n`);
    return;
  }
  process.stderr.write(`\r\x1b[K${line}\n`);
  (active as unknown as { render(force: boolean): void }).render(true);
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    let next = 0.25;
    return {
      update(done, detail) {
        if (total <= 0 || done / total < next) return;
        while (done / total >= next) next += 0.25;
        stream.write(`${label}: ${Math.floor((100 * done) / total)}% (${done}/${total})${detail ? ` ${detail}` : ''}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} ETA {eta_formatted} {detail}`, stream, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { detail: '' });
  active = bar;
  return {
    update: (done, detail = '') => bar.update(done, { detail }),
    stop: () => {
      bar.stop();
      if (active === bar) active = undefined;
    },
  };
}
