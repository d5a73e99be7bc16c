/// Redis Cluster's key → hash slot mapping (CRC16/XMODEM of the key's hash tag, or of the whole key, mod
/// 16384), and which argument of a command is its key, so that the connection sends a command straight to
/// the node that owns its slot once it has learnt it.
enum RedisSlot {
    static let count = 16_384

    /// The part of `key` that Redis hashes: the text between the first `{` and the first `}` after it when
    /// that is not empty, otherwise the whole key.
    static func hashed(_ key: some Collection<UInt8>) -> ArraySlice<UInt8> {
        let bytes = Array(key)
        if let open = bytes.firstIndex(of: UInt8(ascii: "{")),
           let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1 {
            return bytes[(open + 1)..<close]
        }
        return bytes[...]
    }

    /// The hash slot of `key`, as `CLUSTER KEYSLOT` answers.
    static func of(_ key: String) -> Int {
        var crc: UInt16 = 0
        for byte in hashed(key.utf8) {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return Int(crc) % count
    }

    /// Commands with no key, or (`MIGRATE`) whose node the caller chooses: they go to the configured node.
    private static let keyless: Set<String> = [
        "PING", "INFO", "CONFIG", "SCRIPT", "CLIENT", "CLUSTER", "FLUSHALL", "FLUSHDB", "DBSIZE", "KEYS", "SCAN", "MONITOR",
        "AUTH", "HELLO", "SELECT", "ECHO", "TIME", "COMMAND", "READONLY", "READWRITE", "ASKING", "MULTI", "EXEC", "DISCARD",
        "WAIT", "MIGRATE", "SAVE", "BGSAVE", "BGREWRITEAOF", "LASTSAVE", "DEBUG", "SHUTDOWN", "SLOWLOG", "LATENCY", "MEMORY", "ACL",
        "FUNCTION", "PUBLISH", "SUBSCRIBE", "PSUBSCRIBE", "ROLE", "SWAPDB", "LOLWUT", "RESET", "QUIT",
    ]

    /// The key that decides where `arguments` runs, nil for a command without keys. Scripts (`EVAL`,
    /// `EVALSHA`, `FCALL`) are routed by their first declared key; every other command by its first argument.
    static func key(of arguments: [String]) -> String? {
        guard let name = arguments.first?.uppercased(), arguments.count > 1 else { return nil }
        if keyless.contains(name) { return nil }
        if isScript(arguments) {
            guard arguments.count > 3, let count = Int(arguments[2]), count > 0 else { return nil }
            return arguments[3]
        }
        return arguments[1]
    }

    /// Whether `arguments` runs a Lua script or function.
    static func isScript(_ arguments: [String]) -> Bool {
        switch arguments.first?.uppercased() {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO": true
        default: false
        }
    }
}
