package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortGuardTest {
  private final PortGuard guard = new PortGuard(ListeningSockets.system());

  @Test
  void aTakenPortNamesThisProcessAsItsHolder() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      List<PortGuard.Conflict> conflicts =
          guard.conflicts(List.of(new PortGuard.Need("core HTTP", "MIRADOR_HTTP_PORT", port)));
      assertThat(conflicts).hasSize(1);
      PortGuard.Conflict conflict = conflicts.getFirst();
      assertThat(conflict.holder()).isPresent();
      assertThat(conflict.holder().get().pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(conflict.holder().get().command()).contains("java");
      assertThat(conflict.message())
          .startsWith(
              "port " + port + " (core HTTP) is in use by pid " + ProcessHandle.current().pid());
    }
  }

  @Test
  void aListenerOnEveryAddressAlsoTakesTheLoopbackPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThat(PortGuard.free(port)).isFalse();
    }
  }

  @Test
  void aFreePortIsNoConflict() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    assertThat(
            guard.conflicts(List.of(new PortGuard.Need("RCA HTTP", "MIRADOR_RCA_HTTP_PORT", port))))
        .isEmpty();
  }

  @Test
  void twoUsesOfOnePortAreAUsageErrorNamingBoth() {
    assertThatThrownBy(
            () ->
                PortGuard.requireDistinct(
                    List.of(
                        new PortGuard.Need("core HTTP", "MIRADOR_HTTP_PORT", 9000),
                        new PortGuard.Need("RCA HTTP", "MIRADOR_RCA_HTTP_PORT", 9000))))
        .isInstanceOf(Mirador.UsageException.class)
        .hasMessage(
            "port 9000 is set for both core HTTP (MIRADOR_HTTP_PORT) and RCA HTTP"
                + " (MIRADOR_RCA_HTTP_PORT)");
  }

  @Test
  void procNetTcpLinesYieldTheListeningInodesOfThePort() {
    List<String> table =
        List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid "
                + " timeout inode",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0  "
                + "      0 4242 1 0000000000000000 100 0 0 10 0",
            // an established connection from that port: not a listener
            "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0  "
                + "      0 4343 1 0000000000000000 20 4 30 10 -1",
            // another port
            "   2: 00000000:2382 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0  "
                + "      0 4444 1 0000000000000000 100 0 0 10 0");
    assertThat(ListeningSockets.listeningInodes(table, 8080)).containsExactly("4242");
    assertThat(ListeningSockets.listeningInodes(table, 9090)).containsExactly("4444");
    assertThat(ListeningSockets.listeningInodes(table, 1234)).isEmpty();
  }
}
