import pLimit from 'p-limit';

/** What one conditional GET came to. */
export type Fetched =
  | { kind: 'not-modified' }
  | { kind: 'ok'; status: number; text: string; url: string; validators: { etag?: string; lastModified?: string } }
  | { kind: 'missing'; status: number }
  | { kind: 'failed'; message: string; rateLimited?: boolean };

export interface GetOptions {
  accept?: string;
  token?: string;
  /** The validators from the last look: sent as If-None-Match and If-Modified-Since. */
  validators?: { etag?: string; lastModified?: string };
  /** A body larger than this is a failure, not a snapshot. */
  maxBytes?: number;
}

/** A reset further away than this stops the host for the rest of the command; a nearer one is waited for. */
const MAX_WAIT_MS = 60_000;

/**
 * Every request `panel watch` sends goes through here: at most `cap` in flight
 * per host, conditional when validators are known (a 304 costs GitHub no rate
 * limit), and the host's rate-limit headers respected: when a host says it is
 * out of requests, panel waits for the reset if it is near, and otherwise
 * stops asking that host for the rest of the command, saying when to retry.
 */
export class HostGate {
  private readonly lanes = new Map<string, ReturnType<typeof pLimit>>();
  /** Hosts out of requests: when they reset (ms since the epoch). */
  private readonly resets = new Map<string, number>();
  private readonly stopped = new Map<string, string>();

  constructor(
    private readonly cap = 4,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Hosts this command stopped asking, each with when to retry. */
  get stoppedHosts(): ReadonlyMap<string, string> {
    return this.stopped;
  }

  get(url: string, options: GetOptions = {}): Promise<Fetched> {
    const host = new URL(url).host;
    let lane = this.lanes.get(host);
    if (!lane) this.lanes.set(host, (lane = pLimit(this.cap)));
    return lane(() => this.send(host, url, options, true));
  }

  private async send(host: string, url: string, options: GetOptions, mayWait: boolean): Promise<Fetched> {
    const stop = this.stopped.get(host);
    if (stop) return { kind: 'failed', message: `not asked: ${host} is rate-limited until ${stop}`, rateLimited: true };
    const reset = this.resets.get(host);
    if (reset !== undefined && reset > this.now()) {
      if (!(await this.waitOrStop(host, reset))) return this.send(host, url, options, false);
      this.resets.delete(host);
    }
    const headers: Record<string, string> = { 'user-agent': 'editorial-panel (panel watch)', accept: options.accept ?? 'application/json' };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
    if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { headers, redirect: 'follow' });
    } catch (error) {
      return { kind: 'failed', message: `${host} could not be reached (${(error as Error).message})` };
    }
    const limited = this.readLimit(host, response);
    if (response.status === 304) return { kind: 'not-modified' };
    if ((response.status === 403 || response.status === 429) && limited !== undefined) {
      await response.body?.cancel();
      if (mayWait && (await this.waitOrStop(host, limited))) return this.send(host, url, options, false);
      return { kind: 'failed', message: `${host} is rate-limited until ${this.stopped.get(host) ?? new Date(limited).toISOString()}`, rateLimited: true };
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return { kind: 'missing', status: response.status };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { kind: 'failed', message: `${host} answered ${response.status} for ${url}` };
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (options.maxBytes && length > options.maxBytes) {
      await response.body?.cancel();
      return { kind: 'failed', message: `${url} is ${Math.round(length / 1024)} KB, over the ${Math.round(options.maxBytes / 1024)} KB panel reads` };
    }
    const text = await response.text();
    if (options.maxBytes && Buffer.byteLength(text) > options.maxBytes) return { kind: 'failed', message: `${url} is over the ${Math.round(options.maxBytes / 1024)} KB panel reads` };
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    return { kind: 'ok', status: response.status, text, url: response.url || url, validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) } };
  }

  /**
   * The host's reset, when it says it has no requests left (GitHub's
   * x-ratelimit-remaining and x-ratelimit-reset; a Retry-After anywhere).
   */
  private readLimit(host: string, response: Response): number | undefined {
    const retryAfter = response.headers.get('retry-after');
    const remaining = response.headers.get('x-ratelimit-remaining');
    const reset = response.headers.get('x-ratelimit-reset');
    let at: number | undefined;
    if (retryAfter && /^\d+$/.test(retryAfter)) at = this.now() + Number(retryAfter) * 1000;
    else if (remaining === '0' && reset && /^\d+$/.test(reset)) at = Number(reset) * 1000;
    if (at !== undefined) this.resets.set(host, at);
    return at;
  }

  /** Wait for a near reset (true); stop asking the host for a far one (false). */
  private async waitOrStop(host: string, resetAt: number): Promise<boolean> {
    const wait = resetAt - this.now();
    if (wait <= MAX_WAIT_MS) {
      await this.sleep(Math.max(0, wait) + 250);
      return true;
    }
    this.stopped.set(host, new Date(resetAt).toISOString().replace('.000Z', 'Z'));
    return false;
  }
}
