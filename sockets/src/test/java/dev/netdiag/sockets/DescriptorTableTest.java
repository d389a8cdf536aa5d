package dev.netdiag.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netdiag.sockets.procfs.OpenFile;
import dev.netdiag.sockets.procfs.ProcessFiles;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The process map and lsof's socket listing on a descriptor table large enough to be read by number
 * (Linux 6.2+ gives /proc/PID/fd's open count as its size) and with holes in it, so that some
 * descriptors sit above the count: every socket must still be found, with its descriptor. The
 * expected table comes from java.nio's readlink of /proc/self/fd. No traffic: the sockets are
 * unbound UDP sockets.
 */
class DescriptorTableTest {
  private static final int SOCKETS = 600;
  private static final List<DatagramChannel> channels = new ArrayList<>();

  /** Our sockets still open: inode to descriptor. */
  private static final Map<Long, Integer> ours = new HashMap<>();

  @BeforeAll
  static void open() throws IOException {
    Map<Integer, Long> before = socketDescriptors();
    for (int i = 0; i < SOCKETS; i++) {
      channels.add(DatagramChannel.open());
    }
    Map<Integer, Long> after = socketDescriptors();
    // Holes low in the table: every fifth of the first half closed.
    for (int i = 0; i < SOCKETS / 2; i += 5) {
      channels.get(i).close();
    }
    Map<Integer, Long> open = socketDescriptors();
    after.forEach(
        (fd, inode) -> {
          if (!before.containsKey(fd) && inode.equals(open.get(fd))) {
            ours.put(inode, fd);
          }
        });
    assertTrue(ours.size() >= 500, () -> "found " + ours.size());
  }

  @AfterAll
  static void close() throws IOException {
    for (DatagramChannel c : channels) {
      c.close();
    }
  }

  /** fd to socket inode for this process, through java.nio. */
  private static Map<Integer, Long> socketDescriptors() throws IOException {
    Map<Integer, Long> out = new TreeMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path p : dir) {
        String link;
        try {
          link = Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
          continue; // the directory stream's own descriptor, closed meanwhile
        }
        if (link.startsWith("socket:[")) {
          out.put(
              Integer.parseInt(p.getFileName().toString()),
              Long.parseLong(link.substring(8, link.length() - 1)));
        }
      }
    }
    return out;
  }

  @Test
  void theProcessMapFindsEverySocketAboveAndBelowTheHoles() {
    long[] inodes = ours.keySet().stream().mapToLong(Long::longValue).toArray();
    assertEverySocketOurs(ProcessMap.scan(Path.of("/proc"), inodes));
  }

  private static void assertEverySocketOurs(ProcessMap map) {
    long self = ProcessHandle.current().pid();
    ours.forEach(
        (inode, fd) -> {
          List<ProcessRef> owners = map.owners(inode);
          assertEquals(1, owners.size(), () -> "owners of inode " + inode);
          assertEquals(self, owners.getFirst().pid());
          assertEquals(fd, owners.getFirst().fd(), () -> "descriptor of inode " + inode);
        });
  }

  @Test
  void anEmptyMapKnowsNoOwners() {
    ProcessMap empty = ProcessMap.empty();
    for (long inode = 0; inode < 10_000; inode++) {
      assertTrue(empty.owners(inode).isEmpty());
    }
    // Asked about inodes nobody holds: known, but without owners.
    ProcessMap none = ProcessMap.scan(Path.of("/proc"), new long[] {1L << 40, (1L << 40) + 1});
    for (long inode = (1L << 40) - 100; inode < (1L << 40) + 100; inode++) {
      assertTrue(none.owners(inode).isEmpty());
    }
  }

  @Test
  void theBackgroundScanOfEverySocketFindsThemToo() throws Exception {
    assertEverySocketOurs(ProcessMap.scanAllInBackground(Path.of("/proc"), false).join());
  }

  @Test
  void lsofsSocketListingIsCompleteAndAscending() {
    int self = (int) ProcessHandle.current().pid();
    List<OpenFile> sockets = new ProcessFiles(Path.of("/proc")).descriptors(self, true);
    Map<Long, Integer> listed = new HashMap<>();
    int previous = -1;
    for (OpenFile f : sockets) {
      assertTrue(f.fd() > previous, () -> "not ascending at fd " + f.fd());
      previous = f.fd();
      listed.put(f.inode(), f.fd());
    }
    ours.forEach((inode, fd) -> assertEquals(fd, listed.get(inode), () -> "inode " + inode));
  }
}
