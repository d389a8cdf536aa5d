package dev.netdiag.diagnose;

import dev.netdiag.linux.Errno;
import java.net.InetSocketAddress;

/**
 * The connect test of one resolved address.
 *
 * @param address the address and port tried
 * @param status what happened
 * @param errno the kernel's errno (0 when open or timed out before any error)
 * @param nanos time from connect() to the outcome
 * @param detail one phrase explaining the status to a person
 */
public record AddressProbe(
    InetSocketAddress address, ProbeStatus status, Errno errno, long nanos, String detail) {}
