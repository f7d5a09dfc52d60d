package io.mirador.core.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalTokenAnnouncerTest {
  private static final String TOKEN = "t".repeat(43);
  private static final Path FILE = Path.of("/var/lib/mirador/local-admin.token");

  private static String announce(boolean fileWritten, boolean terminal) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LocalTokenAnnouncer.announce(
        new PrintStream(out, true, StandardCharsets.UTF_8), TOKEN, FILE, fileWritten, terminal);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTerminalIsShownTheTokenAndTheFile() {
    assertThat(announce(true, true))
        .contains("Authorization: Bearer " + TOKEN)
        .contains(" Also in " + FILE + " (mode 0600).");
  }

  @Test
  void redirectedOutputGetsTheFilePathOnly() {
    assertThat(announce(true, false))
        .doesNotContain(TOKEN)
        .contains(" In " + FILE + " (mode 0600; not printed: standard output is not a terminal).");
  }

  @Test
  void withoutTheFileRedirectedOutputStillNeverGetsTheToken() {
    assertThat(announce(false, false)).doesNotContain(TOKEN).contains("Not shown");
    assertThat(announce(false, true))
        .contains("Authorization: Bearer " + TOKEN)
        .contains("Not in a file");
  }
}
