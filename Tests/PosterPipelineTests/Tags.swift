import Testing

extension Tag {
    /// Suites that start outside servers or render many posters: `scripts/test.sh --fast` skips them.
    @Tag static var slow: Self
}
