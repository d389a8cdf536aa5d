package dev.netdiag.sockets;

/**
 * One open file descriptor of a process that refers to a socket.
 *
 * @param command the process's comm (as ss prints it, at most 15 bytes)
 * @param pid the process id
 * @param fd the descriptor number
 */
public record ProcessRef(String command, int pid, int fd) {}
