/**
 * Whether the configured chat model's server answers, for `/readyz`: one cheap `GET {base URL}/models` with the key
 * (OpenAI, Azure OpenAI's v1 API, Ollama and vLLM all serve it), at most once per interval. Readiness probes come
 * every few seconds from every load balancer; the model is asked at most every 30 s and the answer shared, so the
 * probes cost the model account nothing worth counting. No LangChain here: loading it costs ~40 MB (see
 * create-chat-model.ts).
 */
import type { OpenAIConfig } from '../../config/env.js';

/** What the last probe found. `detail` names the failure in Danish and English, without the key or the URL. */
export interface ModelProbeResult {
  ok: boolean;
  detail?: string;
  /** When the model was last asked. */
  checkedAt: Date;
}

export interface ModelProbe {
  /** The last result when it is younger than the interval, else a fresh probe (concurrent callers share one). */
  check(): Promise<ModelProbeResult>;
}

export interface ModelProbeOptions {
  /** Shortest time between two requests to the model. @default 30000 */
  intervalMs?: number;
  /** Time limit of one probe. @default 5000 (or OPENAI_TIMEOUT_MS when shorter) */
  timeoutMs?: number;
  /** Injected clock (tests). */
  now?: () => number;
  /** Injected fetch (tests). */
  fetch?: typeof globalThis.fetch;
}

export const MODEL_PROBE_INTERVAL_MS = 30_000;
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Creates the probe. Makes no request until `check()` is called.
 *
 * @example
 * const probe = createModelProbe(config.openai);
 * const { ok, detail } = await probe.check();
 */
export function createModelProbe(config: OpenAIConfig, options: ModelProbeOptions = {}): ModelProbe {
  const intervalMs = options.intervalMs ?? MODEL_PROBE_INTERVAL_MS;
  const timeoutMs = Math.min(options.timeoutMs ?? 5_000, config.timeoutMs);
  const now = options.now ?? Date.now;
  const fetchModels = options.fetch ?? globalThis.fetch;
  const url = `${(config.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}/models`;
  let last: ModelProbeResult | undefined;
  let running: Promise<ModelProbeResult> | undefined;

  const probe = async (): Promise<ModelProbeResult> => {
    const checkedAt = new Date(now());
    try {
      const response = await fetchModels(url, {
        headers: { authorization: `Bearer ${config.apiKey}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return { ...verdict(response.status), checkedAt };
    } catch (error) {
      return { ok: false, detail: unreachable(error, timeoutMs), checkedAt };
    }
  };

  return {
    check() {
      if (last && now() - last.checkedAt.getTime() < intervalMs) return Promise.resolve(last);
      running ??= probe().then((result) => {
        last = result;
        running = undefined;
        return result;
      });
      return running;
    },
  };
}

/**
 * Any answer but a refused key or a server error means the model's server is there: a server without a model list
 * (404, 405) still answers chat requests.
 */
function verdict(status: number): { ok: boolean; detail?: string } {
  if (status === 401 || status === 403) {
    return { ok: false, detail: `Sprogmodellen afviser nøglen (HTTP ${status}); tjek OPENAI_API_KEY / the model refuses the API key` };
  }
  if (status === 429) return { ok: true, detail: 'Sprogmodellen begrænser kald (HTTP 429) / the model is rate-limiting' };
  if (status >= 500) return { ok: false, detail: `Sprogmodellen svarer med en fejl (HTTP ${status}) / the model server fails` };
  return { ok: true };
}

function unreachable(error: unknown, timeoutMs: number): string {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `Sprogmodellen svarede ikke inden for ${timeoutMs} ms / the model did not answer in time`;
  }
  const code = ((error as { cause?: { code?: unknown } } | undefined)?.cause?.code as string | undefined) ?? 'ukendt fejl';
  return `Sprogmodellen kan ikke nås (${code}) / the model cannot be reached`;
}
