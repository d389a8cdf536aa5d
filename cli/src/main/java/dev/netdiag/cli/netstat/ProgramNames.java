package dev.netdiag.cli.netstat;

import dev.netdiag.sockets.ProcessMap;
import dev.netdiag.sockets.ProcessRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * netstat -p's PID/Program name, as net-tools 2.10 makes it (prg_cache_load): for the first process
 * found holding the socket whose /proc/PID/cmdline can be read, "PID/NAME", where NAME is argv[0]
 * (after its last '/' when it starts with one: a path) — not the comm that ss and lsof print, so a
 * process that retitles itself shows its argv[0] here. The cell is cut to 19 bytes, net-tools'
 * 20-byte buffer.
 */
final class ProgramNames {
  static final int CELL = 19;
  // net-tools reads at most this much of cmdline.
  private static final int CMDLINE_MAX = 511;
  private static final byte[] UNREADABLE = new byte[0];

  private final Path proc;
  private final ProcessMap owners;
  private final Map<Integer, byte[]> names = new HashMap<>();
  private final byte[] cell = new byte[24 + CELL];
  private int lastPid = -1;
  private byte[] lastName;

  ProgramNames(Path proc, ProcessMap owners) {
    this.proc = proc;
    this.owners = owners;
  }

  /** Names for no process: every cell is "-". */
  static ProgramNames none() {
    return new ProgramNames(null, ProcessMap.empty());
  }

  /** The holder net-tools names for a socket, or null for "-". */
  ProcessRef holder(long inode) {
    List<ProcessRef> refs = owners.owners(inode);
    for (int i = 0; i < refs.size(); i++) {
      if (name(refs.get(i).pid()) != UNREADABLE) {
        return refs.get(i);
      }
    }
    return null;
  }

  /** argv[0]'s name for a holder found by {@link #holder}. */
  String program(ProcessRef holder) {
    return new String(name(holder.pid()), StandardCharsets.UTF_8);
  }

  /** Writes the cell, "PID/NAME" cut to 19 bytes or "-", padded to 20 columns as "%-20s". */
  void writeCell(dev.netdiag.cli.Output out, long inode) {
    ProcessRef holder = holder(inode);
    if (holder == null) {
      out.padRight("-", 20);
      return;
    }
    int n = dev.netdiag.cli.Output.putDecimal(cell, 0, holder.pid());
    cell[n++] = '/';
    byte[] name = name(holder.pid());
    int take = Math.min(name.length, CELL - n);
    System.arraycopy(name, 0, cell, n, take);
    n += take;
    out.write(cell, 0, n);
    out.spaces(20 - n);
  }

  private byte[] name(int pid) {
    if (pid == lastPid) {
      return lastName;
    }
    byte[] name = names.computeIfAbsent(pid, this::read);
    lastPid = pid;
    lastName = name;
    return name;
  }

  private byte[] read(int pid) {
    byte[] line;
    try (InputStream in = Files.newInputStream(proc.resolve(Integer.toString(pid), "cmdline"))) {
      line = in.readNBytes(CMDLINE_MAX);
    } catch (IOException | RuntimeException e) {
      return UNREADABLE; // gone or not ours to read: net-tools skips the process's sockets
    }
    int end = 0;
    while (end < line.length && line[end] != 0) {
      end++;
    }
    int start = 0;
    if (end > 0 && line[0] == '/') {
      for (int i = 0; i < end; i++) {
        if (line[i] == '/') {
          start = i + 1;
        }
      }
    }
    return java.util.Arrays.copyOfRange(line, start, end);
  }
}
