package dev.netdiag.sockets;

/**
 * One open file descriptor of a process that refers to a socket.
 *
 * @param command the process's comm (as ss prints it, at most 15 bytes), or the thread's for a
 *     thread found by {@link ProcessMap#scanAllInBackground(java.nio.file.Path, boolean)}
 * @param pid the process id
 * @param fd the descriptor number
 * @param tid the thread that was found holding it (the pid when threads were not scanned)
 */
public record ProcessRef(String command, int pid, int fd, int tid) {
  /** A descriptor found through the process itself (its main thread). */
  public ProcessRef(String command, int pid, int fd) {
    this(command, pid, fd, pid);
  }
}
