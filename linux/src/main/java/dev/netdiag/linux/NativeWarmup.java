package dev.netdiag.linux;

import java.lang.foreign.Arena;

/**
 * Links the native calls on a thread of their own while the caller parses its arguments. Linking
 * the first downcall spins a few dozen classes (about 20 ms that JDK 25's AOT cache cannot keep),
 * on the path of every socket tool before its first netlink request; started at once, it overlaps
 * the command line's parsing and the tool's setup on the machine's other CPU.
 */
public final class NativeWarmup {
  private NativeWarmup() {}

  private static final java.util.concurrent.atomic.AtomicBoolean STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Starts the linking, once a run; a caller that needs the calls sooner waits for it rather than
   * link twice.
   */
  public static void startInBackground() {
    if (STARTED.compareAndSet(false, true)) {
      Thread.ofPlatform().name("native-link").daemon(true).start(new Link());
    }
  }

  // A class rather than a method reference: nothing to spin at run time.
  private static final class Link implements Runnable {
    @Override
    public void run() {
      try (Arena arena = Arena.ofConfined()) {
        Libc.get().warmUp(Libc.errnoSlot(arena));
      } catch (NativeException | RuntimeException e) {
        // Native access is off or libc cannot be linked: the tool's own first call says so.
      }
    }
  }
}
