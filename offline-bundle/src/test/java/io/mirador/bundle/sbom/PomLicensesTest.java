package io.mirador.bundle.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PomLicensesTest {
  @TempDir Path repo;

  private void pom(String g, String a, String v, String body) throws IOException {
    Path p = repo.resolve(g.replace('.', '/') + "/" + a + "/" + v + "/" + a + "-" + v + ".pom");
    Files.createDirectories(p.getParent());
    Files.writeString(p, "<project>" + body + "</project>");
  }

  @Test
  void readsTheNearestDeclarationUpTheParentChain() throws IOException {
    pom(
        "g",
        "child",
        "1",
        "<parent><groupId>g</groupId><artifactId>mid</artifactId><version>2</version></parent>");
    pom(
        "g",
        "mid",
        "2",
        "<parent><groupId>g</groupId><artifactId>top</artifactId><version>3</version></parent>");
    pom(
        "g",
        "top",
        "3",
        "<licenses><license><name>Eclipse Public License v2.0</name></license>"
            + "<license><name>GNU General Public License, version 2 with the GNU Classpath Exception</name></license></licenses>");
    pom(
        "g",
        "own",
        "1",
        "<parent><groupId>g</groupId><artifactId>top</artifactId><version>3</version></parent>"
            + "<licenses><license><name>MIT</name></license></licenses>");
    PomLicenses licenses = new PomLicenses(repo);
    assertThat(licenses.of("g", "child", "1"))
        .containsExactly("EPL-2.0", "GPL-2.0-only WITH Classpath-exception-2.0");
    assertThat(licenses.of("g", "own", "1")).containsExactly("MIT");
    assertThat(licenses.of("g", "absent", "1")).containsExactly(PomLicenses.UNKNOWN);
  }

  @Test
  void refusesDoctypesAndLoopsQuietly() throws IOException {
    pom("g", "evil", "1", "");
    Files.writeString(
        repo.resolve("g/evil/1/evil-1.pom"),
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><project><licenses><license><name>&e;</name></license></licenses></project>");
    pom(
        "g",
        "loop",
        "1",
        "<parent><groupId>g</groupId><artifactId>loop</artifactId><version>1</version></parent>");
    PomLicenses licenses = new PomLicenses(repo);
    assertThat(licenses.of("g", "evil", "1")).containsExactly(PomLicenses.UNKNOWN);
    assertThat(licenses.of("g", "loop", "1")).containsExactly(PomLicenses.UNKNOWN);
  }

  @Test
  void mapsTheNamesProjectsWriteToSpdx() {
    for (var c :
        List.of(
            List.of("Apache License, Version 2.0", "Apache-2.0"),
            List.of("The Apache Software License, Version 2.0", "Apache-2.0"),
            List.of("The MIT License", "MIT"),
            List.of("Bouncy Castle Licence", "MIT"),
            List.of("BSD-3-Clause", "BSD-3-Clause"),
            List.of("Eclipse Distribution License - v 1.0", "BSD-3-Clause"),
            List.of("GNU General Public License v3.0", "GPL-3.0-or-later"),
            List.of("GNU Lesser General Public License", "LGPL-2.1-or-later"),
            List.of("Public Domain, per Creative Commons CC0", "CC0-1.0"),
            List.of("Some Custom Licence", "Some Custom Licence"))) {
      assertThat(PomLicenses.spdx(c.get(0), null)).as(c.get(0)).isEqualTo(c.get(1));
    }
    assertThat(PomLicenses.spdx(null, "https://www.apache.org/licenses/LICENSE-2.0.txt"))
        .isEqualTo("Apache-2.0");
    assertThat(PomLicenses.spdx("", "")).isNull();
  }
}
