/**
 * The slice of autocannon 8's API the bench uses (the package ships no types; see its README,
 * "API"). Only what concurrent-json.ts reads is declared.
 */
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
    connections?: number;
    /** Seconds. The run stops at the first sample tick after it. */
    duration?: number;
    /** Sample tick in ms (default 1000). */
    sampleInt?: number;
    pipelining?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Request templates, cycled; setupRequest rebuilds one before each send. */
    requests?: AutocannonRequest[];
  }

  interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  }

  interface AutocannonHistogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
  }

  interface AutocannonResult {
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    /** Milliseconds, recorded by an HDR histogram at 1 ms resolution. */
    latency: AutocannonHistogram & { totalCount: number };
    requests: AutocannonHistogram & { total: number; sent: number };
    statusCodeStats: Record<string, { count: number }>;
  }

  /** An EventEmitter made thenable (lib/init.js), not a real Promise. */
  interface AutocannonInstance extends PromiseLike<AutocannonResult> {
    stop(): void;
  }

  function autocannon(options: AutocannonOptions): AutocannonInstance;
  export default autocannon;
}
