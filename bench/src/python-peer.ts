/**
 * A Python reference peer (a script under bench/src/pytorch in `--serve` mode) driven over stdin /
 * stdout: one command line in, one JSON object per line out. The script's first line says it is
 * ready (with a description of its torch) or carries `error`; `error: 'no-torch'` means the Python
 * cannot import torch. The peer runs with one BLAS / OpenMP thread (OPENBLAS_NUM_THREADS=1,
 * OMP_NUM_THREADS=1), as the benches compare one thread with one thread.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The peer could not start or cannot import torch: the message says which Python and what to do. */
export class PythonPeerError extends Error {
  override name = 'PythonPeerError';
}

export class PythonPeer {
  private readonly lines: AsyncIterator<string>;
  private failure: Error | undefined;
  /** settles when the process has ended (or could not start) */
  private readonly ended: Promise<number | null>;
  private constructor(
    private readonly child: ReturnType<typeof spawn>,
    python: string,
  ) {
    this.lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
    this.ended = new Promise((resolve) => {
      child.on('error', (error) => {
        this.failure = new PythonPeerError(`could not start the PyTorch side with ${python} (${error.message}); pass --python <path> of a Python with torch (Debian: apt install python3-torch)`);
        resolve(null);
      });
      child.on('close', (code) => resolve(code));
    });
  }

  /**
   * Starts `python script args…` (script: a file name in bench/src/pytorch) and waits for its ready
   * line, which it returns.
   */
  static async start(python: string, script: string, args: readonly string[] = []): Promise<{ peer: PythonPeer; info: Record<string, unknown> }> {
    const path = fileURLToPath(new URL(`./pytorch/${script}`, import.meta.url));
    const child = spawn(python, [path, '--serve', ...args], {
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const peer = new PythonPeer(child, python);
    const info = await peer.read();
    if (info.error === 'no-torch') {
      child.stdin?.end();
      throw new PythonPeerError(`${python} cannot import torch (${String(info.message)}); install it (Debian: apt install python3-torch) or pass --python <path> of a Python with torch`);
    }
    if (info.error) throw new PythonPeerError(`the PyTorch side failed to start (${python}): ${JSON.stringify(info)}`);
    return { peer, info };
  }

  async read(): Promise<Record<string, unknown>> {
    const next = await this.lines.next();
    if (next.done) {
      const code = await this.ended;
      throw this.failure ?? new PythonPeerError(`the PyTorch process ended (exit code ${String(code)})`);
    }
    return JSON.parse(next.value) as Record<string, unknown>;
  }

  /** Sends one command line and returns the reply (an `error` reply throws). */
  async command(line: string): Promise<Record<string, unknown>> {
    (this.child.stdin as NodeJS.WritableStream).write(`${line}\n`);
    const reply = await this.read();
    if (reply.error) throw new Error(`PyTorch: ${JSON.stringify(reply)}`);
    return reply;
  }

  close(): void {
    (this.child.stdin as NodeJS.WritableStream).end('quit\n');
  }
}
