package dev.netdiag.linux;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lookups in glibc's NSS databases (hosts, services, protocols, networks) through the reentrant
 * calls getent's own lookups stand for, so the answers honour nsswitch.conf, /etc/hosts and every
 * installed NSS module exactly as applications see them.
 *
 * <pre>
 * struct hostent (LP64), 32 bytes      struct servent, 32 bytes      struct protoent, 24 bytes
 *  0  ptr  h_name                       0  ptr  s_name                0  ptr  p_name
 *  8  ptr  h_aliases (char **)          8  ptr  s_aliases             8  ptr  p_aliases
 * 16  i32  h_addrtype                  16  i32  s_port (big-endian)  16  i32  p_proto
 * 20  i32  h_length                    24  ptr  s_proto
 * 24  ptr  h_addr_list (char **)
 *
 * struct netent, 24 bytes              struct addrinfo: see AddressResolver
 *  0  ptr  n_name                      struct sockaddr_in6: 24 u32 sin6_scope_id
 *  8  ptr  n_aliases
 * 16  i32  n_addrtype
 * 20  u32  n_net (host order)
 * </pre>
 */
public final class NameServiceSwitch {
  private static final AddressLayout POINTER = ValueLayout.ADDRESS;
  private static final long HOSTENT_SIZE = 32;
  private static final long SERVENT_SIZE = 32;
  private static final long PROTOENT_SIZE = 24;
  private static final long NETENT_SIZE = 24;
  private static final long NAME = 0;
  private static final long ALIASES = 8;
  private static final long H_ADDRTYPE = 16;
  private static final long H_LENGTH = 20;
  private static final long H_ADDR_LIST = 24;
  private static final long S_PORT = 16;
  private static final long S_PROTO = 24;
  private static final long P_PROTO = 16;
  private static final long N_ADDRTYPE = 16;
  private static final long N_NET = 20;

  private static final long AI_SIZE = 48;
  private static final long AI_FLAGS = 0;
  private static final long AI_FAMILY = 4;
  private static final long AI_SOCKTYPE = 8;
  private static final long AI_PROTOCOL = 12;
  private static final long AI_ADDRLEN = 16;
  private static final long AI_ADDR = 24;
  private static final long AI_CANONNAME = 32;
  private static final long AI_NEXT = 40;
  private static final long SIN_ADDR = 4;
  private static final long SIN6_ADDR = 8;
  private static final long SIN6_SCOPE_ID = 24;

  /** getaddrinfo flags (netdb.h). */
  public static final int AI_CANONNAME_FLAG = 0x0002;

  public static final int AI_V4MAPPED = 0x0008;
  public static final int AI_ADDRCONFIG = 0x0020;
  public static final int AI_IDN = 0x0040;
  public static final int AI_CANONIDN = 0x0080;

  // errno.h: the _r calls return it when the caller's buffer is too small.
  private static final int ERANGE = 34;
  // The _r calls need a scratch buffer; grow it on ERANGE up to this bound (a 1 MiB line is
  // already beyond any sane /etc/hosts entry).
  private static final long FIRST_BUFFER = 16 * 1024;
  private static final long LAST_BUFFER = 1 << 20;
  // The set/get/end*ent calls share one cursor per database in libc: enumerate one at a time.
  private static final Object ENUMERATION = new Object();

  private NameServiceSwitch() {}

  /** One reentrant lookup: fills entry from buffer and returns the call's result code. */
  private interface Call {
    int invoke(
        Libc libc, MemorySegment entry, MemorySegment buffer, long length, MemorySegment out);
  }

  /** Turns the struct a lookup filled in into a record. */
  private interface Reader<T> {
    T read(Libc libc, MemorySegment entry);
  }

  private static <T> Optional<T> lookup(long entrySize, Call call, Reader<T> reader)
      throws NativeException {
    Libc libc = Libc.get();
    for (long length = FIRST_BUFFER; ; length *= 2) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment entry = arena.allocate(entrySize, 8);
        MemorySegment buffer = arena.allocate(length, 8);
        MemorySegment out = arena.allocate(POINTER);
        int rc = call.invoke(libc, entry, buffer, length, out);
        if (rc == ERANGE && length < LAST_BUFFER) {
          continue;
        }
        MemorySegment result = out.get(POINTER, 0);
        if (rc != 0 || result.address() == 0) {
          return Optional.empty();
        }
        return Optional.of(reader.read(libc, result.reinterpret(entrySize)));
      }
    }
  }

  private static <T> List<T> enumerate(String database, long entrySize, Call call, Reader<T> reader)
      throws NativeException {
    Libc libc = Libc.get();
    List<T> entries = new ArrayList<>();
    synchronized (ENUMERATION) {
      libc.setent(database, 0);
      try {
        long length = FIRST_BUFFER;
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment entry = arena.allocate(entrySize, 8);
          MemorySegment out = arena.allocate(POINTER);
          MemorySegment buffer = arena.allocate(length, 8);
          while (true) {
            int rc = call.invoke(libc, entry, buffer, length, out);
            if (rc == ERANGE && length < LAST_BUFFER) {
              // glibc rewinds to the entry that did not fit; retry it with more room.
              length *= 2;
              buffer = arena.allocate(length, 8);
              continue;
            }
            MemorySegment result = out.get(POINTER, 0);
            if (rc != 0 || result.address() == 0) {
              return entries;
            }
            entries.add(reader.read(libc, result.reinterpret(entrySize)));
          }
        }
      } finally {
        libc.endent(database);
      }
    }
  }

  // --- hosts ---

  /** gethostbyname2_r: the name's entry for one family, or empty when not found. */
  public static Optional<HostEntry> hostByName(String name, AddressFamily family)
      throws NativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocateFrom(name);
      MemorySegment herrno = arena.allocate(ValueLayout.JAVA_INT);
      return lookup(
          HOSTENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.gethostbyname2R(text, family.code(), entry, buffer, length, out, herrno),
          NameServiceSwitch::host);
    }
  }

  /** gethostbyaddr_r: the entry of a 4- or 16-byte address, or empty when not found. */
  public static Optional<HostEntry> hostByAddress(byte[] address) throws NativeException {
    AddressFamily family = address.length == 16 ? AddressFamily.INET6 : AddressFamily.INET;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment raw = arena.allocateFrom(ValueLayout.JAVA_BYTE, address);
      MemorySegment herrno = arena.allocate(ValueLayout.JAVA_INT);
      return lookup(
          HOSTENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.gethostbyaddrR(
                  raw, address.length, family.code(), entry, buffer, length, out, herrno),
          NameServiceSwitch::host);
    }
  }

  /**
   * The host name gethostbyaddr_r gives a 4- or 16-byte address (h_name), or empty when there is
   * none or the C library cannot be called: what the socket tools print a number for instead.
   */
  public static Optional<String> hostName(byte[] address) {
    try {
      return hostByAddress(address).map(HostEntry::name);
    } catch (NativeException e) {
      return Optional.empty();
    }
  }

  /** gethostent_r from start to end: what the hosts sources can enumerate (/etc/hosts). */
  public static List<HostEntry> hosts() throws NativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment herrno = arena.allocate(ValueLayout.JAVA_INT);
      return enumerate(
          "host",
          HOSTENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.gethostentR(entry, buffer, length, out, herrno),
          NameServiceSwitch::host);
    }
  }

  private static HostEntry host(Libc libc, MemorySegment entry) {
    int familyCode = entry.get(ValueLayout.JAVA_INT, H_ADDRTYPE);
    int addressLength = entry.get(ValueLayout.JAVA_INT, H_LENGTH);
    AddressFamily family =
        familyCode == AddressFamily.INET6.code() ? AddressFamily.INET6 : AddressFamily.INET;
    List<String> addresses = new ArrayList<>();
    MemorySegment list = entry.get(POINTER, H_ADDR_LIST);
    if (list.address() != 0) {
      list = list.reinterpret(Long.MAX_VALUE);
      for (long i = 0; ; i++) {
        MemorySegment address = list.getAtIndex(POINTER, i);
        if (address.address() == 0) {
          break;
        }
        addresses.add(ntop(libc, familyCode, address.reinterpret(addressLength)));
      }
    }
    return new HostEntry(string(entry, NAME), strings(entry, ALIASES), family, addresses);
  }

  // --- getaddrinfo with getent's hints ---

  /** getaddrinfo(name, NULL, hints) with these flags and family; socket type left open. */
  public static AddrInfoAnswer addrInfo(String name, AddressFamily family, int flags)
      throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment hints = arena.allocate(AI_SIZE, 8);
      hints.set(ValueLayout.JAVA_INT, AI_FLAGS, flags);
      hints.set(ValueLayout.JAVA_INT, AI_FAMILY, family.code());
      MemorySegment resultSlot = arena.allocate(POINTER);
      int rc = libc.getaddrinfo(arena.allocateFrom(name), MemorySegment.NULL, hints, resultSlot);
      if (rc != 0) {
        return new AddrInfoAnswer(new GaiStatus(rc), List.of());
      }
      MemorySegment head = resultSlot.get(POINTER, 0);
      try {
        List<AddrInfoEntry> entries = new ArrayList<>();
        for (MemorySegment ai = head; ai.address() != 0; ai = ai.get(POINTER, AI_NEXT)) {
          ai = ai.reinterpret(AI_SIZE);
          int aiFamily = ai.get(ValueLayout.JAVA_INT, AI_FAMILY);
          long length = Integer.toUnsignedLong(ai.get(ValueLayout.JAVA_INT, AI_ADDRLEN));
          MemorySegment sockaddr = ai.get(POINTER, AI_ADDR).reinterpret(length);
          boolean v6 = aiFamily == AddressFamily.INET6.code();
          String text;
          int scope = 0;
          if (v6 && length >= 28) {
            text = ntop(libc, aiFamily, sockaddr.asSlice(SIN6_ADDR, 16));
            scope = sockaddr.get(ValueLayout.JAVA_INT_UNALIGNED, SIN6_SCOPE_ID);
          } else if (!v6 && length >= 8) {
            text = ntop(libc, aiFamily, sockaddr.asSlice(SIN_ADDR, 4));
          } else {
            text = null;
          }
          MemorySegment canonical = ai.get(POINTER, AI_CANONNAME);
          entries.add(
              new AddrInfoEntry(
                  v6 ? AddressFamily.INET6 : AddressFamily.INET,
                  text,
                  scope,
                  ai.get(ValueLayout.JAVA_INT, AI_SOCKTYPE),
                  ai.get(ValueLayout.JAVA_INT, AI_PROTOCOL),
                  canonical.address() == 0
                      ? null
                      : canonical.reinterpret(Integer.MAX_VALUE).getString(0)));
        }
        return new AddrInfoAnswer(GaiStatus.OK, entries);
      } finally {
        libc.freeaddrinfo(head);
      }
    }
  }

  // --- services ---

  /** getservbyname_r; protocol null means any. */
  public static Optional<ServiceEntry> serviceByName(String name, String protocol)
      throws NativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocateFrom(name);
      MemorySegment proto = protocol == null ? MemorySegment.NULL : arena.allocateFrom(protocol);
      return lookup(
          SERVENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.getservbynameR(text, proto, entry, buffer, length, out),
          NameServiceSwitch::service);
    }
  }

  /** getservbyport_r with the port in host order; protocol null means any. */
  public static Optional<ServiceEntry> serviceByPort(int port, String protocol)
      throws NativeException {
    // s_port and the argument are in network order: htons, widened as C widens it to int.
    int networkOrder = Short.toUnsignedInt(Short.reverseBytes((short) port));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment proto = protocol == null ? MemorySegment.NULL : arena.allocateFrom(protocol);
      return lookup(
          SERVENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.getservbyportR(networkOrder, proto, entry, buffer, length, out),
          NameServiceSwitch::service);
    }
  }

  /** getservent_r from start to end. */
  public static List<ServiceEntry> services() throws NativeException {
    return enumerate(
        "serv",
        SERVENT_SIZE,
        (libc, entry, buffer, length, out) -> libc.getserventR(entry, buffer, length, out),
        NameServiceSwitch::service);
  }

  private static ServiceEntry service(Libc libc, MemorySegment entry) {
    int port =
        Short.toUnsignedInt(Short.reverseBytes((short) entry.get(ValueLayout.JAVA_INT, S_PORT)));
    return new ServiceEntry(
        string(entry, NAME), strings(entry, ALIASES), port, string(entry, S_PROTO));
  }

  // --- protocols ---

  /** getprotobyname_r. */
  public static Optional<ProtocolEntry> protocolByName(String name) throws NativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocateFrom(name);
      return lookup(
          PROTOENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.getprotobynameR(text, entry, buffer, length, out),
          NameServiceSwitch::protocol);
    }
  }

  /** getprotobynumber_r. */
  public static Optional<ProtocolEntry> protocolByNumber(int number) throws NativeException {
    return lookup(
        PROTOENT_SIZE,
        (libc, entry, buffer, length, out) ->
            libc.getprotobynumberR(number, entry, buffer, length, out),
        NameServiceSwitch::protocol);
  }

  /** getprotoent_r from start to end. */
  public static List<ProtocolEntry> protocols() throws NativeException {
    return enumerate(
        "proto",
        PROTOENT_SIZE,
        (libc, entry, buffer, length, out) -> libc.getprotoentR(entry, buffer, length, out),
        NameServiceSwitch::protocol);
  }

  private static ProtocolEntry protocol(Libc libc, MemorySegment entry) {
    return new ProtocolEntry(
        string(entry, NAME), strings(entry, ALIASES), entry.get(ValueLayout.JAVA_INT, P_PROTO));
  }

  // --- networks ---

  /** getnetbyname_r. */
  public static Optional<NetworkEntry> networkByName(String name) throws NativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocateFrom(name);
      MemorySegment herrno = arena.allocate(ValueLayout.JAVA_INT);
      return lookup(
          NETENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.getnetbynameR(text, entry, buffer, length, out, herrno),
          NameServiceSwitch::network);
    }
  }

  /** getnetbyaddr_r with the network number in host order and an AF_* type (0: any). */
  public static Optional<NetworkEntry> networkByNumber(int network, int type)
      throws NativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment herrno = arena.allocate(ValueLayout.JAVA_INT);
      return lookup(
          NETENT_SIZE,
          (libc, entry, buffer, length, out) ->
              libc.getnetbyaddrR(network, type, entry, buffer, length, out, herrno),
          NameServiceSwitch::network);
    }
  }

  /** getnetent_r from start to end. */
  public static List<NetworkEntry> networks() throws NativeException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment herrno = arena.allocate(ValueLayout.JAVA_INT);
      return enumerate(
          "net",
          NETENT_SIZE,
          (libc, entry, buffer, length, out) -> libc.getnetentR(entry, buffer, length, out, herrno),
          NameServiceSwitch::network);
    }
  }

  private static NetworkEntry network(Libc libc, MemorySegment entry) {
    return new NetworkEntry(
        string(entry, NAME),
        strings(entry, ALIASES),
        entry.get(ValueLayout.JAVA_INT, N_ADDRTYPE),
        Integer.toUnsignedLong(entry.get(ValueLayout.JAVA_INT, N_NET)));
  }

  // --- text helpers getent relies on ---

  /** inet_pton: the address bytes, or null when the text is not a literal of that family. */
  public static byte[] parseAddress(AddressFamily family, String text) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment destination = arena.allocate(16);
      if (libc.inetPton(family.code(), arena.allocateFrom(text), destination) <= 0) {
        return null;
      }
      int size = family == AddressFamily.INET6 ? 16 : 4;
      return destination.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
    }
  }

  /**
   * inet_addr's value in host order (ntohl applied), with its laxer syntax (a.b, hex, octal);
   * 0xffffffff when invalid.
   */
  public static int inetAddrHostOrder(String text) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      return Integer.reverseBytes(libc.inetAddr(arena.allocateFrom(text)));
    }
  }

  /**
   * __nss_configure_lookup: makes this process use {@code services} (an nsswitch.conf line such as
   * "files" or "files dns") for one database, as getent -s does. False when glibc refused.
   */
  public static boolean configure(String database, String services) throws NativeException {
    Libc libc = Libc.get();
    try (Arena arena = Arena.ofConfined()) {
      return libc.nssConfigureLookup(arena.allocateFrom(database), arena.allocateFrom(services))
          == 0;
    }
  }

  private static String ntop(Libc libc, int family, MemorySegment address) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocate(64);
      MemorySegment result = libc.inetNtop(family, address, text, 64);
      return result.address() == 0 ? null : text.getString(0);
    }
  }

  private static String string(MemorySegment entry, long offset) {
    MemorySegment pointer = entry.get(POINTER, offset);
    return pointer.address() == 0 ? null : pointer.reinterpret(Integer.MAX_VALUE).getString(0);
  }

  private static List<String> strings(MemorySegment entry, long offset) {
    MemorySegment array = entry.get(POINTER, offset);
    List<String> values = new ArrayList<>();
    if (array.address() == 0) {
      return values;
    }
    array = array.reinterpret(Long.MAX_VALUE);
    for (long i = 0; ; i++) {
      MemorySegment item = array.getAtIndex(POINTER, i);
      if (item.address() == 0) {
        return values;
      }
      values.add(item.reinterpret(Integer.MAX_VALUE).getString(0));
    }
  }
}
