// The JVM baseline for startup figures: a hello world, run as `java bench/Hello.java` would compile
// it each time, so bench/startup.sh compiles it once and runs the class.
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
