/// Turns a packed geometry field into visitor calls (MVT spec 2.1 §4.3): command integers carry an id
/// (MoveTo 1, LineTo 2, ClosePath 7) and a count; parameters are zigzag deltas from the cursor.
struct GeometryDecoder: ~Copyable {
    private var reader: ProtobufReader
    private let type: GeometryType
    private let location: DecodeLocation

    init(_ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, type: GeometryType, location: DecodeLocation) {
        reader = ProtobufReader(buffer, range: range, location: location)
        self.type = type
        self.location = location
    }

    private func failure(_ message: String, _ section: String = "4.3") -> VectorTileError {
        VectorTileError(.geometry, .fatal, at: location, message, section: section)
    }

    private mutating func next() throws(VectorTileError) -> UInt32 {
        let value = try reader.readVarint()
        guard value <= UInt64(UInt32.max) else { throw failure("geometry integer \(value) exceeds 32 bits", "4.3.1") }
        return UInt32(value)
    }

    mutating func decode<V: GeometryVisitor>(into visitor: inout V) throws(VectorTileError) {
        var x: Int32 = 0, y: Int32 = 0
        var partPoints = 0
        var sawMoveTo = false
        while !reader.isAtEnd {
            let command = try next()
            let id = command & 7
            let count = Int(command >> 3)
            switch id {
            case 1:
                guard count >= 1 else { throw failure("MoveTo with a count of 0", "4.3.1") }
                if type != .point && count != 1 { throw failure("MoveTo count \(count) in a \(type) must be 1", "4.3.4") }
                if type == .polygon && sawMoveTo && partPoints > 0 {
                    throw failure("polygon ring not closed by ClosePath before the next MoveTo", "4.3.4.4")
                }
                for _ in 0..<count {
                    let (dx, dy) = try parameters(count: count)
                    x = x &+ dx
                    y = y &+ dy
                    visitor.moveTo(x: x, y: y)
                }
                partPoints = 1
                sawMoveTo = true
            case 2:
                guard sawMoveTo else { throw failure("LineTo before any MoveTo", "4.3.3.2") }
                guard count >= 1 else { throw failure("LineTo with a count of 0", "4.3.3.2") }
                if type == .point { throw failure("LineTo in a point geometry", "4.3.4.2") }
                for _ in 0..<count {
                    let (dx, dy) = try parameters(count: count)
                    x = x &+ dx
                    y = y &+ dy
                    visitor.lineTo(x: x, y: y)
                }
                partPoints += count
            case 7:
                guard sawMoveTo else { throw failure("geometry begins with ClosePath", "4.3.3.3") }
                guard count == 1 else { throw failure("ClosePath count \(count) must be 1", "4.3.3.3") }
                guard type == .polygon else { throw failure("ClosePath in a \(type) geometry", "4.3.4") }
                guard partPoints >= 3 else { throw failure("polygon ring with \(partPoints) points; at least 3 are needed before ClosePath", "4.3.4.4") }
                visitor.closePath()
                partPoints = 0
            default:
                throw failure("unknown command id \(id)", "4.3.1")
            }
        }
        if type == .polygon && partPoints > 0 {
            throw failure("polygon ring not closed by ClosePath", "4.3.4.4")
        }
        if type == .lineString && sawMoveTo && partPoints < 2 {
            throw failure("line string with a single point", "4.3.4.3")
        }
    }

    private mutating func parameters(count: Int) throws(VectorTileError) -> (Int32, Int32) {
        guard !reader.isAtEnd else { throw failure("command count \(count) is larger than the parameters that follow", "4.3.1") }
        let dx = zigzag(try next())
        guard !reader.isAtEnd else { throw failure("command parameters end after an x with no y", "4.3.2") }
        let dy = zigzag(try next())
        return (dx, dy)
    }
}
