package brainc.runtime.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void createsAndReplaces() throws IOException {
    Path file = dir.resolve("out.bin");
    AtomicFiles.write(file, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    AtomicFiles.write(file, new byte[] {4});
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(file));
    assertEquals(List.of("out.bin"), entries());
  }

  @Test
  void anExceptionMidWriteLeavesTheOldFileIntact() throws IOException {
    Path file = dir.resolve("monitor.csv");
    Files.writeString(file, "old,complete\n");
    IOException boom = new IOException("disk full");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      // More than the buffer, so part of it has reached the temporary file.
                      out.write(new byte[200_000]);
                      out.write("new,partial".getBytes(UTF_8));
                      throw boom;
                    }));
    assertSame(boom, thrown);
    assertEquals("old,complete\n", Files.readString(file));
    assertEquals(List.of("monitor.csv"), entries(), "no temporary file left behind");
  }

  @Test
  void anUncheckedExceptionMidWriteLeavesNoFileWhereThereWasNone() throws IOException {
    Path file = dir.resolve("fresh.bin");
    assertThrows(
        UncheckedIOException.class,
        () ->
            AtomicFiles.write(
                file,
                out -> {
                  out.write(1);
                  throw new UncheckedIOException(new IOException("boom"));
                }));
    assertFalse(Files.exists(file));
    assertEquals(List.of(), entries());
  }

  @Test
  void closingWithoutCommitPublishesNothing() throws IOException {
    Path file = dir.resolve("x.txt");
    Files.writeString(file, "before");
    try (AtomicFiles.Output out = AtomicFiles.open(file)) {
      out.write("after".getBytes(UTF_8));
      out.flush();
      assertEquals("before", Files.readString(file), "nothing is visible before commit");
    }
    assertEquals("before", Files.readString(file));
    assertEquals(List.of("x.txt"), entries());
  }

  @Test
  void writesAfterCommitFail() throws IOException {
    Path file = dir.resolve("y.txt");
    AtomicFiles.Output out = AtomicFiles.open(file);
    out.write('a');
    out.commit();
    assertThrows(IOException.class, () -> out.write('b'));
    assertThrows(IOException.class, out::commit);
    out.close();
    assertEquals("a", Files.readString(file));
  }

  @Test
  void fallsBackToReplaceWhenAtomicMoveIsUnsupported() throws IOException {
    Path target = dir.resolve("t.txt");
    Path temp = dir.resolve(".t.txt.1.tmp");
    Files.writeString(target, "old");
    Files.writeString(temp, "new");
    AtomicFiles.publish(
        temp,
        target,
        (from, to) -> {
          throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "test");
        });
    assertEquals("new", Files.readString(target));
    assertFalse(Files.exists(temp));
  }

  @Test
  void aFailedPublishRemovesTheTemporaryFile() throws IOException {
    // A directory in the target's place makes the final move fail.
    Path target = dir.resolve("occupied");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep"), "x");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1}));
    assertEquals(List.of("occupied"), entries());
    assertTrue(Files.isDirectory(target));
  }

  @Test
  void newFilesGetDefaultPermissionsNotOwnerOnly() throws IOException {
    assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null);
    Path plain = dir.resolve("plain");
    Files.write(plain, new byte[] {1});
    Path atomic = dir.resolve("atomic");
    AtomicFiles.write(atomic, new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
  }

  @Test
  void relativePathsWork() throws IOException {
    Path file = dir.resolve("rel.txt");
    Path relative = Path.of("").toAbsolutePath().relativize(file);
    AtomicFiles.write(relative, "r".getBytes(UTF_8));
    assertEquals("r", Files.readString(file));
  }

  @Test
  void aLinkIsWrittenThroughAndStaysALink() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path real = Files.createDirectory(dir.resolve("real")).resolve("model.brain");
    Files.writeString(real, "old\n");
    Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    Path link = Files.createSymbolicLink(dir.resolve("link.brain"), Path.of("real/model.brain"));
    AtomicFiles.write(link, "new\n".getBytes(UTF_8));
    assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
    assertEquals("new\n", Files.readString(real));
    assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    assertEquals(List.of("link.brain", "real"), entries());
  }

  @Test
  void aDanglingLinkCreatesItsTarget() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("out.csv"), Path.of("target.csv"));
    AtomicFiles.write(link, new byte[] {7});
    assertTrue(Files.isSymbolicLink(link));
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(dir.resolve("target.csv")));
  }

  @Test
  void aFolderIsNeverReplaced() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("out.csv"));
    OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(folder, new byte[] {1}));
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    assertTrue(Files.isDirectory(folder));
    assertEquals(List.of("out.csv"), entries());
  }

  @Test
  void aNewFileGetsTheOrdinaryModeNotOwnerOnly() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.createFile(dir.resolve("plain"));
    Path file = dir.resolve("new.csv");
    AtomicFiles.write(file, new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
  }

  @Test
  void messagesNameTheCauseNotThePathAgain() {
    Path missing = dir.resolve("nope/sub/out.csv");
    String m = IoMessages.cannot("write", missing,
        new java.nio.file.NoSuchFileException(dir.resolve("nope/sub/.out.csv.1.tmp").toString()));
    assertEquals("cannot write " + missing + ": no such folder " + dir.resolve("nope"), m);
    assertEquals("permission denied", IoMessages.reason(new java.nio.file.AccessDeniedException("x")));
    assertEquals("the disk is full (no space left on device)",
        IoMessages.reason(new java.nio.file.FileSystemException("x", null, "No space left on device")));
    assertEquals("read-only file system",
        IoMessages.reason(new java.nio.file.FileSystemException("x", null, "Read-only file system")));
    assertEquals("it is a folder", IoMessages.reason(new java.nio.file.FileSystemException("x", null, "Is a directory")));
    assertFalse(IoMessages.reason(new java.nio.file.FileSystemException("x")).contains("x"));
  }
}
