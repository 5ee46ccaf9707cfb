package io.vigil.server.store;

import io.vigil.model.RunTag;
import java.util.List;

/** What runs/create asks for, after validation; {@code runName} is already chosen. */
public record NewRun(String experimentId, String userId, long startTime, String runName, List<RunTag> tags) {}
