import Dispatch
import NIOConcurrencyHelpers
import ParleyRelayCore
import ParleyStoreModel

/// The relay's one store writer: takes the writes of each event-loop pass, commits them on its
/// own queue (never on an event loop), and reports each commit or failure back.
///
/// Group commit: while one transaction runs, the passes that follow queue up, and the next
/// transaction takes all of them at once. So the rate of commits adapts to the disk, and the
/// event loop never waits for one.
///
/// When a write fails, the rest of its generation (`StoreTicket.generation`) is skipped: the
/// core refuses every message of that generation not yet committed, and goes on in the next.
final class StoreWriter: Sendable {
    /// One pass's writes.
    struct Batch: Sendable {
        var writes: [StoreWrite]
        var through: StoreTicket
    }

    /// What became of a transaction.
    enum Outcome: Sendable {
        case stored(through: StoreTicket)
        case failed(through: StoreTicket, reason: String)
    }

    private struct State {
        var queued: [Batch] = []
        var draining = false
        var isFinished = false
        /// The generation whose write failed: its later batches are skipped.
        var failedGeneration: UInt64?
    }

    private let queue = DispatchQueue(label: "parley.store-writer")
    private let state = NIOLockedValueBox(State())
    /// Touched only on `queue`.
    private let store: StoreBox
    private let report: @Sendable (Outcome) -> Void

    /// A writer over `store`, which from now on is used only on the writer's queue; `report`
    /// is called on that queue after each transaction (it hops to the event loop itself).
    init(store: any RelayStore, report: @escaping @Sendable (Outcome) -> Void) {
        self.store = StoreBox(store)
        self.report = report
    }

    /// Queues one pass's writes; they are committed soon, with whatever else is queued then.
    func submit(_ batch: Batch) {
        state.withLockedValue { state in
            guard !state.isFinished else { return }
            state.queued.append(batch)
            guard !state.draining else { return }
            state.draining = true
            // Scheduled under the lock, so that `finish` cannot slip in between.
            queue.async { self.drain() }
        }
    }

    /// Commits what is queued, then takes no more: blocks until the last transaction is done.
    func finish() {
        state.withLockedValue { $0.isFinished = true }
        queue.sync {}
    }

    private func drain() {
        while true {
            let taken = state.withLockedValue { state -> (batches: [Batch], failed: UInt64?) in
                let batches = state.queued
                state.queued.removeAll()
                if batches.isEmpty { state.draining = false }
                return (batches, state.failedGeneration)
            }
            guard !taken.batches.isEmpty else { return }
            // Usually one generation; after a failure, the void rest of the old one comes first.
            var failed = taken.failed
            var start = 0
            while start < taken.batches.count {
                let generation = taken.batches[start].through.generation
                var end = start + 1
                while end < taken.batches.count && taken.batches[end].through.generation == generation { end += 1 }
                let group = taken.batches[start..<end]
                start = end
                if generation == failed { continue }
                let through = group[group.endIndex - 1].through
                do {
                    // One pass's writes are handed over as they are; several are joined.
                    try store.value.write(group.count == 1 ? group[group.startIndex].writes : group.flatMap(\.writes))
                    report(.stored(through: through))
                } catch {
                    failed = generation
                    state.withLockedValue { $0.failedGeneration = generation }
                    report(.failed(through: through, reason: error.description))
                }
            }
        }
    }
}

/// The store, handed to the writer's queue and used only there.
private final class StoreBox: @unchecked Sendable {
    let value: any RelayStore
    init(_ value: any RelayStore) { self.value = value }
}
