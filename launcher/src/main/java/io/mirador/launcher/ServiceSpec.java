package io.mirador.launcher;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One Mirador application that {@code up} runs as a child process.
 *
 * @param name the prefix of its output lines
 * @param runJar the Quarkus fast-jar runner ({@code target/quarkus-app/quarkus-run.jar})
 * @param jvmOptions options before {@code -jar}
 * @param environment added to the child's environment
 * @param readiness polled until it answers 200
 * @param endpoints what to tell the user it listens on
 * @param arguments program arguments after the jar (none for the applications)
 */
record ServiceSpec(
    String name,
    Path runJar,
    List<String> jvmOptions,
    Map<String, String> environment,
    URI readiness,
    List<String> endpoints,
    List<String> arguments) {
  ServiceSpec {
    requireNonNull(name, "name");
    requireNonNull(runJar, "runJar");
    jvmOptions = List.copyOf(requireNonNull(jvmOptions, "jvmOptions"));
    environment = Map.copyOf(requireNonNull(environment, "environment"));
    requireNonNull(readiness, "readiness");
    endpoints = List.copyOf(requireNonNull(endpoints, "endpoints"));
    arguments = List.copyOf(requireNonNull(arguments, "arguments"));
  }

  ServiceSpec(
      String name,
      Path runJar,
      List<String> jvmOptions,
      Map<String, String> environment,
      URI readiness,
      List<String> endpoints) {
    this(name, runJar, jvmOptions, environment, readiness, endpoints, List.of());
  }
}
