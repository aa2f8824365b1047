import Glibc
import ParleyStoreModel

/// The relay's data directory, created if needed and locked for as long as this value lives,
/// so two relays never share one database.
///
/// The lock is an exclusive `flock` on `relay.lock` inside the directory. The kernel drops it
/// when the process dies however it dies, so a crashed relay never leaves a stale lock behind.
public final class DataDirectory: Sendable {
    /// The name of the lock file inside the directory.
    public static let lockFileName = "relay.lock"

    /// The directory's path, as given.
    public let path: String
    /// The open lock file, holding the lock until `deinit` closes it.
    private let lockDescriptor: Int32

    /// Where the relay keeps its data by default: `$XDG_STATE_HOME/parley` if `XDG_STATE_HOME` is
    /// an absolute path, else `$HOME/.local/state/parley`; `nil` if neither is set.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return joined(state, "parley")
        }
        if let home = environment["HOME"], !home.isEmpty {
            return joined(home, ".local/state/parley")
        }
        return nil
    }

    /// Opens the data directory at `path`: creates it (and any missing parents) with mode 0700,
    /// then takes its lock without waiting.
    ///
    /// - Throws: `StoreError.locked` if another relay holds it; `StoreError.permission` if it
    ///   cannot be created, or is not a directory this process can read and write.
    public static func open(_ path: String) throws(StoreError) -> DataDirectory {
        try makeDirectory(path)
        guard access(path, R_OK | W_OK | X_OK) == 0 else {
            throw .permission(path: path, reason: errorText(errno))
        }
        let lockPath = joined(path, lockFileName)
        let descriptor = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw .permission(path: lockPath, reason: errorText(errno))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw .locked(directory: path) }
            throw .permission(path: lockPath, reason: "cannot lock it: \(errorText(code))")
        }
        return DataDirectory(path: path, lockDescriptor: descriptor)
    }

    private init(path: String, lockDescriptor: Int32) {
        self.path = path
        self.lockDescriptor = lockDescriptor
    }

    deinit {
        // Closing the only descriptor of the open file releases the flock.
        close(lockDescriptor)
    }

    /// The path of `name` inside this directory.
    public func file(_ name: String) -> String { Self.joined(path, name) }

    /// `mkdir -p` with mode 0700 for every directory it creates; existing ones keep their mode.
    private static func makeDirectory(_ path: String) throws(StoreError) {
        if mkdir(path, 0o700) == 0 { return }
        switch errno {
        case EEXIST:
            var status = stat()
            guard stat(path, &status) == 0 else { throw .permission(path: path, reason: errorText(errno)) }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw .permission(path: path, reason: "it exists and is not a directory")
            }
        case ENOENT:
            let parent = parentPath(of: path)
            guard !parent.isEmpty, parent != path else { throw .permission(path: path, reason: errorText(ENOENT)) }
            try makeDirectory(parent)
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                throw .permission(path: path, reason: errorText(errno))
            }
        case let code:
            throw .permission(path: path, reason: errorText(code))
        }
    }

    /// `path` without its last component ("" for a single relative component, "/" at the root).
    private static func parentPath(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    private static func joined(_ directory: String, _ name: String) -> String {
        var base = Substring(directory)
        while base.count > 1, base.hasSuffix("/") { base = base.dropLast() }
        return base == "/" ? "/" + name : base + "/" + name
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
