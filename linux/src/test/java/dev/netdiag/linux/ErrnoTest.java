package dev.netdiag.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrnoTest {
  @Test
  void namesKnownAndUnknownCodes() {
    assertEquals("ECONNREFUSED", Errno.ECONNREFUSED.name());
    assertEquals("EHOSTUNREACH", new Errno(113).name());
    assertEquals("errno 4095", new Errno(4095).name());
  }

  @Test
  void messagesComeFromTheCLibrary() {
    assertEquals("Connection refused", Errno.ECONNREFUSED.message());
    assertEquals("No route to host", Errno.EHOSTUNREACH.message());
  }

  @Test
  void gaiStatusNamesAndMessages() {
    assertEquals("EAI_NONAME", GaiStatus.NONAME.name());
    assertEquals("Name or service not known", GaiStatus.NONAME.message());
    assertEquals("EAI_NODATA", GaiStatus.NODATA.name());
    assertEquals("EAI -100", new GaiStatus(-100).name());
  }
}
