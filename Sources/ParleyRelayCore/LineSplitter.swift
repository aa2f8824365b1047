/// Splits a line client's byte stream into lines at `\n`, dropping a `\r` before it.
///
/// Never buffers more than `maxLineBytes`: a longer line is reported once as `.tooLong` and
/// the rest of it, up to the next newline, is discarded.
struct LineSplitter: Sendable {
    /// One piece of input.
    enum Piece: Equatable, Sendable {
        /// A complete line, without its line ending.
        case line([UInt8])
        /// A line over the limit was discarded.
        case tooLong
    }

    let maxLineBytes: Int
    private var partial: [UInt8] = []
    private var isDiscarding = false

    init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Bytes held for a line not yet ended.
    var bufferedByteCount: Int { partial.count }

    /// Adds received bytes and returns the lines they complete.
    mutating func append(_ bytes: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let newline = bytes[start...].firstIndex(of: 0x0A)
            let end = newline ?? bytes.endIndex
            if !isDiscarding {
                let room = maxLineBytes + 1 - partial.count  // one extra for a `\r` before `\n`
                if end - start > room {
                    partial.removeAll(keepingCapacity: false)
                    isDiscarding = true
                    pieces.append(.tooLong)
                } else {
                    partial.append(contentsOf: bytes[start..<end])
                }
            }
            guard let newline else { break }
            if !isDiscarding { finishLine(into: &pieces) }
            isDiscarding = false
            start = newline + 1
        }
        return pieces
    }

    /// The end of input: a last line without a newline still counts.
    mutating func finish() -> [Piece] {
        var pieces: [Piece] = []
        if !partial.isEmpty && !isDiscarding { finishLine(into: &pieces) }
        partial.removeAll()
        return pieces
    }

    private mutating func finishLine(into pieces: inout [Piece]) {
        if partial.last == 0x0D { partial.removeLast() }
        if partial.count > maxLineBytes {
            pieces.append(.tooLong)
        } else {
            pieces.append(.line(partial))
        }
        partial.removeAll(keepingCapacity: true)
    }
}
