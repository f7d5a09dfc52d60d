package io.mirador.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.installer.layout.Prefix;
import io.mirador.installer.layout.Settings;
import io.mirador.installer.service.EnvFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRendererTest {
  @TempDir Path tmp;

  private Settings settings(String kind) {
    return new Settings(
        kind,
        "mirador",
        "mirador",
        "127.0.0.1",
        "acme",
        "eu-west",
        "host-17",
        Map.of(
            "core-http",
            18080,
            "core-grpc",
            19090,
            "rca",
            18081,
            "ui",
            18082,
            "agent-grpc",
            14317,
            "agent-http",
            14318),
        kind.equals("agent") ? "core.example:9090" : null,
        kind.equals("agent") ? "/etc/core-public.json" : null,
        false);
  }

  @Test
  void uiGetsItsTokenFileAndDataDirAndTheLoginLinkIsFoundThere() throws Exception {
    Prefix prefix = new Prefix(tmp.resolve("p"));
    Path release = Files.createDirectories(tmp.resolve("release"));
    new ConfigRenderer(prefix, settings("appliance"))
        .render(release, Installation.serviceNames("appliance"));
    Map<String, String> ui =
        EnvFile.parse(Files.readString(prefix.etc().resolve("mirador-ui.env")));
    // The names mirador-ui-api reads (application.properties); deploy's InstallerTemplatesTest
    // checks every variable of every template against the apps' sources.
    assertThat(ui)
        .containsEntry(
            "MIRADOR_UI_LOCAL_TOKEN_FILE",
            prefix.data().resolve("core/local-admin.token").toString())
        .containsEntry("MIRADOR_UI_DATA_DIR", prefix.data().resolve("ui").toString())
        .doesNotContainKey("MIRADOR_UI_TOKEN_FILE");
    assertThat(Main.uiLoginLinkFile(prefix)).isEqualTo(prefix.data().resolve("ui/login-link"));
    // An operator's edit of the data directory is followed.
    Files.writeString(
        prefix.etc().resolve("mirador-ui.env"), "MIRADOR_UI_DATA_DIR=/srv/mirador-ui\n");
    assertThat(Main.uiLoginLinkFile(prefix)).isEqualTo(Path.of("/srv/mirador-ui/login-link"));
  }

  @Test
  void rendersTheApplianceConfigurationWithFreshSecrets() throws Exception {
    Prefix prefix = new Prefix(tmp.resolve("p"));
    Path release = Files.createDirectories(tmp.resolve("release"));
    List<Path> written =
        new ConfigRenderer(prefix, settings("appliance"))
            .render(release, Installation.serviceNames("appliance"));
    assertThat(written)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(
            "mirador-core.yaml", "mirador-core.env", "mirador-rca.env", "mirador-ui.env");
    String yaml = Files.readString(prefix.etc().resolve("mirador-core.yaml"));
    assertThat(yaml)
        .doesNotContain("@")
        .contains("region: eu-west")
        .contains("- id: acme")
        .contains("dataDir: " + prefix.data().resolve("core"));
    Map<String, String> env =
        EnvFile.parse(Files.readString(prefix.etc().resolve("mirador-core.env")));
    assertThat(env)
        .containsEntry("MIRADOR_HTTP_PORT", "18080")
        .containsEntry("MIRADOR_GRPC_PORT", "19090")
        .containsEntry("MIRADOR_CONFIG", prefix.etc().resolve("mirador-core.yaml").toString());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(prefix.etc().resolve("mirador-core.yaml"))))
        .isEqualTo("rw-------");
    // The OTLP API key is fresh, kept 0600, and only its SHA-256 is in the configuration.
    String key = Files.readString(prefix.keys().resolve("otlp-api.key")).trim();
    assertThat(key).hasSizeGreaterThanOrEqualTo(40);
    assertThat(yaml).doesNotContain(key).contains(ConfigRenderer.sha256Hex(key));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(prefix.keys().resolve("otlp-api.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void secretsDifferPerInstallationAndStayTheSameOnReRender() throws Exception {
    Prefix a = new Prefix(tmp.resolve("a"));
    Prefix b = new Prefix(tmp.resolve("b"));
    String ka = new ConfigRenderer(a, settings("appliance")).values().get("OTLP_API_KEY");
    String kb = new ConfigRenderer(b, settings("appliance")).values().get("OTLP_API_KEY");
    assertThat(ka).isNotEqualTo(kb);
    assertThat(new ConfigRenderer(a, settings("appliance")).values().get("OTLP_API_KEY"))
        .isEqualTo(ka);
  }

  @Test
  void anOperatorsEditSurvivesAReRender() throws Exception {
    Prefix prefix = new Prefix(tmp.resolve("p"));
    Path release = Files.createDirectories(tmp.resolve("release"));
    ConfigRenderer r = new ConfigRenderer(prefix, settings("agent"));
    r.render(release, Installation.serviceNames("agent"));
    Path yaml = prefix.etc().resolve("mirador-agent.yaml");
    assertThat(Files.readString(yaml))
        .contains("endpoints: [\"core.example:9090\"]")
        .contains("id: host-17");
    Files.writeString(yaml, "edited\n");
    assertThat(r.render(release, Installation.serviceNames("agent"))).isEmpty();
    assertThat(Files.readString(yaml)).isEqualTo("edited\n");
  }

  @Test
  void aReleaseTemplateWinsAndAnUnknownPlaceholderIsNamed() throws Exception {
    Prefix prefix = new Prefix(tmp.resolve("p"));
    Path release = Files.createDirectories(tmp.resolve("release/config"));
    Files.writeString(release.resolve("mirador-rca.env.tmpl"), "X=@TENANT@\n");
    new ConfigRenderer(prefix, settings("appliance"))
        .render(release.getParent(), List.of("mirador-rca"));
    assertThat(Files.readString(prefix.etc().resolve("mirador-rca.env"))).isEqualTo("X=acme\n");
    Files.writeString(release.resolve("mirador-ui.env.tmpl"), "Y=@NO_SUCH_THING@\n");
    assertThatThrownBy(
            () ->
                new ConfigRenderer(prefix, settings("appliance"))
                    .render(release.getParent(), List.of("mirador-ui")))
        .hasMessageContaining("@NO_SUCH_THING@");
    assertThat(prefix.etc().resolve("mirador-ui.env")).doesNotExist();
  }

  @Test
  void systemdUnitsGetPrefixAndUser() throws Exception {
    Prefix prefix = new Prefix(tmp.resolve("p"));
    Path release = Files.createDirectories(tmp.resolve("release/systemd"));
    Files.writeString(
        release.resolve("mirador-core.service.in"),
        "User=@USER@\nExecStart=@PREFIX@/current/runtime/bin/java\n");
    Map<String, String> units =
        new ConfigRenderer(prefix, settings("appliance")).units(release.getParent());
    assertThat(units).containsOnlyKeys("mirador-core.service");
    assertThat(units.get("mirador-core.service"))
        .isEqualTo("User=mirador\nExecStart=" + prefix.root() + "/current/runtime/bin/java\n");
  }

  @Test
  void envFileParsing() {
    assertThat(EnvFile.parse("# c\nA=1\n B = \"two words\" \nbad line\n9X=no\nC='q'\n"))
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"), Map.entry("C", "q"));
  }
}
