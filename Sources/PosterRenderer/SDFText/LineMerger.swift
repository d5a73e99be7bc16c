/// MapLibre's `mergeLines` for a tile's features placed along lines: a feature's first line whose end
/// meets another's start (same text, same point) is joined with it, so a street cut into pieces is
/// labelled as one line. Features without text stay as they are; merged ones keep the first's place.
enum LineMerger {
    /// One feature: its text (nil for none) and lines in tile units (x, y interleaved).
    struct Item<Payload> {
        var text: String?
        var lines: [[Double]]
        var payload: Payload
    }

    /// A line's end: its text and point.
    private struct Key: Hashable {
        var text: String
        var x: Double
        var y: Double
    }

    static func merge<Payload>(_ items: [Item<Payload>]) -> [Item<Payload>] {
        var left: [Key: Int] = [:], right: [Key: Int] = [:]
        var merged: [Item<Payload>?] = []
        func key(_ text: String, _ line: [Double], end: Bool) -> Key {
            end ? Key(text: text, x: line[line.count - 2], y: line[line.count - 1]) : Key(text: text, x: line[0], y: line[1])
        }
        func fromRight(_ leftKey: Key, _ rightKey: Key, _ line: [Double]) -> Int {
            let i = right.removeValue(forKey: leftKey)!
            right[rightKey] = i
            merged[i]!.lines[0].removeLast(2)
            merged[i]!.lines[0] += line
            return i
        }
        func fromLeft(_ leftKey: Key, _ rightKey: Key, _ line: [Double]) -> Int {
            let i = left.removeValue(forKey: rightKey)!
            left[leftKey] = i
            merged[i]!.lines[0] = line + merged[i]!.lines[0].dropFirst(2)
            return i
        }
        for item in items {
            guard let text = item.text, let line = item.lines.first, line.count >= 2 else {
                merged.append(item)
                continue
            }
            let leftKey = key(text, line, end: false), rightKey = key(text, line, end: true)
            if let r = right[leftKey], let l = left[rightKey], r != l {
                // Lines with the same text meet both ends of this one: the three become one.
                let j = fromLeft(leftKey, rightKey, line)
                let i = fromRight(leftKey, rightKey, merged[j]!.lines[0])
                left.removeValue(forKey: leftKey)
                right.removeValue(forKey: rightKey)
                right[key(text, merged[i]!.lines[0], end: true)] = i
                merged[j] = nil
            } else if right[leftKey] != nil {
                _ = fromRight(leftKey, rightKey, line)
            } else if left[rightKey] != nil {
                _ = fromLeft(leftKey, rightKey, line)
            } else {
                merged.append(item)
                left[leftKey] = merged.count - 1
                right[rightKey] = merged.count - 1
            }
        }
        return merged.compactMap { $0 }
    }
}
