package com.screenalytics.facebank.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which addresses the outbound fetch refuses, and how FETCH_ALLOW_HOSTS reads. */
class AddressRulesTest {

  private static InetAddress ip(String literal) {
    return AddressRules.literal(literal);
  }

  @Test
  void nonPublicAddressesAreNamedAndPublicOnesPass() {
    AddressRules none = AddressRules.parse("");
    assertThat(none.refusal(ip("127.0.0.1"))).isEqualTo("loopback");
    assertThat(none.refusal(ip("127.9.9.9"))).isEqualTo("loopback");
    assertThat(none.refusal(ip("::1"))).isEqualTo("loopback");
    assertThat(none.refusal(ip("::ffff:10.0.0.1"))).isEqualTo("private");
    assertThat(none.refusal(ip("10.255.0.1"))).isEqualTo("private");
    assertThat(none.refusal(ip("172.31.255.255"))).isEqualTo("private");
    assertThat(none.refusal(ip("192.168.0.1"))).isEqualTo("private");
    assertThat(none.refusal(ip("fd12:3456::1"))).isEqualTo("private");
    assertThat(none.refusal(ip("100.100.100.200"))).as("shared address space (some clouds' metadata)")
        .isEqualTo("reserved");
    assertThat(none.refusal(ip("169.254.169.254"))).isEqualTo("link-local");
    assertThat(none.refusal(ip("fe80::1"))).isEqualTo("link-local");
    assertThat(none.refusal(ip("224.0.0.251"))).isEqualTo("multicast");
    assertThat(none.refusal(ip("ff02::1"))).isEqualTo("multicast");
    assertThat(none.refusal(ip("0.0.0.0"))).isEqualTo("unspecified");
    assertThat(none.refusal(ip("::"))).isEqualTo("unspecified");
    assertThat(none.refusal(ip("0.1.2.3"))).isEqualTo("reserved");
    assertThat(none.refusal(ip("::127.0.0.1"))).isEqualTo("loopback");
    assertThat(none.refusal(ip("93.184.216.34"))).isNull();
    assertThat(none.refusal(ip("172.32.0.1"))).isNull();
    assertThat(none.refusal(ip("2606:2800:220:1::1"))).isNull();
  }

  @Test
  void theAllowListTakesHostNamesAddressesAndCidrs() {
    AddressRules rules = AddressRules.parse(" 127.0.0.1, photos.internal 10.0.0.0/8 fd00::/8 ");
    assertThat(rules.refusal(ip("127.0.0.1"))).isNull();
    assertThat(rules.refusal(ip("127.0.0.2"))).isEqualTo("loopback");
    assertThat(rules.refusal(ip("10.200.1.1"))).isNull();
    assertThat(rules.refusal(ip("fd99::1"))).isNull();
    assertThat(rules.refusal(ip("192.168.1.1"))).isEqualTo("private");
    assertThat(rules.hostAllowed("PHOTOS.internal")).isTrue();
    assertThat(rules.hostAllowed("other.internal")).isFalse();
    assertThat(AddressRules.Cidr.parse("172.16.0.0/12").contains(ip("172.31.0.1"))).isTrue();
    assertThat(AddressRules.Cidr.parse("172.16.0.0/12").contains(ip("172.32.0.1"))).isFalse();
  }

  @Test
  void aMalformedEntryIsRefused() {
    assertThatThrownBy(() -> AddressRules.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> AddressRules.parse("http://x")).hasMessageContaining("FETCH_ALLOW_HOSTS");
    assertThatThrownBy(() -> AddressRules.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
  }
}
