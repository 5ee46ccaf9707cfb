/** The model registry: registered models, versions, aliases, the alias history and rollback. */
package io.vigil.server.registry;
