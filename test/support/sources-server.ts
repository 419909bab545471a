/**
 * A loopback server in the documented shapes of the services `panel watch`
 * asks: the GitHub REST API (repository, latest release, README raw), the
 * Hugging Face Hub (model info with sha and lastModified, raw README), the npm
 * registry's package document (dist-tags, time) and PyPI's JSON API. Each
 * route answers with an ETag and a 304 to a matching If-None-Match; tests set
 * rate-limit headers, 301s, 404s, 5xx, malformed JSON and oversized bodies.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface Route {
  /** JSON (an object) or text; ignored when `status` is set to an error or a redirect. */
  body?: unknown;
  status?: number;
  location?: string;
  contentType?: string;
}

export interface SourcesServer {
  url: string;
  routes: Map<string, Route>;
  /** Each request: its path, whether it was conditional, the status answered. */
  requests: { path: string; conditional: boolean; status: number; auth: string | undefined }[];
  /** GitHub's rate-limit headers on every /repos answer; remaining 0 answers 403. */
  githubLimit: { remaining: number; reset: number } | undefined;
  close(): Promise<void>;
}

export async function startSourcesServer(): Promise<SourcesServer> {
  const routes = new Map<string, Route>();
  const requests: SourcesServer['requests'] = [];
  const state: SourcesServer = { url: '', routes, requests, githubLimit: undefined, close: () => new Promise((r) => server.close(() => r())) };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const conditional = Boolean(req.headers['if-none-match'] || req.headers['if-modified-since']);
    const answer = (status: number, headers: Record<string, string | number> = {}, body = '') => {
      requests.push({ path, conditional, status, auth: req.headers.authorization });
      res.writeHead(status, headers);
      res.end(body);
    };
    const limit = path.startsWith('/repos/') ? state.githubLimit : undefined;
    const limitHeaders: Record<string, string | number> = limit ? { 'x-ratelimit-limit': 60, 'x-ratelimit-remaining': limit.remaining, 'x-ratelimit-reset': limit.reset } : {};
    if (limit && limit.remaining <= 0) return answer(403, { ...limitHeaders, 'content-type': 'application/json' }, JSON.stringify({ message: 'API rate limit exceeded' }));
    if (limit && !conditional) limit.remaining--; // a 304 does not count against GitHub's limit
    const route = routes.get(path);
    if (!route) return answer(404, { ...limitHeaders, 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
    if (route.status && route.status >= 300 && route.status < 400) return answer(route.status, { ...limitHeaders, location: route.location ?? '/' });
    if (route.status && route.status >= 400) return answer(route.status, { ...limitHeaders, 'content-type': 'text/plain' }, 'upstream error');
    const body = typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return answer(304, { ...limitHeaders, etag });
    answer(200, { ...limitHeaders, etag, 'content-type': route.contentType ?? (typeof route.body === 'string' ? 'text/plain' : 'application/json') }, body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return state;
}

/** A GitHub repository with a latest release and a README, as the REST API answers them. */
export function githubRepo(
  server: SourcesServer,
  owner: string,
  repo: string,
  release: { tag: string; date: string; notes: string } | null,
  options: { licence?: string; stars?: number; readme?: string; archived?: boolean } = {},
): void {
  server.routes.set(`/repos/${owner}/${repo}`, {
    body: {
      full_name: `${owner}/${repo}`,
      archived: options.archived ?? false,
      stargazers_count: options.stars ?? 32100,
      license: options.licence ? { key: options.licence.toLowerCase(), spdx_id: options.licence, name: options.licence } : null,
    },
  });
  if (release) server.routes.set(`/repos/${owner}/${repo}/releases/latest`, { body: { tag_name: release.tag, name: release.tag, published_at: release.date, body: release.notes } });
  else server.routes.delete(`/repos/${owner}/${repo}/releases/latest`);
  server.routes.set(`/repos/${owner}/${repo}/readme`, { body: options.readme ?? `# ${repo}\n\nThe README of ${repo}.\n` });
}
