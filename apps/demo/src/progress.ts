/**
 * A progress bar (cli-progress) on stderr for the demo's long runs, with ETA. When stderr is not a
 * terminal there is no bar: one line per quarter of the run instead (or nothing, if asked), so
 * logs stay short.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `done` so far; `detail` is shown after the bar; `total` changes the bar's length */
  update(done: number, detail?: string, total?: number): void;
  /** removes the bar (or prints nothing more) */
  stop(): void;
}

export function progressBar(label: string, total: number, options: { whenNotTty?: 'quarters' | 'silent'; stream?: NodeJS.WriteStream } = {}): Progress {
  const { whenNotTty = 'quarters', stream = process.stderr } = options;
  if (!stream.isTTY) {
    let next = 0.25;
    return {
      update(done, detail, newTotal) {
        if (newTotal !== undefined && newTotal !== total) [total, next] = [newTotal, 0.25];
        if (whenNotTty === 'silent' || total <= 0 || done / total < next) return;
        while (done / total >= next) next += 0.25;
        stream.write(`${label}: ${Math.floor((100 * done) / total)}% (${done}/${total})${detail ? ` ${detail}` : ''}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `  ${label} [{bar}] {percentage}% {value}/{total} ETA {eta_formatted} {detail}`, stream, hideCursor: true, clearOnComplete: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { detail: '' });
  return {
    update: (done, detail = '', newTotal) => {
      if (newTotal !== undefined && newTotal !== total) {
        total = newTotal;
        bar.setTotal(newTotal);
      }
      bar.update(done, { detail });
    },
    stop: () => bar.stop(),
  };
}
