/// Splits a line client's byte stream into lines at `\n`, dropping a `\r` before it, and reads
/// each line as UTF-8 (an invalid sequence becomes U+FFFD: a line client is never refused for its
/// encoding).
///
/// Never buffers more than `maxLineBytes`: a longer line is reported once as `.tooLong` and
/// the rest of it, up to the next newline, is discarded.
public struct LineSplitter: Sendable {
    /// One piece of input.
    public enum Piece: Equatable, Sendable {
        /// A complete line, without its line ending.
        case line(String)
        /// A line over the limit was discarded.
        case tooLong
    }

    public let maxLineBytes: Int
    private var partial: [UInt8] = []
    private var isDiscarding = false

    public init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Bytes held for a line not yet ended.
    public var bufferedByteCount: Int { partial.count }

    /// Adds received bytes and returns the lines they complete.
    ///
    /// A line that starts and ends within `bytes` is read straight from them; only the start of
    /// a line that the next read completes is held.
    public mutating func append(_ bytes: [UInt8]) -> [Piece] {
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
                } else if newline != nil, partial.isEmpty {
                    pieces.append(piece(bytes[start..<end]))
                } else {
                    partial.append(contentsOf: bytes[start..<end])
                    if newline != nil {
                        pieces.append(piece(partial[...]))
                        partial.removeAll(keepingCapacity: true)
                    }
                }
            }
            guard let newline else { break }
            isDiscarding = false
            start = newline + 1
        }
        return pieces
    }

    /// The end of input: a last line without a newline still counts.
    public mutating func finish() -> [Piece] {
        var pieces: [Piece] = []
        if !partial.isEmpty && !isDiscarding { pieces.append(piece(partial[...])) }
        partial.removeAll()
        return pieces
    }

    /// One whole line, without its `\n`.
    private func piece(_ line: ArraySlice<UInt8>) -> Piece {
        let text = line.last == 0x0D ? line.dropLast() : line
        if text.count > maxLineBytes { return .tooLong }
        return .line(String(decoding: text, as: UTF8.self))
    }
}
