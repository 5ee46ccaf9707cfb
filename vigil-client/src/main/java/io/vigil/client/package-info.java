/**
 * The Vigil Java SDK: log runs, params, tags and metrics to a Vigil or MLflow 2.x tracking server
 * without slowing the caller. Start with {@link io.vigil.client.VigilClient}.
 */
package io.vigil.client;
