/// Which IP addresses a connection may go to: the guard against server-side request forgery for URLs that
/// come from users (webhooks). It is applied to every address at connect time, after DNS, so a name that
/// resolves to a public address once and to 127.0.0.1 the next time (DNS rebinding) cannot pass.
public struct AddressPolicy: Sendable, Hashable {
    /// Refuse loopback, private, link-local, CGNAT, multicast, unspecified, reserved and documentation
    /// ranges, including their IPv4-mapped, NAT64 and 6to4 IPv6 forms.
    public var blockPrivate: Bool
    /// Addresses allowed even though they are private (tests allow their loopback receiver), as CIDRs.
    public let allowed: [String]
    /// `allowed` parsed once, not at every connection.
    private let allowedRanges: [CIDR]

    public init(blockPrivate: Bool, allowed: [String] = []) {
        self.blockPrivate = blockPrivate
        self.allowed = allowed
        allowedRanges = allowed.compactMap(CIDR.init)
    }

    /// Whether `text` is an address or range this policy can allow, such as `10.0.0.0/8` or `fd00::/8`.
    public static func isValidRange(_ text: String) -> Bool { CIDR(text) != nil }

    public static func == (lhs: AddressPolicy, rhs: AddressPolicy) -> Bool {
        lhs.blockPrivate == rhs.blockPrivate && lhs.allowed == rhs.allowed
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(blockPrivate)
        hasher.combine(allowed)
    }

    /// Everything allowed: for operator-configured endpoints (the object store, tile servers in a private
    /// network).
    public static let open = AddressPolicy(blockPrivate: false)
    /// The guard for user-supplied URLs.
    public static let publicOnly = AddressPolicy(blockPrivate: true)

    /// The 16 bytes of an IPv6 address in text form (`2001:db8::1`, no brackets), or nil.
    public static func ipv6Address(_ text: String) -> [UInt8]? {
        guard text.contains(":"), let bytes = IPAddressParser.parse(text), bytes.count == 16 else { return nil }
        return bytes
    }

    /// Whether a connection to `address` (4 or 16 bytes) may be made.
    public func permits(_ address: [UInt8]) -> Bool {
        guard blockPrivate else { return true }
        if allowedRanges.contains(where: { $0.contains(address) }) { return true }
        return !Self.isNonPublic(address)
    }

    static let blockedIPv4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                              "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
                              "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4"].compactMap(CIDR.init)
    static let blockedIPv6 = ["::/128", "::1/128", "fe80::/10", "fc00::/7", "ff00::/8", "2001:db8::/32", "100::/64"].compactMap(CIDR.init)

    static func isNonPublic(_ address: [UInt8]) -> Bool {
        if address.count == 4 { return blockedIPv4.contains { $0.contains(address) } }
        guard address.count == 16 else { return true }
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16)
        // carry an IPv4 address that is what is really reached.
        if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xff && address[11] == 0xff {
            return isNonPublic(Array(address[12..<16]))
        }
        if address[0..<12].allSatisfy({ $0 == 0 }) && !(address[12..<15].allSatisfy { $0 == 0 }) {
            return isNonPublic(Array(address[12..<16]))
        }
        if address[0..<12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] { return isNonPublic(Array(address[12..<16])) }
        if address[0] == 0x20 && address[1] == 0x02 { return isNonPublic(Array(address[2..<6])) }
        return blockedIPv6.contains { $0.contains(address) }
    }
}

/// An address range such as `10.0.0.0/8` or `fc00::/7`.
struct CIDR: Sendable, Hashable {
    let network: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let address = IPAddressParser.parse(String(parts[0])) else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : address.count * 8
        guard let prefix, prefix >= 0, prefix <= address.count * 8 else { return nil }
        network = address
        self.prefix = prefix
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        var bits = prefix
        for i in 0..<address.count where bits > 0 {
            let mask: UInt8 = bits >= 8 ? 0xff : ~(0xff >> UInt8(bits))
            if address[i] & mask != network[i] & mask { return false }
            bits -= 8
        }
        return true
    }
}
