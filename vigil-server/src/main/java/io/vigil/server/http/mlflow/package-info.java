/** MLflow-compatible tracking routes and their JSON shapes. */
package io.vigil.server.http.mlflow;
