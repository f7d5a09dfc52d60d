package io.mirador.installer.service;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/** Readiness over loopback: {@code GET /q/health/ready} answering 200. */
public final class Health {
  private Health() {}

  public static String url(String host, int port) {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/q/health/ready";
  }

  public static boolean ready(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(3000);
      c.setUseCaches(false);
      int code = c.getResponseCode();
      InputStream body = code >= 400 ? c.getErrorStream() : c.getInputStream();
      if (body != null) {
        body.readNBytes(65536);
        body.close();
      }
      c.disconnect();
      return code == 200;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
