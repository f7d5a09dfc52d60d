package io.mirador.rca.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a Nezha {@code fault_list.json} for the replay tests. */
final class FaultLists {
  private FaultLists() {}

  /** A list of one fault at {@code injectTime} ("yyyy-MM-dd HH:mm:ss"), under its hour. */
  static void writeOne(Path dir, String injectTime, String pod, String type) throws IOException {
    Files.writeString(
        dir.resolve("fault_list.json"),
        """
        {"%s": [{"inject_time": "%s", "inject_timestamp": "0",
                 "inject_pod": "%s", "inject_type": "%s"}]}
        """
            .formatted(injectTime.substring(11, 13), injectTime, pod, type));
  }
}
