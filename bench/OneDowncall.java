// The floor under every netdiag socket tool: a JVM that makes one native call through the FFM API
// (JDK 25's java.lang.foreign), the cheapest one there is: getpid(), no arguments, no errno. Each
// socket tool must make at least one (socket(AF_NETLINK) has no other way in from Java), and
// linking a downcall spins its method-handle and stub classes at run time, which no AOT cache
// keeps. bench/sockets.sh times it, with an AOT cache trained on itself and the launcher's JVM
// flags, against the JVM hello world (the idle `ss -tlnp` target is <= 2x that) and against ss's
// kernel-filtered query (that target is <= 1.2x ss).
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

public class OneDowncall {
  public static void main(String[] args) throws Throwable {
    Linker linker = Linker.nativeLinker();
    MethodHandle getpid =
        linker.downcallHandle(
            linker.defaultLookup().find("getpid").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    System.out.println((int) getpid.invokeExact());
  }
}
