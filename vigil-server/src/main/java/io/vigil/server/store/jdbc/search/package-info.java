/** The search grammar's AST (from {@code tracking.search}) translated to parameterised SQL for runs and experiments. */
package io.vigil.server.store.jdbc.search;
