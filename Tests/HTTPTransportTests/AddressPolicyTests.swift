import Testing
@testable import HTTPTransport

/// The SSRF guard's address classification, in every form an internal address can take.
@Suite struct AddressPolicyTests {
    @Test(arguments: ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                      "100.127.255.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fd00::1", "ff02::1",
                      "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::7f00:1", "2002:7f00:1::1",
                      "2002:a9fe:a9fe::1"])
    func internalAddressesAreRefused(_ text: String) throws {
        let address = try #require(IPAddressParser.parse(text))
        #expect(!AddressPolicy.publicOnly.permits(address))
        #expect(AddressPolicy.open.permits(address))
    }

    @Test(arguments: ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
    func publicAddressesPass(_ text: String) throws {
        #expect(AddressPolicy.publicOnly.permits(try #require(IPAddressParser.parse(text))))
    }

    @Test func theAllowListIsExact() throws {
        let policy = AddressPolicy(blockPrivate: true, allowed: ["127.0.0.1/32", "fd12::/16"])
        #expect(policy.permits(try #require(IPAddressParser.parse("127.0.0.1"))))
        #expect(!policy.permits(try #require(IPAddressParser.parse("127.0.0.2"))))
        #expect(policy.permits(try #require(IPAddressParser.parse("fd12::5"))))
        #expect(!policy.permits(try #require(IPAddressParser.parse("fd13::5"))))
    }
}
