package io.vigil.vrrp;

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
public final class InetChecksum {
    private InetChecksum() {}

    /** Adds {@code len} bytes at {@code off} to a running 32-bit sum (odd trailing byte padded with zero). */
    public static long add(long sum, byte[] bytes, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        if (i < end) sum += (bytes[i] & 0xff) << 8;
        return sum;
    }

    /** Folds a running sum and complements it: the value to store in a checksum field. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    public static int of(byte[] bytes, int off, int len) {
        return finish(add(0, bytes, off, len));
    }
}
