package io.vigil.server.sdk;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1-aware TCP proxy between the SDK and the server that injects faults per request:
 * answer 503 (with Retry-After) for the next N requests, drop the connection before or after
 * forwarding the next N requests, or stall every request until released. Requests are parsed
 * (headers and Content-Length body); responses are copied back byte for byte.
 */
final class FaultProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending503 = new AtomicInteger();
  private volatile String retryAfter = "0";
  private final AtomicInteger pendingDropBefore = new AtomicInteger();
  private final AtomicInteger pendingDropAfter = new AtomicInteger();
  private volatile boolean stalled;
  private final Object stallLock = new Object();
  private volatile boolean closed;

  final AtomicInteger served503 = new AtomicInteger();
  final AtomicInteger dropped = new AtomicInteger();
  final AtomicInteger stalledRequests = new AtomicInteger();
  final AtomicInteger forwarded = new AtomicInteger();
  private final List<Long> arrivals = new ArrayList<>();

  FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "fault-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** The next {@code n} requests are answered 503 with the given Retry-After. */
  void answer503(int n, String retryAfterHeader) {
    this.retryAfter = retryAfterHeader;
    pending503.set(n);
  }

  /** The next {@code n} requests are dropped (connection closed) without reaching the server. */
  void dropBeforeForwarding(int n) {
    pendingDropBefore.set(n);
  }

  /** The next {@code n} requests reach the server, but the connection is closed before the answer. */
  void dropAfterForwarding(int n) {
    pendingDropAfter.set(n);
  }

  /** Holds every request (without answering) until {@link #release()}. */
  void stall() {
    stalled = true;
  }

  void release() {
    synchronized (stallLock) {
      stalled = false;
      stallLock.notifyAll();
    }
  }

  synchronized List<Long> arrivalNanos() {
    return new ArrayList<>(arrivals);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket c = listener.accept();
        sockets.add(c);
        Thread t = new Thread(() -> serve(c), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) e.printStackTrace();
      }
    }
  }

  private void serve(Socket client) {
    Socket upstream = null;
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      while (!closed) {
        byte[] request = readRequest(in);
        if (request == null) return;
        synchronized (this) {
          arrivals.add(System.nanoTime());
        }
        if (take(pending503)) {
          served503.incrementAndGet();
          byte[] body = "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"injected 503\"}".getBytes(StandardCharsets.UTF_8);
          String head = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: " + retryAfter
              + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
          OutputStream out = client.getOutputStream();
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          return;
        }
        if (take(pendingDropBefore)) {
          dropped.incrementAndGet();
          client.setSoLinger(true, 0); // RST
          return;
        }
        if (stalled) {
          stalledRequests.incrementAndGet();
          synchronized (stallLock) {
            while (stalled && !closed) stallLock.wait(100);
          }
        }
        if (upstream == null) {
          try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
          } catch (IOException serverDown) {
            client.setSoLinger(true, 0);
            return;
          }
          sockets.add(upstream);
          Socket u = upstream;
          Thread pump = new Thread(() -> pump(u, client), "fault-proxy-pump");
          pump.setDaemon(true);
          pump.start();
        }
        upstream.getOutputStream().write(request);
        upstream.getOutputStream().flush();
        forwarded.incrementAndGet();
        if (take(pendingDropAfter)) {
          dropped.incrementAndGet();
          client.setSoLinger(true, 0);
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client or the server went away
    } finally {
      if (upstream != null) closeQuietly(upstream);
    }
  }

  private static boolean take(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private static void pump(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** One request: head through the blank line plus a Content-Length body; null at EOF. */
  private static byte[] readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4) {
      b = in.read();
      if (b < 0) return null;
      head.write(b);
      matched = (b == '\r' || b == '\n') && (matched == 0 ? b == '\r' : matched == 1 ? b == '\n' : matched == 2 ? b == '\r' : b == '\n')
          ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
    }
    byte[] body = in.readNBytes(length);
    if (body.length < length) return null;
    head.write(body);
    return head.toByteArray();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    release();
    listener.close();
    for (Socket s : sockets) closeQuietly(s);
  }
}
