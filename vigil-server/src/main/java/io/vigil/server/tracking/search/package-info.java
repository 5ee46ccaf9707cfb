/** Parses MLflow search filters and order_by clauses for runs and experiments and turns them into parameterised SQL. */
package io.vigil.server.tracking.search;
