import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface SupervisedProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  logFile: string;
  cwd: string;
  /** Told about restarts, so the launcher can print them. */
  onEvent: (message: string) => void;
  /** Told about every new process (first start and restarts), so the pid can be published. */
  onStarted?: (pid: number | undefined) => void;
}

const firstBackoffMs = 500;
const maxBackoffMs = 30_000;
/** A process that stayed up this long is healthy again: its next crash restarts quickly. */
const stableAfterMs = 60_000;

/**
 * Runs one process (a service, or the local Redis) and restarts it with exponential backoff when
 * it dies, until {@link SupervisedProcess.stop} is called; {@link SupervisedProcess.start} after a
 * stop supervises it again. Its output is appended to a log file.
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private stopped = true;
  private backoffMs = firstBackoffMs;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: SupervisedProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** The pid of the running process; undefined while stopped or waiting to restart. */
  get pid(): number | undefined {
    return this.isRunning() ? this.child?.pid : undefined;
  }

  /** True unless stopped on purpose (a crashed process waiting for its restart counts as started). */
  get supervised(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped && this.isRunning()) return;
    this.stopped = false;
    this.spawnChild();
  }

  /** SIGTERM, then SIGKILL if the process is still there after `graceMs`; no restart follows. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && this.isRunning()) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    }
  }

  /** SIGKILL now, synchronously: the last resort when the launcher itself exits abruptly. */
  kill(): void {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    if (this.isRunning()) this.child?.kill('SIGKILL');
  }

  private isRunning(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  private spawnChild(): void {
    const { command, args, env, cwd, logFile } = this.options;
    const startedAt = Date.now();
    // One stream per process: it closes with the process, so a stopped service holds no file.
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C in the terminal reaches the launcher only, which then
      // stops the services in order instead of all of them dying (and restarting) at once.
      detached: true,
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('close', () => log.end());
    child.once('error', (error) => this.options.onEvent(`${this.name}: ${error.message}`));
    child.once('exit', (code, signal) => this.onExit(child, code, signal, Date.now() - startedAt));
    this.child = child;
    this.options.onStarted?.(child.pid);
  }

  private onExit(
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
    upMs: number,
  ): void {
    if (this.stopped || child !== this.child) return;
    if (upMs > stableAfterMs) this.backoffMs = firstBackoffMs;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, maxBackoffMs);
    this.options.onEvent(
      `${this.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms (log: ${this.options.logFile})`,
    );
    this.restartTimer = setTimeout(() => {
      if (!this.stopped) this.spawnChild();
    }, delay);
  }
}
