import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads lines from a file descriptor (standard input) with blocking reads on a queue of its own.
///
/// Not a Dispatch read source: on Linux, libdispatch mishandles a pipe whose writer has hung up
/// (the end of file is sometimes never reported, and cancelling the source afterwards crashed its
/// event loop), and standard input in line mode is exactly such a pipe. A blocking `read` is also
/// what a pipe or file wants; the thread it occupies does nothing else.
///
/// Lines end with `\n` (a `\r` before it is dropped); bytes that are not UTF-8 become U+FFFD.
/// A line longer than `maxLineBytes` is handed on in pieces of that size rather than buffered
/// without bound. At end of input the last unterminated line is handed on, then `onEnd` runs.
///
/// Concurrency: the buffer is touched only by the read loop on `queue` (private, serial); the
/// `@Sendable` callbacks run there too. Hence `@unchecked Sendable`.
public final class StandardInputReader: @unchecked Sendable {
    /// The longest line kept whole, in bytes (comfortably above `Limits.maxTextBytes`).
    public static let maxLineBytes = 64 * 1024

    private let descriptor: Int32
    private let onLine: @Sendable (String) -> Void
    private let onEnd: @Sendable () -> Void
    private let queue = DispatchQueue(label: "parley.client.stdin")
    private var isStarted = false
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

    /// Starts reading; lines and the end arrive on the reader's own queue.
    public func start() {
        queue.async {
            guard !self.isStarted else { return }
            self.isStarted = true
            while self.readOnce() {}
        }
    }

    /// One blocking read; `false` at the end of input.
    private func readOnce() -> Bool {
        let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return true }
        if count < 0 && errno == EAGAIN {
            // Someone made the descriptor non-blocking: wait for input rather than spin.
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, -1)
            return true
        }
        guard count > 0 else {
            // End of input, or an error reading it (a closed descriptor): either way no more lines.
            if !pending.isEmpty { emit(pending[...]) }
            pending = []
            onEnd()
            return false
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
        return true
    }

    private func emit(_ bytes: ArraySlice<UInt8>) {
        let line = bytes.last == 0x0D ? bytes.dropLast() : bytes
        onLine(String(decoding: line, as: UTF8.self))
    }
}
