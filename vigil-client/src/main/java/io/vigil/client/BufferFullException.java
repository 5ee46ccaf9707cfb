package io.vigil.client;

/**
 * The buffer stayed full for longer than {@link ClientConfig#blockTimeout()}: the server is too slow
 * or unreachable. Raise the buffer size or the timeout, or opt in to {@link BufferFullPolicy#DROP}.
 */
public class BufferFullException extends VigilClientException {
  public BufferFullException(String message) {
    super(message);
  }
}
