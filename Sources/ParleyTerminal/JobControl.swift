import CNcurses
import Glibc

/// Stopping under a job-control shell (Ctrl-Z) and finding out where the process was continued.
enum JobControl {
    /// How many times in a row the process stops again after being continued in the background
    /// (`bg`) before it takes the terminal anyway; each stop waits for the user, so this only
    /// bounds the case where the stop is refused.
    static let maximumBackgroundStops = 8

    /// Stops the process group with SIGTSTP, as the terminal driver does on Ctrl-Z in cooked
    /// mode, and returns once the process is continued (SIGCONT), or at once if the kernel
    /// refuses to stop it (an orphaned process group, which no shell would continue). Returns
    /// false if the signal could not be sent.
    @discardableResult
    static func stopProcessGroup() -> Bool {
        parley_stop_process_group() == 0
    }

    /// Whether the process is in the terminal's foreground, i.e. may take it (true when
    /// `fileDescriptor` is not a terminal).
    static func isInForeground(of fileDescriptor: Int32 = STDIN_FILENO) -> Bool {
        parley_is_foreground(fileDescriptor) != 0
    }
}
