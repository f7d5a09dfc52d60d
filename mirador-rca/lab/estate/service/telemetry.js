'use strict';
// Preloaded into every service (`node --require ./service/telemetry.js`): the OpenTelemetry Node
// SDK with the registry's auto-instrumentations (http, express, pino, runtime-node: the set is
// OTEL_NODE_ENABLED_INSTRUMENTATIONS, set by the estate) and process CPU/memory gauges from
// @opentelemetry/host-metrics. Exporters, endpoint, protocol (http/protobuf), resource detectors
// and intervals come from the standard OTEL_* variables the estate sets; nothing here is
// hand-made telemetry.

const { NodeSDK } = require('@opentelemetry/sdk-node');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { HostMetrics } = require('@opentelemetry/host-metrics');
const { metrics } = require('@opentelemetry/api');

// Port of an outbound proxy -> the service it leads to, so client spans name their peer.
const peers = JSON.parse(process.env.MIRADOR_LAB_PEERS || '{}');

const sdk = new NodeSDK({
  instrumentations: [
    getNodeAutoInstrumentations({
      // Route handler spans only: one span per middleware (json parser, fault switch, ...) per
      // hop tripled the span volume and carried nothing a person reads (README, figures).
      '@opentelemetry/instrumentation-express': { ignoreLayersType: ['middleware'] },
      '@opentelemetry/instrumentation-http': {
        // Health probes and the worker's long-poll of the queue are plumbing, not requests (a
        // Kafka consumer's fetch is not traced either); the consumed message is (see worker).
        ignoreIncomingRequestHook: (req) =>
          req.url === '/health' || (req.headers['x-lab-poll'] === '1'),
        ignoreOutgoingRequestHook: (opts) =>
          Boolean(opts.headers && opts.headers['x-lab-poll'] === '1') ||
          String(opts.path || '') === '/health',
        startOutgoingSpanHook: (opts) => {
          const peer = peers[String(opts.port)];
          return peer ? { 'peer.service': peer } : {};
        },
      },
    }),
  ],
});
sdk.start();

new HostMetrics({
  meterProvider: metrics.getMeterProvider(),
  name: 'mirador-lab-host-metrics',
  metricGroups: ['process.cpu', 'process.memory'],
}).start();

module.exports = { shutdown: () => sdk.shutdown() };
