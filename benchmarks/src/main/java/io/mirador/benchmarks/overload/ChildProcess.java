package io.mirador.benchmarks.overload;

import io.mirador.benchmarks.ProcFs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A packaged Quarkus application (the agent or the core) as a child process: started with its JVM
 * options and environment, awaited on a health path, its RSS sampled from /proc every 100 ms (peak
 * and last), stopped with SIGTERM.
 */
final class ChildProcess implements AutoCloseable {
  final String name;
  final Process process;
  final Path log;
  private final AtomicLong rssPeak = new AtomicLong();
  private final AtomicLong rssLast = new AtomicLong();
  private final Thread sampler;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.sampler =
        Thread.ofPlatform()
            .daemon()
            .name("rss-" + name)
            .start(
                () -> {
                  while (process.isAlive()) {
                    long rss = ProcFs.statusBytes(process.pid(), "VmRSS:");
                    rssLast.set(rss);
                    rssPeak.accumulateAndGet(rss, Math::max);
                    try {
                      Thread.sleep(100);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  static ChildProcess start(
      String name, Path jar, List<String> jvmOptions, Map<String, String> env, Path workDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log);
  }

  /** Waits until {@code url} answers 200. */
  ChildProcess awaitHealthy(String url, int seconds) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; its log: " + log);
      }
      try {
        if (client
                .send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not healthy within " + seconds + " s; log: " + log);
  }

  long rssPeakBytes() {
    return rssPeak.get();
  }

  long rssBytes() {
    return rssLast.get();
  }

  /** Peak RSS since the last reset. */
  void resetPeak() {
    rssPeak.set(rssLast.get());
  }

  long vmHwmBytes() {
    return ProcFs.statusBytes(process.pid(), "VmHWM:");
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    sampler.interrupt();
  }
}
