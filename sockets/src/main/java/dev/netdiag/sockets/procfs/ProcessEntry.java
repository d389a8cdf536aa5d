package dev.netdiag.sockets.procfs;

/**
 * One process from /proc/PID/stat and status.
 *
 * @param command the kernel's comm (up to 15 bytes), unescaped, one char per byte (ISO-8859-1): the
 *     kernel keeps it as bytes, which need not be UTF-8
 */
public record ProcessEntry(int pid, int ppid, int pgid, int uid, int gid, String command) {}
