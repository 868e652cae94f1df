package dev.syncasync.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range such as {@code 172.16.0.0/12} or {@code ::1/128}, for the registry's
 * allow-list.
 *
 * @param network the range's first address
 * @param bits    prefix length
 */
public record Cidr(InetAddress network, int bits) {

    /** Parses {@code address/bits} (or a bare address, a range of one); null when malformed. */
    public static Cidr parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2 || !parts[0].matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            // Only literal addresses reach getByName here (checked above): no name lookup happens.
            InetAddress address = InetAddress.getByName(parts[0]);
            int max = address.getAddress().length * 8;
            int bits = parts.length == 2 && parts[1].matches("\\d{1,3}") ? Integer.parseInt(parts[1])
                    : parts.length == 1 ? max : -1;
            return bits < 0 || bits > max ? null : new Cidr(address, bits);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} lies in this range (an IPv4 address never matches an IPv6 range). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int shift = a.length * 8 - bits;
        return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, n).shiftRight(shift));
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + bits;
    }
}
