package io.mirador.launcher;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A stand-in child for the {@link Supervisor} tests, run from a jar as {@code java -jar}: {@code
 * exit} prints an error and exits 3; {@code serve PORT} answers {@code /ready} with the instance id
 * the supervisor passed ({@code quarkus.http.header.X-Mirador-Instance.value}), as Quarkus does;
 * {@code idle} only waits.
 */
public final class TestChild {
  private TestChild() {}

  public static void main(String[] args) throws Exception {
    System.out.println("test child starting");
    switch (args[0]) {
      case "exit" -> {
        System.out.println("ERROR cannot bind 127.0.0.1:1: Address already in use");
        System.exit(3);
      }
      case "serve" -> {
        String id =
            System.getProperty("quarkus.http.header." + Supervisor.INSTANCE_HEADER + ".value");
        HttpServer server =
            HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])),
                0);
        server.createContext(
            "/ready",
            exchange -> {
              exchange.getResponseHeaders().add(Supervisor.INSTANCE_HEADER, id);
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            });
        server.start();
        System.out.println("test child listening");
        Thread.sleep(Long.MAX_VALUE);
      }
      default -> Thread.sleep(Long.MAX_VALUE);
    }
  }
}
