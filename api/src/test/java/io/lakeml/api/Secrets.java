package io.lakeml.api;

/** Searching stored bytes for a secret. */
final class Secrets {
  private Secrets() {}

  /** Where {@code needle} first occurs in {@code haystack}; -1 when it does not. */
  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
