package dev.netdiag.sockets;

import dev.netdiag.linux.NativeException;
import dev.netdiag.linux.ProcDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which processes hold which sockets: built by one parallel scan of /proc/PID/fd, keeping only the
 * inodes asked about. Processes that exit mid-scan and descriptors we may not read are skipped, as
 * ss skips them.
 *
 * <p>The scan lists every process's descriptors (in parallel), then reads their links in chunks of
 * {@link #CHUNK}, so that the few processes holding most sockets (a server with 50k connections)
 * are spread over every CPU. It goes through openat/getdents64/readlinkat on native buffers ({@link
 * ProcDirectory}), or through java.nio where native access is unavailable.
 */
public final class ProcessMap {
  private static final int CHUNK = 2048;
  // A class of its own, not Comparator.comparingInt(...).thenComparingInt(...): those spin their
  // lambda classes at run time (the AOT cache does not keep them), about 3 ms of every ss run.
  private static final Comparator<ProcessRef> PROC_ORDER = new ProcOrder();

  /** Holders in /proc order: by pid, then tid, then descriptor. */
  private static final class ProcOrder implements Comparator<ProcessRef> {
    @Override
    public int compare(ProcessRef a, ProcessRef b) {
      int c = Integer.compare(a.pid(), b.pid());
      if (c == 0) {
        c = Integer.compare(a.tid(), b.tid());
      }
      return c != 0 ? c : Integer.compare(a.fd(), b.fd());
    }
  }

  // The inodes asked about, or found, in an open-addressing table (0 marks a free slot; no socket
  // has inode 0), and for each its holders in /proc order (null until one is found). A hash rather
  // than a sorted array: at 100,000 sockets the binary searches, one per row printed and one per
  // socket found, were a tenth of ss -tanp's main thread.
  private final long[] keys;
  private final Object[] holders;

  private ProcessMap(long[] keys, Object[] holders) {
    this.keys = keys;
    this.holders = holders;
  }

  /** A free table for about count inodes: a power of two, at most half full. */
  private static long[] table(int count) {
    int size = Integer.highestOneBit(Math.max(8, count) * 2 - 1) << 1;
    return new long[size];
  }

  /** The slot of inode in keys: its own, or the free one where it would go. */
  private static int slot(long[] keys, long inode) {
    int mask = keys.length - 1;
    int i = (int) ((inode * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    while (keys[i] != 0 && keys[i] != inode) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** A map that knows no owners. */
  public static ProcessMap empty() {
    long[] keys = table(0);
    return new ProcessMap(keys, new Object[keys.length]);
  }

  /**
   * Scans every process under the proc root.
   *
   * @param procRoot usually /proc
   * @param inodes the socket inodes of interest (others are not kept); may be unsorted
   */
  public static ProcessMap scan(Path procRoot, long[] inodes) {
    if (inodes.length == 0) {
      return empty(); // nothing to look for: no readlink of every descriptor on the machine
    }
    return scan(procRoot, new Found(inodes), false);
  }

  /**
   * Scans every process for every socket it holds, with no inode list, on a thread of its own: for
   * a caller that dumps the socket table meanwhile (ss and netstat -p read /proc before their dumps
   * too). With threads, every other thread of each process as well (ss -T, through /proc/TID: each
   * thread with its own comm and tid, even when it shares the process's descriptor table). The same
   * reads as {@link #scan(Path, long[])}, which reads every descriptor anyway.
   */
  public static Background<ProcessMap> scanAllInBackground(Path procRoot, boolean threads) {
    return Background.start("process-scan", () -> scan(procRoot, new Found(null), threads));
  }

  private static ProcessMap scan(Path procRoot, Found found, boolean threads) {
    Links links;
    try {
      links = new NativeLinks(procRoot);
    } catch (NativeException e) {
      links = new FileLinks(procRoot);
    }
    try (Links open = links) {
      int[] pids = open.pids();
      if (pids == null) {
        return empty();
      }
      Links source = open;
      List<Slice> slices = new ArrayList<>();
      List<Slice> probed = new ArrayList<>();
      for (Slice listed :
          ranges(pids.length).parallelStream()
              .map(range -> source.list(pids, range[0], range[1], threads))
              .flatMap(List::stream)
              .toList()) {
        if (listed.probe() != null) {
          probed.add(listed);
        }
        chunks(listed, slices);
      }
      slices.parallelStream().forEach(slice -> source.read(slice, found));
      // A table with holes below its count: the descriptors above it, listed after all.
      List<Slice> rest = new ArrayList<>();
      for (Slice table : probed) {
        if (table.probe().missing()) {
          int[] fds = source.descriptorsFrom(table.tid(), table.to());
          if (fds != null && fds.length > 0) {
            chunks(
                new Slice(table.pid(), table.tid(), fds, 0, fds.length, table.command(), null),
                rest);
          }
        }
      }
      rest.parallelStream().forEach(slice -> source.read(slice, found));
    }
    return found.done();
  }

  /** Splits a listed or probed descriptor table into slices of {@link #CHUNK}. */
  private static void chunks(Slice listed, List<Slice> into) {
    for (int from = listed.from(); from < listed.to(); from += CHUNK) {
      into.add(listed.range(from, Math.min(listed.to(), from + CHUNK)));
    }
  }

  /** Ranges [from, to) of the pid list, a few per CPU. */
  private static List<int[]> ranges(int count) {
    int size = Math.max(16, count / (4 * Runtime.getRuntime().availableProcessors()) + 1);
    List<int[]> ranges = new ArrayList<>();
    for (int from = 0; from < count; from += size) {
      ranges.add(new int[] {from, Math.min(count, from + size)});
    }
    return ranges;
  }

  /**
   * Descriptors of one process, or of one of its threads (tid, read via /proc/TID): fds[from, to)
   * as listed, or, probed (fds null), every descriptor number in [from, to).
   */
  private record Slice(
      int pid, int tid, int[] fds, int from, int to, Command command, Probe probe) {
    Slice range(int start, int end) {
      return new Slice(pid, tid, fds, start, end, command, probe);
    }

    int fd(int i) {
      return fds == null ? i : fds[i];
    }
  }

  /**
   * A descriptor table read by number instead of listed ({@link ProcDirectory#readsByNumber}). When
   * fewer links answer than the count, the table had holes: the rest is listed and read after all.
   */
  private static final class Probe {
    private final int count;
    private final AtomicInteger found = new AtomicInteger();

    Probe(int count) {
      this.count = count;
    }

    void found(int links) {
      found.addAndGet(links);
    }

    boolean missing() {
      return found.get() < count;
    }
  }

  /** Collects the holders the scan's tasks find. */
  private static final class Found {
    private long[] keys;
    private Object[] holders;
    // Without an inode list (scanAll): every socket found, in scan order, put in the table at
    // done().
    private long[] foundInodes;
    private ProcessRef[] foundRefs;
    private int found;

    /** Keeps the holders of these inodes, or of every socket when null. */
    Found(long[] inodes) {
      if (inodes == null) {
        foundInodes = new long[1024];
        foundRefs = new ProcessRef[1024];
        return;
      }
      keys = table(inodes.length);
      holders = new Object[keys.length];
      for (long inode : inodes) {
        if (inode != 0) {
          keys[slot(keys, inode)] = inode;
        }
      }
    }

    /** Records a holder when target[0, n) is "socket:[N]" for an inode asked about. */
    void offer(byte[] target, int n, Slice slice, int fd) {
      long inode = ProcDirectory.socketInode(target, n);
      if (inode <= 0) {
        return;
      }
      if (keys == null) {
        keep(inode, new ProcessRef(slice.command().get(), slice.pid(), fd, slice.tid()));
        return;
      }
      int slot = slot(keys, inode);
      if (keys[slot] == inode) {
        add(slot, new ProcessRef(slice.command().get(), slice.pid(), fd, slice.tid()));
      }
    }

    private synchronized void keep(long inode, ProcessRef ref) {
      if (found == foundInodes.length) {
        foundInodes = Arrays.copyOf(foundInodes, found * 2);
        foundRefs = Arrays.copyOf(foundRefs, found * 2);
      }
      foundInodes[found] = inode;
      foundRefs[found++] = ref;
    }

    @SuppressWarnings("unchecked")
    private synchronized void add(int slot, ProcessRef ref) {
      Object held = holders[slot];
      if (held == null) {
        holders[slot] = List.of(ref);
      } else if (held instanceof ArrayList<?> list) {
        ((List<ProcessRef>) list).add(ref);
      } else {
        List<ProcessRef> list = new ArrayList<>(2);
        list.addAll((List<ProcessRef>) held);
        list.add(ref);
        holders[slot] = list;
      }
    }

    @SuppressWarnings("unchecked")
    ProcessMap done() {
      if (keys == null) {
        keys = table(found);
        holders = new Object[keys.length];
        for (int i = 0; i < found; i++) {
          int slot = slot(keys, foundInodes[i]);
          keys[slot] = foundInodes[i];
          add(slot, foundRefs[i]);
        }
      }
      for (Object held : holders) {
        if (held instanceof ArrayList<?> list) {
          // Scan order is not deterministic; /proc order (pid, then fd) is what the tools assume.
          ((List<ProcessRef>) list).sort(PROC_ORDER);
        }
      }
      return new ProcessMap(keys, holders);
    }
  }

  /** How the scan reads /proc: the pids, each process's descriptors, their links. */
  private interface Links extends AutoCloseable {
    /** Every pid, or null when the proc root cannot be read. */
    int[] pids();

    /**
     * The processes pids[from, to) with their descriptors and, with threads, each of their other
     * threads with its own; skipping those gone or not ours.
     */
    List<Slice> list(int[] pids, int from, int to, boolean threads);

    /** Offers every link of the slice to found. */
    void read(Slice slice, Found found);

    /** The descriptors numbered from {@code first} up in /proc/ID/fd; null when unreadable. */
    int[] descriptorsFrom(int id, int first);

    @Override
    void close();
  }

  /** openat/getdents64/readlinkat; each task opens its own buffers (they are thread-confined). */
  private static final class NativeLinks implements Links {
    private final Path procRoot;
    private final ProcDirectory main;
    private final int proc;

    NativeLinks(Path procRoot) throws NativeException {
      this.procRoot = procRoot;
      this.main = ProcDirectory.open();
      this.proc = main.openDirectory(procRoot.toAbsolutePath().toString());
    }

    @Override
    public int[] pids() {
      return proc < 0 ? null : main.numberedEntries(proc);
    }

    @Override
    public List<Slice> list(int[] pids, int from, int to, boolean threads) {
      List<Slice> listed = new ArrayList<>();
      try (ProcDirectory dir = ProcDirectory.open()) {
        for (int i = from; i < to; i++) {
          int pid = pids[i];
          add(dir, pid, pid, listed);
          if (threads) {
            int taskDir = dir.openNumbered(proc, pid, "task");
            int[] tids = taskDir < 0 ? null : dir.numberedEntries(taskDir);
            dir.closeDirectory(taskDir);
            for (int tid : tids == null ? new int[0] : tids) {
              if (tid != pid) {
                add(dir, pid, tid, listed);
              }
            }
          }
        }
      } catch (NativeException e) {
        throw new IllegalStateException(e); // Libc linked for the first instance already
      }
      return listed;
    }

    /** The descriptors of /proc/ID/fd (a process, or a thread of pid), when readable. */
    private void add(ProcDirectory dir, int pid, int id, List<Slice> listed) {
      int fdDir = dir.openNumbered(proc, id, "fd");
      if (fdDir < 0) {
        return; // exited, or not ours to read: skipped, as ss does
      }
      long count = dir.descriptorCount(fdDir);
      if (ProcDirectory.readsByNumber(count)) {
        dir.closeDirectory(fdDir);
        Command command = new Command(procRoot.resolve(Integer.toString(id)));
        listed.add(new Slice(pid, id, null, 0, (int) count, command, new Probe((int) count)));
        return;
      }
      int[] fds = dir.numberedEntries(fdDir);
      dir.closeDirectory(fdDir);
      if (fds != null && fds.length > 0) {
        Command command = new Command(procRoot.resolve(Integer.toString(id)));
        listed.add(new Slice(pid, id, fds, 0, fds.length, command, null));
      }
    }

    @Override
    public int[] descriptorsFrom(int id, int first) {
      try (ProcDirectory dir = ProcDirectory.open()) {
        int fdDir = dir.openNumbered(proc, id, "fd");
        int[] fds = fdDir < 0 ? null : dir.numberedEntries(fdDir);
        dir.closeDirectory(fdDir);
        return atLeast(fds, first);
      } catch (NativeException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void read(Slice slice, Found found) {
      byte[] target = new byte[64];
      try (ProcDirectory dir = ProcDirectory.open()) {
        int fdDir = dir.openNumbered(proc, slice.tid(), "fd");
        if (fdDir < 0) {
          return;
        }
        int links = 0;
        for (int i = slice.from(); i < slice.to(); i++) {
          links += read(dir, fdDir, slice, slice.fd(i), target, found);
        }
        dir.closeDirectory(fdDir);
        if (slice.probe() != null) {
          slice.probe().found(links);
        }
      } catch (NativeException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * One descriptor, 1 when it is open (a call per descriptor, so the JIT compiles it early, not
     * by OSR).
     */
    private static int read(
        ProcDirectory dir, int fdDir, Slice slice, int fd, byte[] target, Found found) {
      int n = dir.readNumberedLink(fdDir, fd, target);
      if (n < 0) {
        return 0;
      }
      found.offer(target, n, slice, fd);
      return 1;
    }

    @Override
    public void close() {
      main.closeDirectory(proc);
      main.close();
    }
  }

  /** The same reads through java.nio. */
  private static final class FileLinks implements Links {
    private final Path procRoot;

    FileLinks(Path procRoot) {
      this.procRoot = procRoot;
    }

    @Override
    public int[] pids() {
      return numbered(procRoot);
    }

    @Override
    public List<Slice> list(int[] pids, int from, int to, boolean threads) {
      List<Slice> listed = new ArrayList<>();
      for (int i = from; i < to; i++) {
        int pid = pids[i];
        add(pid, pid, listed);
        if (threads) {
          int[] tids = numbered(procRoot.resolve(Integer.toString(pid)).resolve("task"));
          for (int tid : tids == null ? new int[0] : tids) {
            if (tid != pid) {
              add(pid, tid, listed);
            }
          }
        }
      }
      return listed;
    }

    private void add(int pid, int id, List<Slice> listed) {
      Path process = procRoot.resolve(Integer.toString(id));
      int[] fds = numbered(process.resolve("fd"));
      if (fds != null && fds.length > 0) {
        listed.add(new Slice(pid, id, fds, 0, fds.length, new Command(process), null));
      }
    }

    @Override
    public int[] descriptorsFrom(int id, int first) {
      return atLeast(numbered(procRoot.resolve(Integer.toString(id)).resolve("fd")), first);
    }

    private static int[] numbered(Path dir) {
      int[] numbers = new int[64];
      int n = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          long value = parseDecimal(name, 0, name.length());
          if (value >= 0 && value <= Integer.MAX_VALUE) {
            if (n == numbers.length) {
              numbers = Arrays.copyOf(numbers, n * 2);
            }
            numbers[n++] = (int) value;
          }
        }
      } catch (IOException | SecurityException e) {
        return null; // exited, or not ours to read
      }
      return Arrays.copyOf(numbers, n);
    }

    @Override
    public void read(Slice slice, Found found) {
      Path fdDir = slice.command().process.resolve("fd");
      for (int i = slice.from(); i < slice.to(); i++) {
        int fd = slice.fd(i);
        byte[] target;
        try {
          target =
              Files.readSymbolicLink(fdDir.resolve(Integer.toString(fd)))
                  .toString()
                  .getBytes(StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
          continue; // closed meanwhile
        }
        found.offer(target, target.length, slice, fd);
      }
    }

    @Override
    public void close() {}
  }

  /** The values of fds not below first (null stays null). */
  private static int[] atLeast(int[] fds, int first) {
    if (fds == null) {
      return null;
    }
    int n = 0;
    int[] kept = new int[fds.length];
    for (int fd : fds) {
      if (fd >= first) {
        kept[n++] = fd;
      }
    }
    return Arrays.copyOf(kept, n);
  }

  /** A process's comm, read once, on the first socket of interest, by whichever thread is first. */
  private static final class Command {
    private final Path process;
    private String value;

    Command(Path process) {
      this.process = process;
    }

    synchronized String get() {
      if (value == null) {
        value = command(process);
      }
      return value;
    }
  }

  private static String command(Path process) {
    try {
      byte[] bytes = Files.readAllBytes(process.resolve("comm"));
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\n') {
        n--;
      }
      return new String(bytes, 0, n, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static long parseDecimal(String text, int from, int to) {
    if (from >= to) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The holders of a socket in /proc order (pid, then fd); empty when none was found. */
  @SuppressWarnings("unchecked")
  public List<ProcessRef> owners(long inode) {
    if (inode == 0) {
      return List.of();
    }
    Object held = holders[slot(keys, inode)];
    return held == null ? List.of() : (List<ProcessRef>) held;
  }
}
