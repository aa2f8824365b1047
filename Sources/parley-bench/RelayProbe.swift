import Glibc

/// Reads a relay process's CPU time and memory from /proc.
struct RelayProbe: Sendable {
    let pid: Int32
    private let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// User plus system CPU time so far, in seconds, or `nil` if the process is gone.
    func cpuSeconds() -> Double? {
        guard let stat = Self.contents(of: "/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    /// Resident and peak resident memory in bytes (VmRSS, VmHWM), or `nil` if unreadable.
    func memory() -> (resident: UInt64, peak: UInt64)? {
        guard let status = Self.contents(of: "/proc/\(pid)/status") else { return nil }
        var resident: UInt64?
        var peak: UInt64?
        for line in status.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") { resident = Self.kibibytes(line) }
            if line.hasPrefix("VmHWM:") { peak = Self.kibibytes(line) }
        }
        guard let resident, let peak else { return nil }
        return (resident * 1024, peak * 1024)
    }

    private static func kibibytes(_ line: Substring) -> UInt64? {
        line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }
    }

    private static func contents(of path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
