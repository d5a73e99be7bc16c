import Foundation

/// Reads the bundled gazetteer file (`Data/gazetteer/cities15000.tsv`, made by `scripts/build-gazetteer.py`):
/// `#` comment lines, then one place a line with ten tab-separated fields, geonameid, name, asciiname,
/// country code, country name, admin1 code, latitude, longitude, population and `|`-separated alternate names.
///
/// It runs at every service start, debug builds included, so it works on bytes through pointers with
/// `while` loops and memchr (ranges, iterators and slices are calls in debug builds), and makes strings only
/// of what a ``GazetteerPlace`` keeps: the asciiname and the alternate names only become search keys.
struct GazetteerTSVReader {
    private(set) var places: [GazetteerPlace] = []
    private(set) var index = GazetteerKeyIndex()
    /// Countries by their code's two letters (AA, AB, ... ZZ), so that the 34 000 places share 250 pairs of strings.
    private(set) var countries = [(code: String, name: String)?](repeating: nil, count: 26 * 26)

    static let fieldCount = 10

    init(_ tsv: [UInt8]) throws(GazetteerError) {
        try tsv.withUnsafeBufferPointer { (buffer) throws(GazetteerError) in
            guard let text = buffer.baseAddress else { return }
            // Where each field of the line starts and ends: field i is text[bounds[2i]..<bounds[2i + 1]].
            let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 2 * Self.fieldCount)
            defer { bounds.deallocate() }
            var lineNumber = 0
            var lineStart = 0
            while lineStart < buffer.count {
                lineNumber += 1
                // memchr rather than a loop over the bytes: a debug build's loop costs ten times as much.
                let lineEnd = Self.find(0x0A, in: text, from: lineStart, to: buffer.count)
                var fields = 0
                var fieldStart = lineStart
                while true {
                    let position = Self.find(0x09, in: text, from: fieldStart, to: lineEnd)
                    if position == lineEnd { break }
                    if fields < Self.fieldCount {
                        bounds[2 * fields] = fieldStart
                        bounds[2 * fields + 1] = position
                    }
                    fields += 1
                    fieldStart = position + 1
                }
                defer { lineStart = lineEnd + 1 }
                var contentEnd = lineEnd
                if contentEnd > lineStart && text[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if contentEnd == lineStart || text[lineStart] == UInt8(ascii: "#") { continue }
                if fields < Self.fieldCount {
                    bounds[2 * fields] = fieldStart
                    bounds[2 * fields + 1] = max(fieldStart, contentEnd)
                }
                fields += 1
                // The alternate names may be left off altogether.
                guard fields == Self.fieldCount || fields == Self.fieldCount - 1 else {
                    throw GazetteerError(line: lineNumber, reason: "expected \(Self.fieldCount) tab-separated fields, found \(fields)")
                }
                try readPlace(Line(text: text, bounds: bounds, fieldCount: fields, number: lineNumber))
            }
        }
        index.sort()
    }

    /// The fields of one line.
    private struct Line {
        let text: UnsafePointer<UInt8>
        let bounds: UnsafeMutablePointer<Int>
        let fieldCount: Int
        let number: Int

        func bytes(_ field: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: text + bounds[2 * field], count: bounds[2 * field + 1] - bounds[2 * field])
        }

        func string(_ field: Int) -> String { String(decoding: bytes(field), as: UTF8.self) }

        func error(_ reason: String) -> GazetteerError { GazetteerError(line: number, reason: reason) }
    }

    private mutating func readPlace(_ line: Line) throws(GazetteerError) {
        guard let id = Self.integer(line.bytes(0)) else { throw line.error("geonameid \"\(line.string(0))\" is not a whole number") }
        guard line.bytes(1).count > 0 else { throw line.error("the name is empty") }
        let country = try country(line)
        guard let latitude = Self.decimal(line.bytes(6)), latitude >= -90 && latitude <= 90 else {
            throw line.error("latitude \"\(line.string(6))\" is not a number between -90 and 90")
        }
        guard let longitude = Self.decimal(line.bytes(7)), longitude >= -180 && longitude <= 180 else {
            throw line.error("longitude \"\(line.string(7))\" is not a number between -180 and 180")
        }
        guard let population = Self.integer(line.bytes(8)) else {
            throw line.error("population \"\(line.string(8))\" is not a whole number of 0 or more")
        }
        let place = Int32(places.count)
        places.append(GazetteerPlace(id: id, name: line.string(1), countryCode: country.code, countryName: country.name,
                                     admin1: line.string(5), latitude: latitude, longitude: longitude,
                                     population: population, kind: "city"))
        index.addKey(of: line.bytes(1), place: place)
        // Most asciinames are the name again: comparing bytes is cheaper than folding them to find that out.
        let name = line.bytes(1)
        let asciiName = line.bytes(2)
        if asciiName.count != name.count || memcmp(name.baseAddress!, asciiName.baseAddress!, name.count) != 0 {
            index.addKey(of: asciiName, place: place)
        }
        guard line.fieldCount == Self.fieldCount else { return }
        let alternates = line.bytes(9)
        guard let start = alternates.baseAddress else { return }
        var alternateStart = 0
        while alternateStart <= alternates.count {
            let alternateEnd = Self.find(UInt8(ascii: "|"), in: start, from: alternateStart, to: alternates.count)
            index.addKey(of: UnsafeBufferPointer(start: start + alternateStart, count: alternateEnd - alternateStart), place: place)
            alternateStart = alternateEnd + 1
        }
    }

    /// Where the first `byte` of `text[start..<end]` is, or `end`.
    private static func find(_ byte: UInt8, in text: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let found = memchr(text + start, Int32(byte), end - start) else { return end }
        return UnsafeRawPointer(text).distance(to: UnsafeRawPointer(found))
    }

    private mutating func country(_ line: Line) throws(GazetteerError) -> (code: String, name: String) {
        let code = line.bytes(3)
        guard code.count == 2, code[0] >= 0x41, code[0] <= 0x5A, code[1] >= 0x41, code[1] <= 0x5A else {
            throw line.error("country code \"\(line.string(3))\" is not two capital letters")
        }
        let slot = Int(code[0] - 0x41) * 26 + Int(code[1] - 0x41)
        if let country = countries[slot] { return country }
        let country = (code: line.string(3), name: line.string(4))
        countries[slot] = country
        return country
    }

    /// A whole number of 0 or more, at most 18 digits.
    static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let digits = text.baseAddress, text.count <= 18 else { return nil }
        var value = 0
        var position = 0
        while position < text.count {
            let byte = digits[position]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            position += 1
        }
        return value
    }

    /// A decimal like `-23.54750`, correctly rounded: with at most 15 digits, the digits as an integer and the
    /// power of ten are both exact doubles, and one division rounds once.
    static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let characters = text.baseAddress else { return nil }
        let negative = characters[0] == UInt8(ascii: "-")
        var digits = 0
        var mantissa = 0
        var scale = 1.0
        var seenPoint = false
        var position = negative ? 1 : 0
        while position < text.count {
            let byte = characters[position]
            position += 1
            if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
                continue
            }
            guard byte >= 0x30 && byte <= 0x39, digits < 15 else { return nil }
            digits += 1
            mantissa = mantissa * 10 + Int(byte - 0x30)
            if seenPoint { scale *= 10 }
        }
        guard digits > 0 else { return nil }
        return negative ? -(Double(mantissa) / scale) : Double(mantissa) / scale
    }
}
