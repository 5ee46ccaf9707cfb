/** Artifact files on the local file system, confined to a root, streamed in and out. */
package io.vigil.server.artifacts;
