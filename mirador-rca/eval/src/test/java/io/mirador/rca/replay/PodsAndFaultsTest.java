package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodsAndFaultsTest {
  @TempDir Path dir;

  @Test
  void aPodsServiceDropsTheTwoHashParts() {
    assertThat(Pods.service("ts-travel-service-64469b5b48-25zj6")).isEqualTo("ts-travel-service");
    assertThat(Pods.service("frontend-579b9bff58-t2dbm")).isEqualTo("frontend");
    assertThat(Pods.service("redis")).isEqualTo("redis");
    assertThat(Pods.service("a-b")).isEqualTo("a-b");
  }

  @Test
  void faultsAreReadInTimeOrderFromInjectTime() throws Exception {
    Path file = dir.resolve("fault_list.json");
    Files.writeString(
        file,
        """
        {"09": [{"inject_time": "2023-01-29 09:03:53", "inject_timestamp": "1",
                 "inject_pod": "ts-basic-service-5dc8d4f9fd-46997", "inject_type": "return"}],
         "08": [{"inject_time": "2023-01-29 08:43:04", "inject_timestamp": "1",
                 "inject_pod": "ts-contacts-service-866bd68c97-xcqfx", "inject_type": "exception"}]}
        """);

    var faults = NezhaFault.read(file);

    assertThat(faults)
        .extracting(NezhaFault::service)
        .containsExactly("ts-contacts-service", "ts-basic-service");
    assertThat(faults.getFirst().injected()).isEqualTo(Instant.parse("2023-01-29T08:43:04Z"));
    assertThat(faults.getFirst().id()).isEqualTo("2023-01-29T08:43:04");
  }

  @Test
  void brokenFaultListsSayWhatIsWrong() throws Exception {
    Path file = dir.resolve("fault_list.json");
    Files.writeString(
        file,
        "{\"08\": [{\"inject_time\": \"soon\", \"inject_pod\": \"p\", \"inject_type\": \"cpu\"}]}");
    assertThatThrownBy(() -> NezhaFault.read(file)).hasMessageContaining("inject_time 'soon'");
    Files.writeString(file, "{\"08\": [{\"inject_time\": \"2023-01-29 08:43:04\"}]}");
    assertThatThrownBy(() -> NezhaFault.read(file)).hasMessageContaining("inject_pod");
    Files.writeString(file, "{}");
    assertThatThrownBy(() -> NezhaFault.read(file)).hasMessageContaining("no faults");
  }
}
