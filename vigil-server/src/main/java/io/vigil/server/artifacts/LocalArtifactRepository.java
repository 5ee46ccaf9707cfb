package io.vigil.server.artifacts;

import io.vigil.model.VigilException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Artifact files under one root folder. Every relative path is checked before use: absolute paths,
 * {@code ..} segments, NUL bytes and paths that leave the root through a symbolic link are
 * INVALID_PARAMETER_VALUE. Files are streamed: an upload goes to a temporary file beside the target
 * and is moved into place when complete, so readers never see half a file.
 */
public final class LocalArtifactRepository {
  /** One entry of a listing; {@code size} is null for folders. */
  public record FileInfo(String path, boolean isDir, Long size) {}

  private final Path root;

  public LocalArtifactRepository(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The file or folder at {@code relative} (null or "" is the root), checked to stay inside the root. */
  public Path resolve(String relative) {
    if (relative == null || relative.isEmpty()) return root;
    if (relative.indexOf('\0') >= 0) throw invalid(relative, "contains a NUL byte");
    String r = relative.replace('\\', '/');
    if (r.startsWith("/") || r.matches("^[A-Za-z]:.*")) throw invalid(relative, "is absolute");
    for (String segment : r.split("/")) {
      if (segment.equals("..")) throw invalid(relative, "contains '..'");
    }
    Path p = root.resolve(r).normalize();
    if (!p.startsWith(root)) throw invalid(relative, "leaves the artifact root");
    checkNoLinkOut(p, relative);
    return p;
  }

  /** The deepest existing ancestor of {@code p} (or p) must really be inside the root, links resolved. */
  private void checkNoLinkOut(Path p, String relative) {
    try {
      Path realRoot = Files.exists(root) ? root.toRealPath() : root;
      Path existing = p;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
      if (existing == null || !existing.startsWith(root)) return;
      if (Files.isSymbolicLink(existing) && !Files.exists(existing)) throw invalid(relative, "is a dangling symbolic link");
      if (!existing.toRealPath().startsWith(realRoot)) throw invalid(relative, "leaves the artifact root through a symbolic link");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static VigilException invalid(String path, String why) {
    return VigilException.invalid("Invalid artifact path '" + path.replace("\0", "\\0") + "': it " + why + ".");
  }

  /** Stores {@code in} at {@code relative}, replacing a file there; returns the bytes written. */
  public long upload(String relative, InputStream in) {
    if (relative == null || relative.isEmpty() || relative.endsWith("/")) {
      throw VigilException.invalid("Invalid artifact path '" + relative + "': an upload needs a file name.");
    }
    Path target = resolve(relative);
    try {
      Files.createDirectories(target.getParent());
      checkNoLinkOut(target, relative); // the folders just made must not have been swapped for links
      if (Files.isDirectory(target)) throw VigilException.invalid("Invalid artifact path '" + relative + "': it is a folder.");
      Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
      try {
        long n = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return n;
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The regular file at {@code relative}; RESOURCE_DOES_NOT_EXIST when there is none. */
  public Path file(String relative) {
    Path p = resolve(relative);
    if (!Files.isRegularFile(p)) throw VigilException.notFound("No artifact at '" + relative + "'.");
    return p;
  }

  /**
   * The entries directly inside the folder {@code relative}, sorted by name; each entry's path is
   * {@code prefix} + its name. A missing folder or a file lists nothing, as in MLflow.
   */
  public List<FileInfo> list(String relative, String prefix) {
    Path dir = resolve(relative);
    List<FileInfo> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path e : entries) {
        String name = e.getFileName().toString();
        if (name.startsWith(".upload-") && name.endsWith(".tmp")) continue;
        boolean isDir = Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS);
        out.add(new FileInfo(prefix + name, isDir, isDir ? null : Files.size(e)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(FileInfo::path));
    return out;
  }

  /** Deletes the file or folder (with its contents) at {@code relative}; the root itself cannot be deleted. */
  public void delete(String relative) {
    Path p = resolve(relative);
    if (p.equals(root)) throw VigilException.invalid("Deleting the artifact root is not allowed.");
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) throw VigilException.notFound("No artifact at '" + relative + "'.");
    try {
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) throw e;
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException gone) {
      // deleted concurrently: the outcome is the same
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
