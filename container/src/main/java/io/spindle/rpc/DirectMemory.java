package io.spindle.rpc;

import java.nio.ByteBuffer;

/**
 * Direct buffers for frames and tensors: outside the heap, within the JVM's direct-memory limit
 * (containers get one eighth of their memory for it, see the launch command). Running out is
 * said as what to change, not as a bare OutOfMemoryError that would end a server's thread.
 */
final class DirectMemory {
  private DirectMemory() {}

  static ByteBuffer allocate(int size) {
    try {
      return ByteBuffer.allocateDirect(size);
    } catch (OutOfMemoryError e) {
      throw new IllegalStateException("no room for a buffer of " + size + " bytes outside the heap"
          + " (-XX:MaxDirectMemorySize): give the containers more memory or lower the frame limit (maxFrameBytes)", e);
    }
  }
}
