package io.mirador.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap's and code cache's ranges from jcmd, and their resident bytes from smaps. */
class JvmCappedRegionsTest {
  /** What {@code jcmd PID GC.heap_info} printed for the soak's agent (-Xmx192m, Serial). */
  private static final String SERIAL =
      """
      24063:
      DefNew     total 59008K, used 51142K [0x00000000f4000000, 0x00000000f8000000, \
      0x00000000f8000000)
       eden space 52480K,  94% used [0x00000000f4000000, 0x00000000f708c808, 0x00000000f7340000)
       from space 6528K,  21% used [0x00000000f79a0000, 0x00000000f7b053f0, 0x00000000f8000000)
       to   space 6528K,   0% used [0x00000000f7340000, 0x00000000f7340000, 0x00000000f79a0000)
      Tenured    total 131072K, used 15973K [0x00000000f8000000, 0x0000000100000000, \
      0x0000000100000000)
       the  space 131072K,  12% used [0x00000000f8000000, 0x00000000f8f997c8, 0x0000000100000000)
       Metaspace       used 38000K, committed 38400K, reserved 1114112K
        class space    used 5000K, committed 5200K, reserved 1048576K
      """;

  /** What {@code jcmd PID Compiler.codecache} printed for a Java 25 JVM. */
  private static final String CODE_CACHE =
      """
      30641:
      CodeHeap 'non-profiled nmethods': size=120036Kb used=319Kb max_used=319Kb free=119716Kb
       bounds [0x00007fc623ec7000, 0x00007fc624137000, 0x00007fc62b400000]
      CodeHeap 'profiled nmethods': size=120036Kb used=1316Kb max_used=1316Kb free=118719Kb
       bounds [0x00007fc61c3ff000, 0x00007fc61c66f000, 0x00007fc623938000]
      CodeHeap 'non-nmethods': size=5692Kb used=1241Kb max_used=1257Kb free=4450Kb
       bounds [0x00007fc623938000, 0x00007fc623ba8000, 0x00007fc623ec7000]
      CodeCache: size=245764Kb, used=2876Kb, max_used=2892Kb, free=242885Kb
       total_blobs=1556, nmethods=1102, adapters=361, full_count=0
      """;

  @Test
  void theRangeSpansEveryGenerationOrCodeHeapPrinted() {
    assertThat(JvmCappedRegions.rangeOf(SERIAL)).containsExactly(0xf4000000L, 0x100000000L);
    assertThat(JvmCappedRegions.rangeOf(CODE_CACHE))
        .containsExactly(0x7fc61c3ff000L, 0x7fc62b400000L);
    assertThat(JvmCappedRegions.rangeOf("12: Metaspace used 1K")).isNull();
  }

  @Test
  void onlyMappingsInsideTheRangeCount() {
    List<String> smaps =
        List.of(
            "e0000000-f4000000 rw-p 00000000 00:00 0",
            "Size:             327680 kB",
            "Rss:                1000 kB",
            "f4000000-f8000000 rw-p 00000000 00:00 0",
            "Rss:               40000 kB",
            "f8000000-100000000 rw-p 00000000 00:00 0",
            "Rss:               38000 kB",
            "Pss:               38000 kB",
            "7f0000000000-7f0000100000 rw-p 00000000 00:00 0",
            "Rss:                 512 kB",
            "7fc61c3ff000-7fc61c66f000 rwxp 00000000 00:00 0",
            "Rss:                2000 kB",
            "7fc61c66f000-7fc623938000 ---p 00000000 00:00 0",
            "Rss:                   0 kB");
    assertThat(
            JvmCappedRegions.residentIn(
                smaps,
                List.of(
                    new long[] {0xf4000000L, 0x100000000L},
                    new long[] {0x7fc61c3ff000L, 0x7fc62b400000L})))
        .isEqualTo(80000L * 1024);
  }
}
