import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads lines from a file descriptor (standard input) with a Dispatch read source.
///
/// Lines end with `\n` (a `\r` before it is dropped); bytes that are not UTF-8 become U+FFFD.
/// A line longer than `maxLineBytes` is handed on in pieces of that size rather than buffered
/// without bound. At end of input the last unterminated line is handed on, then `onEnd` runs.
///
/// Concurrency: the buffer is touched only on `queue` (private, serial), where the source
/// delivers; the `@Sendable` callbacks run there too. Hence `@unchecked Sendable`.
public final class StandardInputReader: @unchecked Sendable {
    /// The longest line kept whole, in bytes (comfortably above `Limits.maxTextBytes`).
    public static let maxLineBytes = 64 * 1024

    private let descriptor: Int32
    private let onLine: @Sendable (String) -> Void
    private let onEnd: @Sendable () -> Void
    private let queue = DispatchQueue(label: "parley.client.stdin")
    private var source: (any DispatchSourceRead)?
    private var pending: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)

    /// A reader of `descriptor` (standard input by default); call `start()`.
    public init(
        descriptor: Int32 = STDIN_FILENO, onLine: @escaping @Sendable (String) -> Void,
        onEnd: @escaping @Sendable () -> Void
    ) {
        self.descriptor = descriptor
        self.onLine = onLine
        self.onEnd = onEnd
    }

    /// Starts reading.
    public func start() {
        queue.async {
            guard self.source == nil else { return }
            let source = DispatchSource.makeReadSource(fileDescriptor: self.descriptor, queue: self.queue)
            source.setEventHandler { self.readAvailable() }
            self.source = source
            source.resume()
        }
    }

    private func readAvailable() {
        let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && (errno == EAGAIN || errno == EINTR) { return }
        guard count > 0 else {
            // End of input, or an error reading it (a closed descriptor): either way no more lines.
            if !pending.isEmpty { emit(pending[...]) }
            pending = []
            source?.cancel()
            source = nil
            onEnd()
            return
        }
        pending.append(contentsOf: chunk[0..<count])
        var start = 0
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            emit(pending[start..<newline])
            start = newline + 1
        }
        pending.removeSubrange(0..<start)
        while pending.count >= Self.maxLineBytes {
            emit(pending[0..<Self.maxLineBytes])
            pending.removeSubrange(0..<Self.maxLineBytes)
        }
    }

    private func emit(_ bytes: ArraySlice<UInt8>) {
        let line = bytes.last == 0x0D ? bytes.dropLast() : bytes
        onLine(String(decoding: line, as: UTF8.self))
    }
}
