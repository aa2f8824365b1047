import CNcurses
import Glibc
import ParleyUI
@testable import ParleyTerminal

/// A real ncurses screen with no terminal: output to an anonymous temporary file (so a test can
/// read the escape sequences sent), input from a pipe the test writes raw bytes into, the size
/// set with `resizeterm`.
@MainActor
final class HeadlessTerminal {
    let screen: CursesScreen
    private let writeEnd: Int32
    private let outputDescriptor: Int32
    private var decoder = KeyDecoder()

    /// - Parameter mouse: passed to `CursesScreen`; nil leaves it at the screen's default.
    init(rows: Int = 10, columns: Int = 40, mouse: Bool? = nil) throws {
        _ = setlocale(LC_ALL, "C.UTF-8")
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0, let input = fdopen(ends[0], "r"), let output = tmpfile() else {
            throw TerminalError.cannotOpenStream("a test pipe")
        }
        writeEnd = ends[1]
        outputDescriptor = dup(fileno(output))  // still readable once the screen has closed its stream
        let type = "xterm-256color"
        if let mouse {
            screen = try CursesScreen(terminalType: type, input: input, output: output, ownsFiles: true, mouse: mouse)
        } else {
            screen = try CursesScreen(terminalType: type, input: input, output: output, ownsFiles: true)
        }
        screen.resize(rows: rows, columns: columns)
        _ = keys()  // the KEY_RESIZE that resizeterm queued
    }

    /// Everything sent to the terminal so far, escape sequences included.
    func output() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes {
                pread(outputDescriptor, $0.baseAddress, $0.count, off_t(bytes.count))
            }
            guard count > 0 else { break }
            bytes += chunk.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes raw bytes, as a terminal would send them.
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
    }

    /// Everything ncurses reads now, decoded.
    func keys() -> [Key] {
        var keys: [Key] = []
        for input in screen.readInputs() { keys += decoder.feed(input) }
        return keys + decoder.flush()
    }

    /// What ncurses believes row `row` of the terminal shows.
    func shownRow(_ row: Int) -> String {
        var buffer = [wchar_t](repeating: 0, count: screen.columns * 3 + 1)
        let count = mvwinnwstr(parley_curscr(), Int32(row), 0, &buffer, Int32(buffer.count - 1))
        guard count > 0 else { return "" }
        let scalars = buffer.prefix(Int(count)).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
        var text = String(String.UnicodeScalarView(scalars))
        while text.last == " " { text.removeLast() }
        return text
    }

    func close() {
        screen.close()
        Glibc.close(writeEnd)
        Glibc.close(outputDescriptor)
    }
}
