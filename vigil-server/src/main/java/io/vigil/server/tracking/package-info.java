/** MLflow tracking semantics and input validation, between the HTTP routes and the store. */
package io.vigil.server.tracking;
