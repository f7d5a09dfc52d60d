package io.mirador.store.server;

import static java.util.Objects.requireNonNull;

import io.mirador.store.StoreException;
import io.mirador.store.clickhouse.ClickHouseTransport;
import io.mirador.store.clickhouse.InsertDeduplication;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.QueryParameters;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The server transport: ClickHouse's HTTP interface, the protocol clickhouse-jdbc and client-v2
 * speak underneath. A statement travels as the {@code query} URL parameter, bound values as {@code
 * param_<name>} (parsed by the server exactly as the embedded engine parses them), and insert rows
 * as the request body, so both transports run the same SQL with the same encodings. See
 * RATIONALE.md for why this is not JDBC.
 */
public final class ServerTransport implements ClickHouseTransport {
  private final HttpClient client;
  private final URI url;
  private final String user;
  private final String password;
  private final Duration timeout;

  private ServerTransport(Builder builder) {
    this.url = builder.url;
    this.user = builder.user;
    this.password = builder.password;
    this.timeout = builder.timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(builder.connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public byte[] query(String sql, QueryParameters parameters, String format) {
    StringBuilder target = new StringBuilder();
    append(target, "default_format", format);
    for (int i = 0; i < parameters.names().size(); i++) {
      append(target, "param_" + parameters.names().get(i), parameters.escapedValues().get(i));
    }
    // The statement goes in the body, so that long statements are not bound by URL limits.
    return send(target, HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
  }

  @Override
  public InsertStream openInsert(String table, List<String> columns, InsertFormat format) {
    return openInsert(table, columns, format, InsertDeduplication.off());
  }

  @Override
  public InsertStream openInsert(
      String table, List<String> columns, InsertFormat format, InsertDeduplication deduplication) {
    String statement = format.insertStatement(table, columns, deduplication.serverSettings());
    // One HTTP request per insert: the rows are collected and sent as the body at finish().
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    return new InsertStream() {
      @Override
      public void append(byte[] rows, int offset, int length) {
        body.write(rows, offset, length);
      }

      @Override
      public void finish() {
        StringBuilder target = new StringBuilder();
        ServerTransport.append(target, "query", statement);
        send(target, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
      }

      @Override
      public void close() {}
    };
  }

  private byte[] send(StringBuilder target, HttpRequest.BodyPublisher body) {
    HttpRequest request =
        HttpRequest.newBuilder(url.resolve("/?" + target))
            .timeout(timeout)
            .header("X-ClickHouse-User", user)
            .header("X-ClickHouse-Key", password)
            .POST(body)
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new StoreException(
          "ClickHouse at " + describe() + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for ClickHouse", e);
    }
    if (response.statusCode() != 200) {
      String message = new String(response.body(), StandardCharsets.UTF_8).strip();
      int newline = message.indexOf('\n');
      if (newline > 0) {
        message = message.substring(0, newline);
      }
      if (message.length() > 600) {
        message = message.substring(0, 600) + " [...]";
      }
      throw new StoreException("ClickHouse HTTP " + response.statusCode() + ": " + message);
    }
    return response.body();
  }

  private static void append(StringBuilder target, String name, String value) {
    if (!target.isEmpty()) {
      target.append('&');
    }
    target
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  @Override
  public String describe() {
    return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Configures a {@link ServerTransport}; {@code url} is required. */
  public static final class Builder {
    private URI url;
    private String user = "default";
    private String password = "";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofMinutes(5);

    private Builder() {}

    /** The HTTP interface, for example {@code http://clickhouse:8123}. */
    public Builder url(URI url) {
      requireNonNull(url, "url");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("url must be http or https");
      }
      if (url.getUserInfo() != null) {
        throw new IllegalArgumentException("url must not carry credentials; use user/password");
      }
      this.url = url;
      return this;
    }

    public Builder user(String user) {
      this.user = requireNonNull(user, "user");
      return this;
    }

    public Builder password(String password) {
      this.password = requireNonNull(password, "password");
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long one statement may take. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    public ServerTransport build() {
      requireNonNull(url, "url");
      return new ServerTransport(this);
    }
  }
}
