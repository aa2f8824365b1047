import Glibc

/// Splits a line relay's byte stream into lines and classifies each one.
enum LineStream {
    /// A line longer than this without a newline is not ours; it is dropped as mangled.
    static let maxLineBytes = 65_536

    /// Consumes `data` received by `client`, passing every complete line (without its newline) to `line`.
    static func consume(
        _ data: UnsafeRawBufferPointer, for client: BenchClient, line: (UnsafeRawBufferPointer) -> Void,
        overlong: () -> Void
    ) {
        if client.carry.isEmpty {
            let used = split(data, line: line)
            if used < data.count { client.carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[used...])) }
        } else {
            client.carry.append(contentsOf: data)
            let used = client.carry.withUnsafeBytes { split($0, line: line) }
            client.carry.removeFirst(used)
        }
        if client.carry.count > maxLineBytes {
            client.carry.removeAll()
            overlong()
        }
    }

    /// Calls `line` for each newline-terminated line; returns the bytes consumed.
    private static func split(_ data: UnsafeRawBufferPointer, line: (UnsafeRawBufferPointer) -> Void) -> Int {
        guard let base = data.baseAddress else { return 0 }
        var start = 0
        while start < data.count, let found = memchr(base + start, 0x0A, data.count - start) {
            let end = base.distance(to: UnsafeRawPointer(found))
            line(UnsafeRawBufferPointer(rebasing: data[start..<end]))
            start = end + 1
        }
        return start
    }
}
