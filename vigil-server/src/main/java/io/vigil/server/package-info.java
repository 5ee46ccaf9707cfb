/** The Vigil server: composition root, configuration and command-line entry point. */
package io.vigil.server;
