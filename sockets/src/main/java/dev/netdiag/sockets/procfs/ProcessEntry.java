package dev.netdiag.sockets.procfs;

/**
 * One process from /proc/PID/stat and status.
 *
 * @param command the kernel's comm (up to 15 bytes), unescaped
 */
public record ProcessEntry(int pid, int ppid, int pgid, int uid, int gid, String command) {}
