package io.millrace.iam.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 range in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:DB8:1234:5678::/64}; a bare address is
 * the one address), as {@code IpAddress} and {@code NotIpAddress} take them. An IPv4 address never falls in an IPv6
 * range nor the reverse.
 */
final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** The range, or null when the text is none. */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = address(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > bits) {
                return null;
            }
        }
        return new Cidr(address, prefix);
    }

    boolean contains(String ip) {
        byte[] address = address(ip);
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** An address literal's bytes, or null; never a name lookup. */
    static byte[] address(String text) {
        if (text.indexOf(':') >= 0) {
            return ipv6(text);
        }
        return ipv4(text);
    }

    private static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        int octet = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || octet > 3) {
                    return null;
                }
                bytes[octet++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return octet == 4 ? bytes : null;
    }

    private static byte[] ipv6(String text) {
        // InetAddress reads an IPv6 literal without a lookup when the text is only hex digits, colons and dots
        // and starts with a hex digit or a colon: anything else is refused here, before it could be a host name.
        if (text.isEmpty() || text.charAt(0) == '.') {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return bytes.length == 16 ? bytes : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
