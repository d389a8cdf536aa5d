package dev.netdiag.cli.lsof;

import dev.netdiag.sockets.UnixSocketRecord;
import dev.netdiag.sockets.procfs.OpenFile;
import dev.netdiag.sockets.procfs.ProcessEntry;

/**
 * One output line of lsof: the columns as lsof 4.95 prints them, derived once from the records.
 *
 * @param fd the FD column: name (numbers over 999 as *NNN) then access mode then lock character
 * @param sizeOff SIZE/OFF: a size, or "0t" and the offset for devices, pipes and sockets
 * @param socket the TCP/UDP socket behind an IPv4/IPv6 row, null for other files
 * @param nlink the link count for +L, -1 when unknown or not asked for
 * @param task the task (thread) this row belongs to, null for a process row
 */
record LsofRow(
    ProcessEntry process,
    String command,
    String user,
    OpenFile file,
    String fd,
    char access,
    String type,
    String device,
    String sizeOff,
    String node,
    String name,
    dev.netdiag.sockets.SocketRecord socket,
    long nlink,
    Task task,
    char lock) {

  /** A row with no lock on its file (' '). */
  LsofRow(
      ProcessEntry process,
      String command,
      String user,
      OpenFile file,
      String fd,
      char access,
      String type,
      String device,
      String sizeOff,
      String node,
      String name,
      dev.netdiag.sockets.SocketRecord socket,
      long nlink,
      Task task) {
    this(
        process, command, user, file, fd, access, type, device, sizeOff, node, name, socket, nlink,
        task, ' ');
  }

  /**
   * This row with the lock its process holds on the file, from /proc/locks: R or W for the whole
   * file, r or w for a part (lsof's lock character).
   */
  LsofRow withLock(char c) {
    return new LsofRow(
        process, command, user, file, fd, access, type, device, sizeOff, node, name, socket, nlink,
        task, c);
  }

  /** A task (thread) of the process: its TID and its own comm (TASKCMD). */
  record Task(int tid, String command) {}

  /** This row as a row of the given task. */
  LsofRow ofTask(Task t) {
    return new LsofRow(
        process, command, user, file, fd, access, type, device, sizeOff, node, name, socket, nlink,
        t, lock);
  }

  /** This row with another NAME (endpoint information added). */
  LsofRow withName(String text) {
    return new LsofRow(
        process, command, user, file, fd, access, type, device, sizeOff, node, text, socket, nlink,
        task, lock);
  }

  /** The TID, 0 for a process row. */
  int tid() {
    return task == null ? 0 : task.tid();
  }

  /** This row over another reading of its file (same columns; FILE-FLAG follows openFlags). */
  LsofRow withFile(OpenFile f) {
    return new LsofRow(
        process, command, user, f, fd, access, type, device, sizeOff, node, name, socket, nlink,
        task, lock);
  }

  /**
   * A row for a file on a file system exempted with -e/+e, as lsof 4.95 prints one it neither
   * stat'ed nor read: TYPE UNKN and the descriptor (UNKNcwd, UNKNfd…), DEVICE UNKNOWN, no size,
   * node or access mode, and the path followed by the option that exempted it.
   */
  static LsofRow exempt(
      ProcessEntry p, String command, String user, OpenFile f, String kind, String option) {
    LsofRow row = of(p, command, user, f);
    return new LsofRow(
        p,
        command,
        user,
        f,
        row.fd(),
        ' ',
        "UNKN" + kind,
        "UNKNOWN",
        "",
        "",
        f.link() + " (" + option + ")",
        null,
        -1,
        null);
  }

  /** This row with other DEVICE and NODE texts. */
  LsofRow withDeviceNode(String deviceText, String nodeText) {
    return new LsofRow(
        process,
        command,
        user,
        file,
        fd,
        access,
        type,
        deviceText,
        sizeOff,
        nodeText,
        name,
        socket,
        nlink,
        task,
        lock);
  }

  /** This row with another SIZE/OFF text. */
  LsofRow withSizeOff(String text) {
    return new LsofRow(
        process, command, user, file, fd, access, type, device, text, node, name, socket, nlink,
        task, lock);
  }

  /** This row with its link count (+L); -1 where lsof leaves NLINK blank. */
  LsofRow withLinks(long count) {
    return new LsofRow(
        process, command, user, file, fd, access, type, device, sizeOff, node, name, socket, count,
        task, lock);
  }

  static LsofRow of(ProcessEntry p, String command, String user, OpenFile f) {
    String fdName = fdText(f);
    char access = access(f);
    if (f.error() != null) {
      String path = f.link();
      return new LsofRow(
          p,
          command,
          user,
          f,
          fdName,
          access,
          "unknown",
          "",
          "",
          "",
          f.error().isEmpty() ? path : path + " (" + f.error() + ")",
          null,
          -1,
          null);
    }
    String type;
    String device = devText(f.device());
    String size = Long.toString(f.size());
    String name = f.link();
    switch (f.kind()) {
      case REGULAR -> type = "REG";
      case DIRECTORY -> type = "DIR";
      case CHARACTER -> {
        type = "CHR";
        device = devText(f.rdev());
        size = offset(f);
      }
      case BLOCK -> {
        type = "BLK";
        device = devText(f.rdev());
        size = offset(f);
      }
      case FIFO -> {
        type = "FIFO";
        size = offset(f);
        if (name.startsWith("pipe:")) {
          name = "pipe";
        }
      }
      case SOCKET -> {
        type = "sock";
        size = offset(f);
      }
      case SYMLINK -> type = "LINK";
      case ANON_INODE -> {
        type = "a_inode";
        size = "0";
        name = name.substring("anon_inode:".length());
      }
      default -> {
        type = "unknown";
        if (name.startsWith("anon_inode:")) {
          type = "a_inode";
          size = "0";
          name = name.substring("anon_inode:".length());
        }
      }
    }
    if (f.descriptor().equals("DEL")) {
      // A mapping whose file is gone: lsof 4.95 shows no SIZE/OFF for it, and names the path the
      // maps line gives without the kernel's " (deleted)" (a shared anonymous mapping's
      // "/dev/zero (deleted)" prints as /dev/zero).
      size = "";
      if (name.endsWith(DELETED)) {
        name = name.substring(0, name.length() - DELETED.length());
      }
    }
    return new LsofRow(
        p,
        command,
        user,
        f,
        fdName,
        access,
        type,
        device,
        size,
        Long.toString(f.inode()),
        name,
        null,
        -1,
        null);
  }

  private static final String DELETED = " (deleted)";

  // FD texts of descriptors, made once per number: a server's 50,000 sockets share a few
  // thousand of them (numbers over 9999 show only their last three digits).
  private static final String[] FD_TEXTS = new String[10_000];
  private static final String[] FD_TAILS = new String[1_000];

  /** The FD column's name: lsof's "%4d", or '*' and the last three digits over 9999. */
  static String fdText(OpenFile f) {
    int fd = f.fd();
    if (fd < 0) {
      return f.descriptor();
    }
    if (fd > 9999) {
      int low = fd % 1000;
      String text = FD_TAILS[low];
      if (text == null) {
        text = (low < 10 ? "*00" : low < 100 ? "*0" : "*") + low;
        FD_TAILS[low] = text;
      }
      return text;
    }
    String text = FD_TEXTS[fd];
    if (text == null) {
      String digits = Integer.toString(fd);
      text = "    ".substring(digits.length()) + digits;
      FD_TEXTS[fd] = text;
    }
    return text;
  }

  /** The access mode character: r, w or u from the open flags, ' ' when they are unknown. */
  // O_PATH in the flags of fdinfo (octal 010000000 on x86_64 and arm64, <asm-generic/fcntl.h>).
  private static final int O_PATH = 010000000;

  static char access(OpenFile f) {
    if (f.openFlags() < 0) {
      return ' ';
    }
    if ((f.openFlags() & O_PATH) != 0) {
      // lsof 4.95 reads the mode from the /proc/PID/fd link's permissions, which an O_PATH
      // descriptor leaves empty (neither read nor write): lsof's default there is 'u'.
      return 'u';
    }
    return switch (f.openFlags() & 3) {
      case 0 -> 'r';
      case 1 -> 'w';
      default -> 'u';
    };
  }

  /**
   * A raw IP socket as lsof 4.95 on Linux shows it from /proc/net/raw(6): TYPE raw or raw6, no
   * DEVICE, NODE the inode, NAME the ends and state in that file's hex ("00000000:0001->
   * 00000000:0000 st=07"); it is no Internet file to -i and has no TCP/TPI fields.
   */
  static LsofRow raw(
      ProcessEntry p, String command, String user, OpenFile f, dev.netdiag.sockets.SocketRecord r) {
    StringBuilder name = new StringBuilder(96);
    rawEnd(name, r.localAddress(), r.localPort());
    rawEnd(name.append("->"), r.remoteAddress(), r.remotePort());
    name.append(" st=");
    hex(name, r.state().code(), 2);
    return new LsofRow(
        p,
        command,
        user,
        f,
        fdText(f),
        access(f),
        r.family() == dev.netdiag.sockets.IpFamily.INET ? "raw" : "raw6",
        "",
        ZERO_OFFSET,
        Long.toString(f.inode()),
        name.toString(),
        null,
        -1,
        null);
  }

  // The kernel's "%08X" per 32-bit word of the address as the machine stores it (little-endian
  // here: each word's bytes reversed), then ":%04X" of the port (a raw socket's protocol).
  private static void rawEnd(StringBuilder out, byte[] address, int port) {
    for (int w = 0; w + 4 <= address.length; w += 4) {
      int word =
          (address[w] & 0xff)
              | (address[w + 1] & 0xff) << 8
              | (address[w + 2] & 0xff) << 16
              | (address[w + 3] & 0xff) << 24;
      if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) {
        word = Integer.reverseBytes(word);
      }
      hex(out, word & 0xffffffffL, 8);
    }
    hex(out.append(':'), port, 4);
  }

  private static void hex(StringBuilder out, long value, int width) {
    String digits = Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }

  /** A TCP or UDP socket: TYPE IPv4/IPv6, DEVICE the inode, NODE the protocol, NAME the ends. */
  static LsofRow socket(
      ProcessEntry p,
      String command,
      String user,
      OpenFile f,
      dev.netdiag.sockets.SocketRecord r,
      EndpointText names) {
    String type = r.family() == dev.netdiag.sockets.IpFamily.INET ? "IPv4" : "IPv6";
    String node =
        switch (r.transport()) {
          case TCP -> "TCP";
          case UDP -> "UDP";
          case UDPLITE -> "UDPLITE";
          case RAW -> "raw";
          case MPTCP -> "MPTCP"; // lsof's index never asks for MPTCP, DCCP or SCTP
          case DCCP -> "DCCP";
          case SCTP -> "SCTP";
        };
    return new LsofRow(
        p,
        command,
        user,
        f,
        fdText(f),
        access(f),
        type,
        Long.toString(f.inode()),
        ZERO_OFFSET,
        node,
        names.name(r),
        r,
        -1,
        null);
  }

  /**
   * A UNIX domain socket as lsof 4.95 shows it from /proc/net/unix: TYPE unix, DEVICE the kernel
   * address, NODE the inode, NAME the bound path (if any), {@code type=STREAM} and the state.
   */
  static LsofRow unix(
      ProcessEntry p, String command, String user, OpenFile f, UnixSocketRecord r, String tcpInfo) {
    StringBuilder name = new StringBuilder();
    String path = UnixSocketIndex.name(r);
    if (path != null) {
      name.append(path).append(' ');
    }
    name.append("type=").append(r.type().typeName());
    // -T without s drops the state of UNIX sockets too, as lsof 4.95 does; other -T letters
    // (q, f) have nothing to show for them but leave lsof's separating space.
    boolean withState = tcpInfo.indexOf('s') >= 0;
    String state = withState ? unixState(r) : null;
    if (state != null) {
      name.append(" (").append(state).append(')');
    } else if (!withState && !tcpInfo.isEmpty()) {
      name.append(' ');
    }
    String device = r.address() < 0 ? "" : String.format("0x%016x", r.address());
    return new LsofRow(
        p,
        command,
        user,
        f,
        fdText(f),
        access(f),
        "unix",
        device,
        ZERO_OFFSET,
        Long.toString(f.inode()),
        name.toString(),
        null,
        -1,
        null);
  }

  // lsof's names for the SS_ state of /proc/net/unix; a listener (__SO_ACCEPTCON) is LISTEN.
  private static String unixState(UnixSocketRecord r) {
    if ((r.flags() & (1 << 16)) != 0) {
      return "LISTEN";
    }
    return switch (r.socketState()) {
      case 1 -> "UNCONNECTED";
      case 2 -> "CONNECTING";
      case 3 -> "CONNECTED";
      case 4 -> "DISCONNECTING";
      default -> null;
    };
  }

  private static String offset(OpenFile f) {
    return offsetText(Math.max(0, f.offset()));
  }

  /** lsof's offset: decimal after "0t" up to eight digits, then hex after "0x". */
  static String offsetText(long offset) {
    if (offset == 0) {
      return ZERO_OFFSET;
    }
    return offset < 100_000_000L ? "0t" + offset : "0x" + Long.toHexString(offset);
  }

  private static final String ZERO_OFFSET = "0t0";

  /** True for a SIZE/OFF value that is an offset. */
  boolean showsOffset() {
    return sizeOff.startsWith("0t") || sizeOff.startsWith("0x");
  }

  /**
   * This row for -o (offsets only: descriptors get their file position, cwd/txt/mem nothing) or -s
   * (sizes only: devices, pipes and sockets nothing).
   */
  LsofRow forColumn(boolean offsets, boolean sizes) {
    String value = sizeOff;
    if (offsets) {
      value =
          file.error() != null || file.fd() < 0
              ? ""
              : showsOffset() ? sizeOff : offsetText(Math.max(0, file.offset()));
    } else if (sizes && showsOffset()) {
      value = "";
    }
    return value.equals(sizeOff)
        ? this
        : new LsofRow(
            process, command, user, file, fd, access, type, device, value, node, name, socket,
            nlink, task, lock);
  }

  static String devText(long dev) {
    return OpenFile.major(dev) + "," + OpenFile.minor(dev);
  }
}
