/// Reads protocol buffer wire format from a byte range of a buffer. Raw pointers stay inside the
/// closures that receive them: a reader is created, used and dropped within one `withUnsafeBufferPointer`.
struct ProtobufReader: ~Copyable {
    /// Wire types of the protobuf encoding.
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    let end: Int
    /// Names the message being read in errors.
    let location: DecodeLocation

    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, location: DecodeLocation) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.location = location
    }

    var isAtEnd: Bool { position >= end }

    mutating func readVarint() throws(VectorTileError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else {
                throw VectorTileError(.truncated, .fatal, at: location, "varint runs past the end of the message at byte \(position)", section: "4.1")
            }
            let byte = bytes[position]
            position += 1
            if shift == 63 && byte > 1 {
                throw VectorTileError(.truncated, .fatal, at: location, "varint longer than 64 bits at byte \(position - 1)", section: "4.1")
            }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func readTag() throws(VectorTileError) -> (field: UInt64, wireType: WireType)? {
        guard !isAtEnd else { return nil }
        let key = try readVarint()
        guard let wireType = WireType(rawValue: UInt8(key & 7)), key >> 3 != 0 else {
            throw VectorTileError(.wireType, .fatal, at: location, "invalid field key \(key) at byte \(position)", section: "4.1")
        }
        return (key >> 3, wireType)
    }

    /// The byte range of a length-delimited field's payload; the reader moves past it.
    mutating func readLengthDelimited() throws(VectorTileError) -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw VectorTileError(.truncated, .fatal, at: location, "field of \(length) bytes runs past the end of the message at byte \(position)", section: "4.1")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    mutating func readFixed32() throws(VectorTileError) -> UInt32 {
        guard end - position >= 4 else {
            throw VectorTileError(.truncated, .fatal, at: location, "fixed32 runs past the end at byte \(position)", section: "4.1")
        }
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return value
    }

    mutating func readFixed64() throws(VectorTileError) -> UInt64 {
        guard end - position >= 8 else {
            throw VectorTileError(.truncated, .fatal, at: location, "fixed64 runs past the end at byte \(position)", section: "4.1")
        }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return value
    }

    func string(in range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Skips a field of an unknown number.
    mutating func skip(_ wireType: WireType) throws(VectorTileError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup:
            throw VectorTileError(.wireType, .fatal, at: location, "deprecated group wire type at byte \(position)", section: "4.1")
        }
    }

    /// Fails unless a known field has the wire type the schema gives it.
    func expect(_ actual: WireType, _ expected: WireType, field: String) throws(VectorTileError) {
        guard actual == expected else {
            throw VectorTileError(.wireType, .fatal, at: location, "field \(field) has wire type \(actual.rawValue), expected \(expected.rawValue)", section: "4.1")
        }
    }

    /// Decodes a packed repeated uint32 field.
    static func packedUInt32(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, location: DecodeLocation) throws(VectorTileError) -> [UInt32] {
        var reader = ProtobufReader(bytes, range: range, location: location)
        var values: [UInt32] = []
        values.reserveCapacity(range.count)
        while !reader.isAtEnd {
            let value = try reader.readVarint()
            guard value <= UInt64(UInt32.max) else {
                throw VectorTileError(.wireType, .fatal, at: location, "packed uint32 value \(value) is out of range", section: "4.1")
            }
            values.append(UInt32(value))
        }
        return values
    }
}

/// Zigzag decoding of signed integers (protobuf sint32/sint64, MVT geometry parameters).
@inline(__always) func zigzag(_ value: UInt32) -> Int32 {
    Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
}

@inline(__always) func zigzag64(_ value: UInt64) -> Int64 {
    Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
}
