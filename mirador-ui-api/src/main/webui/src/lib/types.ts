// The JSON the core and the RCA service answer (see their resources; times are ISO strings,
// *UnixNano fields nanoseconds since the epoch, latencies nanoseconds).

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface MetricEvidence {
  metric: string;
  baselineMedian: number;
  baselineIqr: number;
  observed: number;
  deviation: number;
}

export interface CodePathEvidence {
  source: string;
  target: string;
  baselineOccurrences: number;
  baselineShare: number;
  windowOccurrences: number;
  windowShare: number;
  z: number;
}

/**
 * The latency one call edge added at a cause (Finding.EdgeEvidence), nanoseconds: the gap (the
 * caller's client span minus the callee's server span) and the callee's server time, each the
 * median over the baseline's minutes against the median over the window's minutes. `share` is the
 * part of the move charged to this cause; `calls` the window's calls. Jackson may write a
 * non-finite double as the string "NaN", hence `number | string`.
 */
export interface EdgeEvidence {
  caller: string;
  callee: string;
  calls: number;
  baselineGapP50Nanos: number | string;
  windowGapP50Nanos: number | string;
  baselineGapP95Nanos: number | string;
  windowGapP95Nanos: number | string;
  baselineServerP50Nanos: number | string;
  windowServerP50Nanos: number | string;
  baselineServerP95Nanos: number | string;
  windowServerP95Nanos: number | string;
  addedGapNanos: number | string;
  gapDeviation: number | string;
  share: number | string;
  /** Share of the calls that repeated an earlier one from the same caller span (retries); absent from older findings. */
  baselineRepeatShare?: number | string;
  windowRepeatShare?: number | string;
}

export interface EngineCause {
  service: string;
  score: number;
  confidence: number;
  evidence?: MetricEvidence[];
  callPath?: string[];
  codePath?: CodePathEvidence[];
  /** absent in findings stored before the engine measured edges */
  edges?: EdgeEvidence[];
}

export interface Example {
  service: string;
  /** SLOW_CALL: the slowest call into the cause in a minute of the window, one per trace */
  kind: 'ERROR_SPAN' | 'ERROR_LOG' | 'SLOW_CALL';
  time: string;
  traceId: string;
  text: string;
}

/** The engine's Finding (POST /rca answers it; a stored finding keeps it in evidence.finding). */
export interface EngineFinding {
  symptom: { service: string; metric: string; window: { start: string; end: string } };
  causes: EngineCause[];
  examples?: Example[];
}

export interface FindingEvidence {
  incidentId?: string;
  source?: string;
  resolution?: 'RECOVERED' | 'UNWATCHED' | string;
  services?: string[];
  detectedAt?: string;
  finding?: EngineFinding;
}

export interface Finding {
  id: string;
  tenant: string;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
  detectedAt?: string | null;
  status: 'OPEN' | 'CLOSED' | string;
  symptom: { service: string; metric: string; from: string; to: string };
  causes: { service: string; score: number; confidence: number }[];
  evidence: FindingEvidence | null;
}

export interface Detection {
  tenant: string;
  state: 'off' | 'learning' | 'watching' | string;
  baselineMinutes: number;
  requiredMinutes: number;
  openIncidents: number;
  lastRunAt: string | null;
  lastError: string | null;
}

export interface ServiceSummary {
  service: string;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  errorRate: number;
  latencyP50Nanos: number | null;
  latencyP95Nanos: number | null;
  latencyP99Nanos: number | null;
  errorLogs: number;
}

export interface Edge {
  caller: string;
  callee: string;
  calls: number;
  errors: number;
  latencyP50Nanos: number | null;
  latencyP95Nanos: number | null;
  latencyP99Nanos: number | null;
}

export interface ServiceMinute {
  service: string;
  minuteStartUnixNano: number;
  requests: number;
  errors: number;
  errorRate: number;
  latencyP50Nanos: number | null;
  latencyP95Nanos: number | null;
  latencyP99Nanos: number | null;
  errorLogs: number;
  gauges: Record<string, number | null>;
}

export interface Features {
  from: string;
  to: string;
  gauges: string[];
  services: ServiceMinute[];
  edges: Edge[];
}

export interface SelfTimeMinute {
  service: string;
  minuteStartUnixNano: number;
  spans: number;
  p50Nanos: number;
  p95Nanos: number;
}

export interface OperationMinute {
  service: string;
  operation: string;
  kind: string;
  minuteStartUnixNano: number;
  spans: number;
  errors: number;
  latencyP50Nanos: number | null;
  latencyP95Nanos: number | null;
}

export interface Anomaly {
  service: string;
  minute: string;
  score: number;
  alarmLevel: number;
  deviation: number;
  relativeScore: number;
  contributions: { feature: string; value: number; reference: number; contribution: number }[];
}

export interface Span {
  startTimeUnixNano: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: string;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  scopeName: string;
  scopeVersion: string;
  attributes: Record<string, string>;
  durationNanos: number;
  statusCode: string;
  statusMessage: string;
  events: { timeUnixNano: number; name: string; attributes: Record<string, string> }[];
  links: { traceId: string; spanId: string; traceState: string; attributes: Record<string, string> }[];
}

export interface TraceSummary {
  traceId: string;
  startTimeUnixNano: number;
  durationNanos: number;
  spanCount: number;
  errorSpanCount: number;
  rootServiceName: string;
  rootSpanName: string;
  services: string[];
}

export interface LogRecord {
  timeUnixNano: number;
  traceId: string;
  spanId: string;
  traceFlags: number;
  severityText: string;
  severityNumber: number;
  serviceName: string;
  body: string;
  resourceAttributes: Record<string, string>;
  scopeName: string;
  scopeVersion: string;
  attributes: Record<string, string>;
}

export interface MetricInfo {
  name: string;
  type: string;
  unit: string;
  description: string;
  monotonic: boolean | null;
  services: string[];
}

export interface MetricSeriesResponse {
  name: string;
  type: string;
  aggregation: string;
  stepSeconds: number;
  unit?: string;
  /** service: the reporting service.name (absent from older cores) */
  series: { service?: string; attributes: Record<string, string>; points: { stepStartUnixNano: number; value: number; count: number }[] }[];
}

export interface AuditRecord {
  time: string;
  actor: string;
  tenant: string;
  action: string;
  parameters: Record<string, string>;
  outcome: string;
  resultCount: number;
}
