/// Reads the unsigned LEB128 varints that PMTiles directories are made of (spec §4.2, as in protobuf).
struct VarintReader {
    /// Why a varint could not be read; the directory decoder adds where.
    enum Failure: Error, Equatable {
        /// The bytes end inside a varint.
        case endOfData
        /// More than 64 bits of value.
        case overflow
    }

    private let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - position }

    mutating func next() throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            // The tenth byte may carry only the 64th bit.
            if shift == 63 && byte > 1 { throw .overflow }
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 63 { throw .overflow }
        }
        throw .endOfData
    }
}
