package io.vigil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.vigil.model.VigilException;
import java.io.IOException;
import java.io.InputStream;

/** Reading request bodies and writing JSON answers; the only place that touches raw bodies. */
public final class HttpRequests {
  /** Largest accepted request body. A full log-batch (100 params of 6000 chars, 100 tags of 5000) is about 1.2 MB. */
  public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final String BODY_ATTRIBUTE = "vigil.body";

  private HttpRequests() {}

  /** The JSON body of a POST, after MLflow's Content-Type check and our size limit. */
  public static JsonRequest body(Context ctx) {
    return body(ctx, jsonBytes(ctx));
  }

  /** The bytes of a JSON POST body, after MLflow's Content-Type check and our size limit. */
  public static byte[] jsonBytes(Context ctx) {
    String type = ctx.header("Content-Type");
    if (type == null || type.isBlank()) {
      throw VigilException.invalid("Bad Request. Content-Type header is missing.");
    }
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw VigilException.invalid("Content-Type must be one of ['application/json'], got '" + type + "'.");
    }
    return readLimited(ctx);
  }

  /** Bytes from {@link #jsonBytes} parsed as {@link #body} parses them. */
  public static JsonRequest body(Context ctx, byte[] bytes) {
    JsonRequest request = JsonRequest.parse(bytes);
    ctx.attribute(BODY_ATTRIBUTE, request); // for the audit log's target id, without parsing twice
    return request;
  }

  /** A log-batch body from {@link #jsonBytes} read as a stream, or null when it needs the tree ({@link #body}). */
  public static LogBatchBody plainLogBatch(Context ctx, byte[] bytes) {
    LogBatchBody batch = LogBatchBody.readPlain(bytes);
    if (batch != null) ctx.attribute(BODY_ATTRIBUTE, batch.auditView());
    return batch;
  }

  /** The JSON body {@link #body} parsed for this request, or null when none was. */
  static JsonRequest parsedBody(Context ctx) {
    return ctx.attribute(BODY_ATTRIBUTE);
  }

  public static JsonRequest query(Context ctx) {
    return JsonRequest.fromQuery(ctx.queryParamMap());
  }

  /** The raw body, whatever its type, within the size limit (for JSON arrays, NDJSON and CSV bodies). */
  public static byte[] rawBody(Context ctx) {
    return readLimited(ctx);
  }

  private static byte[] readLimited(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) throw tooLarge(declared);
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] data = in.readNBytes(MAX_BODY_BYTES + 1);
      if (data.length > MAX_BODY_BYTES) throw tooLarge(-1);
      return data;
    } catch (IOException e) {
      throw VigilException.invalid("Request body could not be read: " + e.getMessage());
    }
  }

  private static VigilException tooLarge(long declared) {
    return VigilException.invalid("Request body is larger than the limit of " + MAX_BODY_BYTES + " bytes"
        + (declared > 0 ? " (Content-Length " + declared + ")" : "") + ".");
  }

  public static void json(Context ctx, JsonNode node) {
    try {
      ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void empty(Context ctx) {
    ctx.contentType("application/json").result("{}");
  }
}
