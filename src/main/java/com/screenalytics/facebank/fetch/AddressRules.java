package com.screenalytics.facebank.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which addresses an outbound fetch may reach: none that is loopback, private (RFC 1918, shared
 * 100.64/10, IPv6 unique-local fc00::/7), link-local (169.254/16, where cloud metadata answers;
 * fe80::/10), multicast, unspecified or "this network" (0/8), or broadcast — unless the host name
 * or the address is allowed (FETCH_ALLOW_HOSTS: host names, addresses, CIDRs).
 */
public final class AddressRules {

  /** An address range: an address and how many leading bits must match. */
  public record Cidr(byte[] network, int bits) {

    /** "10.0.0.0/8", "fd00::/8", or a bare address ("127.0.0.1" = /32). */
    public static Cidr parse(String text) {
      String[] parts = text.split("/", 2);
      InetAddress address = literal(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("not an IP address: " + parts[0]);
      }
      int max = address.getAddress().length * 8;
      int bits;
      try {
        bits = parts.length == 1 ? max : Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a prefix length: " + text);
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("prefix length out of range: " + text);
      }
      return new Cidr(address.getAddress(), bits);
    }

    public boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (candidate[full] & mask) == (network[full] & mask);
    }
  }

  private static final List<Cidr> REFUSED_V4 = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
      Cidr.parse("255.255.255.255/32"));
  private static final Cidr UNIQUE_LOCAL_V6 = Cidr.parse("fc00::/7");

  private final Set<String> allowedHosts;
  private final List<Cidr> allowedRanges;

  public AddressRules(Set<String> allowedHosts, List<Cidr> allowedRanges) {
    this.allowedHosts = allowedHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(
        java.util.stream.Collectors.toUnmodifiableSet());
    this.allowedRanges = List.copyOf(allowedRanges);
  }

  /** FETCH_ALLOW_HOSTS: names, addresses and CIDRs, separated by commas or spaces. */
  public static AddressRules parse(String allowList) {
    Set<String> hosts = new java.util.HashSet<>();
    List<Cidr> ranges = new java.util.ArrayList<>();
    for (String entry : allowList.split("[\\s,]+")) {
      if (entry.isBlank()) {
        continue;
      }
      if (entry.contains("/") || literal(entry) != null) {
        try {
          ranges.add(Cidr.parse(entry));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("FETCH_ALLOW_HOSTS: '" + entry + "': " + e.getMessage());
        }
      } else if (entry.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
        hosts.add(entry);
      } else {
        throw new IllegalArgumentException("FETCH_ALLOW_HOSTS: not a host name, address or CIDR: '" + entry + "'");
      }
    }
    return new AddressRules(hosts, ranges);
  }

  /** Whether the URL's host is listed by name: every address it resolves to is then allowed. */
  public boolean hostAllowed(String host) {
    return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }

  /** Why {@code address} is refused (e.g. "loopback"), or null when it may be fetched from. */
  public String refusal(InetAddress address) {
    if (allowedRanges.stream().anyMatch(range -> range.contains(address))) {
      return null;
    }
    return kind(address);
  }

  /** What kind of non-public address this is, or null for a public one. */
  static String kind(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    if (address instanceof Inet4Address) {
      return REFUSED_V4.stream().anyMatch(range -> range.contains(address)) ? "reserved" : null;
    }
    if (address instanceof Inet6Address v6) {
      if (UNIQUE_LOCAL_V6.contains(v6)) {
        return "private";
      }
      byte[] bytes = v6.getAddress();
      if (isV4Embedded(bytes)) { // ::a.b.c.d (compatible) — Java maps ::ffff:a.b.c.d to IPv4 itself
        try {
          return kind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
        } catch (UnknownHostException e) {
          return "reserved";
        }
      }
    }
    return null;
  }

  private static boolean isV4Embedded(byte[] bytes) {
    for (int i = 0; i < 12; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The address an IP literal stands for, without DNS; null when {@code text} is not one. */
  static InetAddress literal(String text) {
    String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean v4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(bare); // a literal: no look-up happens
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
