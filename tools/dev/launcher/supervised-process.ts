import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface SupervisedProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  logFile: string;
  cwd: string;
  /** Told about restarts, so the launcher can print them. */
  onEvent: (message: string) => void;
}

const firstBackoffMs = 500;
const maxBackoffMs = 30_000;
/** A process that stayed up this long is healthy again: its next crash restarts quickly. */
const stableAfterMs = 60_000;

/**
 * Runs one process (a service, or the local Redis) and restarts it with exponential backoff when it dies, until
 * {@link SupervisedProcess.stop} is called. Its output goes to a log file.
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private log: WriteStream;
  private stopping = false;
  private backoffMs = firstBackoffMs;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: SupervisedProcessOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { command, args, env, cwd } = this.options;
    const startedAt = Date.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => this.onExit(code, signal, Date.now() - startedAt));
    this.child = child;
  }

  /** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    }
    await new Promise((resolve) => this.log.end(resolve));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, upMs: number): void {
    if (this.stopping) return;
    if (upMs > stableAfterMs) this.backoffMs = firstBackoffMs;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, maxBackoffMs);
    this.options.onEvent(
      `${this.options.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms (log: ${this.options.logFile})`,
    );
    this.restartTimer = setTimeout(() => this.start(), delay);
  }
}
