/** picocli subcommands of the {@code vigil} command line. */
package io.vigil.server.cli;
