/** Tracking domain records (experiments, runs, metrics, params, tags) and MLflow's error codes. */
package io.vigil.model;
