package io.vigil.server.cli;

import io.vigil.client.WebhookClient.Delivery;
import io.vigil.client.WebhookClient.Webhook;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil webhooks}: register webhooks on registry events and read their delivery log. */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
    description = "Webhooks on registry events (model_version.created, alias.moved, gate.passed, gate.failed).",
    subcommands = {WebhooksCommand.Add.class, WebhooksCommand.ListHooks.class, WebhooksCommand.Deliveries.class})
public final class WebhooksCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a webhook; prints its id and secret.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--url", required = true, paramLabel = "URL") String url;
    @Option(names = "--event", paramLabel = "EVENT", description = "An event to send (repeatable; default: all).")
    List<String> events = new ArrayList<>();
    @Option(names = "--secret", paramLabel = "TEXT", description = "HMAC key (default: generated).") String secret;
    @Option(names = "--description", paramLabel = "TEXT") String description;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() {
      return ModelsCommand.withClient(server, spec, client -> {
        Webhook w = client.webhooks().add(url, events, secret, description);
        PrintWriter out = spec.commandLine().getOut();
        out.println("id:     " + w.id());
        out.println("secret: " + w.secret());
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the webhooks.")
  static final class ListHooks implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() {
      return ModelsCommand.withClient(server, spec, client -> {
        TextTable t = new TextTable("id", "url", "events", "description");
        for (Webhook w : client.webhooks().list()) t.row(w.id(), w.url(), String.join(",", w.events()), w.description());
        t.print(spec.commandLine().getOut());
        return 0;
      });
    }
  }

  @Command(name = "deliveries", mixinStandardHelpOptions = true, description = "List a webhook's delivery attempts, newest first.")
  static final class Deliveries implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = "--max", paramLabel = "N", description = "At most N attempts (default: ${DEFAULT-VALUE}).") int max = 50;
    @Mixin TrackingServerOption server = new TrackingServerOption();

    @Override
    public Integer call() {
      return ModelsCommand.withClient(server, spec, client -> {
        TextTable t = new TextTable("when", "event", "delivery", "attempt", "status", "result");
        for (Delivery d : client.webhooks().deliveries(id, max)) {
          t.row(Instant.ofEpochMilli(d.attemptedAt()).toString(), d.event(), d.deliveryId(), Integer.toString(d.attempt()),
              d.statusCode() == null ? "-" : d.statusCode().toString(), d.success() ? "ok" : d.error());
        }
        t.print(spec.commandLine().getOut());
        return 0;
      });
    }
  }
}
