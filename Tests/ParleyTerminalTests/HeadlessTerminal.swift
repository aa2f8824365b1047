import CNcurses
import Glibc
import ParleyUI
@testable import ParleyTerminal

/// A real ncurses screen with no terminal: output to /dev/null, input from a pipe the test
/// writes raw bytes into, the size set with `resizeterm`.
@MainActor
final class HeadlessTerminal {
    let screen: CursesScreen
    private let writeEnd: Int32
    private var decoder = KeyDecoder()

    init(rows: Int = 10, columns: Int = 40) throws {
        _ = setlocale(LC_ALL, "C.UTF-8")
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0, let input = fdopen(ends[0], "r"), let output = fopen("/dev/null", "w") else {
            throw TerminalError.cannotOpenStream("a test pipe")
        }
        writeEnd = ends[1]
        screen = try CursesScreen(terminalType: "xterm-256color", input: input, output: output, ownsFiles: true, mouse: false)
        screen.resize(rows: rows, columns: columns)
        _ = keys()  // the KEY_RESIZE that resizeterm queued
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
    }
}
