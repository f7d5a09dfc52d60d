package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.Signal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class OversizeRefusalsTest {
  @Test
  void everyRefusalIsCountedPerReceiverAndTheWarningIsRateLimited() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(OversizeRefusals.class.getName());
    log.addHandler(capture);
    try {
      long[] now = {5_000_000_000L};
      OversizeRefusals refusals = new OversizeRefusals(1024, () -> now[0]);
      for (int i = 0; i < 5; i++) {
        refusals.refused(OversizeRefusals.Receiver.HTTP, Signal.TRACES, "10.0.0.7:5000", "sdk/1.0");
        now[0] += 100_000_000L; // 0.1 s: five refusals inside one second, one line
      }
      refusals.refused(OversizeRefusals.Receiver.GRPC, Signal.LOGS, null, null);
      assertThat(refusals.count(OversizeRefusals.Receiver.HTTP)).isEqualTo(5);
      assertThat(refusals.count(OversizeRefusals.Receiver.GRPC)).isEqualTo(1);
      assertThat(lines).hasSize(1);
      assertThat(lines.getFirst())
          .contains("OTLP/HTTP traces request refused as too large")
          .contains("over receivers.maxRequestBytes = 1024 bytes")
          .contains("from '10.0.0.7:5000', user agent 'sdk/1.0'");
      now[0] += 1_000_000_000L; // a second later the next refusal is logged, with the skipped count
      refusals.refused(OversizeRefusals.Receiver.HTTP, Signal.TRACES, null, null);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(1)).contains("(5 more refusals since the last such line)");
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void clientTextIsPrintableShortAndQuoted() {
    assertThat(OversizeRefusals.clean("evil\nWARNING forged line", "x"))
        .isEqualTo("'evil?WARNING forged line'");
    assertThat(OversizeRefusals.clean(null, "not sent")).isEqualTo("not sent");
    assertThat(OversizeRefusals.clean("a'b", "x")).isEqualTo("'a?b'");
    assertThat(OversizeRefusals.clean("u".repeat(500), "x")).hasSizeLessThan(130).endsWith("...'");
  }
}
