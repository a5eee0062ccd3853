/** The launcher's control endpoint (`launcher.http` in endpoints.json). */
export class LauncherControl {
  constructor(private readonly url: string) {}

  /** Stops a service on purpose; resolves once its process is gone. */
  stop(name: string): Promise<{ pid: number | null }> {
    return this.post(name, 'stop');
  }

  /** Starts it again; resolves once it reports SERVING. */
  start(name: string): Promise<{ pid: number | null }> {
    return this.post(name, 'start');
  }

  private async post(name: string, action: 'stop' | 'start'): Promise<{ pid: number | null }> {
    const response = await fetch(`${this.url}/services/${encodeURIComponent(name)}/${action}`, {
      method: 'POST',
      signal: AbortSignal.timeout(90_000),
    });
    const body = (await response.json()) as { pid?: number | null; error?: string };
    if (response.status !== 200) throw new Error(`launcher: ${action} ${name}: ${body.error}`);
    return { pid: body.pid ?? null };
  }
}
