import { oneOf, parseScope, pathWithQuery, scopeQuery, textParam, type Scope } from '../../lib/url';

export const SEVERITIES = ['', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The least OTLP severity number of each name (TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21). */
export const SEVERITY_NUMBER: Record<Exclude<Severity, ''>, number> = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };

export interface LogsState extends Scope {
  service: string;
  severity: Severity;
  q: string;
  traceId: string;
}

export function parse(q: URLSearchParams): LogsState {
  const trace = textParam(q, 'traceId', 32).toLowerCase();
  return {
    ...parseScope(q),
    service: textParam(q, 'service'),
    severity: oneOf((q.get('severity') ?? '').toUpperCase(), SEVERITIES, ''),
    q: textParam(q, 'q', 1024),
    traceId: /^[0-9a-f]{32}$/.test(trace) ? trace : '',
  };
}

export function build(s: LogsState): string {
  return pathWithQuery('/logs', { ...scopeQuery(s), service: s.service, severity: s.severity, q: s.q, traceId: s.traceId });
}
