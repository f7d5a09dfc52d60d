package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact text {@code pii-audit} prints, and the small rules around it. */
class PrivacyReportPrinterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrivacyReportPrinter printer =
      new PrivacyReportPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void theReportIsAlignedTablesGroupedLargestFirstTiesByName() throws Exception {
    printer.report(
        json(
            """
            {"tenant":"t","from":"F","to":"T","redactions":[
             {"detector":"phone","action":"hash","signal":"logs","location":"log_body","count":5},
             {"detector":"email","action":"hash","signal":"traces","location":"span_name","count":5},
             {"detector":"iban","action":"mask","signal":"traces","location":"span_name","count":1200}]}
            """));
    assertThat(printed())
        .isEqualTo(
            String.join(
                "\n",
                "Redactions of tenant t from F to T: 1,210 in total",
                "",
                "By detector and action",
                "  DETECTOR  ACTION  COUNT",
                "  iban      mask    1,200",
                "  email     hash        5",
                "  phone     hash        5",
                "",
                "By signal",
                "  SIGNAL  COUNT",
                "  traces  1,205",
                "  logs        5",
                "",
                "By location",
                "  LOCATION   COUNT",
                "  span_name  1,205",
                "  log_body       5",
                "",
                "Every count",
                "  DETECTOR  ACTION  SIGNAL  LOCATION   COUNT",
                "  phone     hash    logs    log_body       5",
                "  email     hash    traces  span_name      5",
                "  iban      mask    traces  span_name  1,200",
                "",
                ""));
  }

  @Test
  void anEmptyReportSaysSoAndTheTotalOfTheCoreWins() throws Exception {
    printer.report(json("{\"tenant\":\"t\",\"total\":0,\"redactions\":[]}"));
    assertThat(printed())
        .isEqualTo(
            "Redactions of tenant t from - to -: 0 in total\n"
                + "  no redaction recorded in this range\n");
    bytes.reset();
    printer.report(json("{\"total\":7,\"redactions\":[{\"detector\":\"email\",\"count\":3}]}"));
    assertThat(printed()).startsWith("Redactions of tenant - from - to -: 7 in total\n");
  }

  @Test
  void aScanIsCleanOnlyWhenTheCoreSaysSoAndListsNothing() throws Exception {
    assertThat(printer.scan(json("{\"clean\":true,\"truncated\":false,\"matches\":[]}"))).isTrue();
    assertThat(printed()).doesNotContain("WARNING").contains("  CLEAN: ");
    bytes.reset();
    JsonNode contradictory =
        json(
            """
            {"clean":true,"matches":[{"detector":"email","signal":"logs","location":"log_body",
              "key":null,"count":1,"examples":[{}]}]}
            """);
    assertThat(printer.scan(contradictory)).isFalse();
    assertThat(PiiAuditCommand.isClean(contradictory)).isFalse();
    assertThat(printed())
        .contains(
            "  NOT CLEAN: 1 stored values match a detector (where they are, never what they are):\n"
                + "  DETECTOR  SIGNAL  LOCATION  KEY                  COUNT  EXAMPLES\n"
                + "  email     logs    log_body  (name/message/body)      1  ?\n");
    bytes.reset();
    assertThat(printer.scan(json("{\"clean\":false,\"matches\":[]}"))).isFalse();
    assertThat(PiiAuditCommand.isClean(json("{\"matches\":[]}"))).isFalse();
    assertThat(PrivacyReportPrinter.keyOf(json("\"*\""))).isEqualTo("(further keys)");
    assertThat(PrivacyReportPrinter.keyOf(json("\"a.b\""))).isEqualTo("a.b");
    assertThat(PrivacyReportPrinter.example(json("{\"traceId\":\"ab\"}"))).isEqualTo("trace ab");
  }

  @Test
  void printableReplacesEveryControlAndOverrideAndKeepsTheRest() {
    String unsafe = "\u0000\u001f\u007f\u0080\u009f\u202a\u202e\u2066\u2069\u200e\u200f\u061c";
    assertThat(Printable.of(unsafe)).isEqualTo("?".repeat(unsafe.length()));
    String safe = " ~\u00a0é\u2029x\u2065\u202f\u206a\u200d\u061b";
    assertThat(Printable.of(safe)).isEqualTo(safe);
    assertThat(Printable.of("y".repeat(Printable.MAX_CHARS))).hasSize(Printable.MAX_CHARS);
    assertThat(Printable.of("y".repeat(Printable.MAX_CHARS + 1)))
        .isEqualTo("y".repeat(Printable.MAX_CHARS) + "…");
  }

  @Test
  void tokensThatCannotBeAHeaderAreRefusedWithoutQuotingThem(@TempDir Path data) throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    PiiAuditCommand command = new PiiAuditCommand(env::get, Instant.EPOCH);
    env.put("MIRADOR_TOKEN", "x".repeat(16 * 1024 + 1));
    assertThatThrownBy(() -> command.token(data)).hasMessage("MIRADOR_TOKEN holds no usable token");
    env.put("MIRADOR_TOKEN", "abc\u007fdef");
    assertThatThrownBy(() -> command.token(data))
        .hasMessageContaining("characters a bearer token cannot have")
        .hasMessageNotContaining("abc");
    env.put("MIRADOR_TOKEN", "  ");
    Files.createDirectories(data.resolve("core"));
    Path file = data.resolve("core/local-admin.token");
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> command.token(data)).hasMessageEndingWith("holds no usable token");
    Files.writeString(file, "t".repeat(16 * 1024 + 1));
    assertThatThrownBy(() -> command.token(data))
        .hasMessageEndingWith("is too large to be a token");
    Files.writeString(file, "!~tok~!");
    assertThat(command.token(data)).isEqualTo("!~tok~!");
  }

  @Test
  void theBoundariesOfTheArgumentsAreTheCoresOwn() {
    PiiAuditCommand command = new PiiAuditCommand(k -> null, Instant.parse("2026-12-07T00:00:00Z"));
    PiiAuditCommand.Options o =
        command.parse(
            List.of(
                "--tenant",
                "a",
                "--from",
                "2025-11-02T00:00:00Z",
                "--to",
                "2026-12-07T00:00:00Z",
                "--limit",
                "1",
                "--no-scan",
                "--json"));
    assertThat(o.limit()).isEqualTo(1L);
    assertThat(o.scan()).isFalse();
    assertThat(o.json()).isTrue();
    assertThatThrownBy(
            () ->
                command.parse(
                    List.of(
                        "--tenant",
                        "a",
                        "--from",
                        "2025-11-01T23:59:59Z",
                        "--to",
                        "2026-12-07T00:00:00Z")))
        .hasMessageContaining("400 days");
    assertThat(command.summary()).contains("exit 1");
    assertThat(command.usage()).startsWith("--tenant T");
  }
}
