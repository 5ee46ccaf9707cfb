/**
 * Parses MLflow search filters and order_by clauses (plus OR and parentheses) for runs and experiments
 * into an AST; {@code store.jdbc.search} turns it into parameterised SQL.
 */
package io.vigil.server.tracking.search;
