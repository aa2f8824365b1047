import ParleyClientCore
import Testing
@testable import ParleyUI

struct FailureReasonTests {
    @Test func rateLimitKeepsOnlyTheSpecifics() {
        let reason =
            "rate limited (you are sending too fast (at most 5 messages a second, bursts of 20); this message was not sent)"
        #expect(FailureReason.compact(reason) == "rate limited: at most 5 messages a second, bursts of 20")
    }

    @Test func otherRefusalsLoseOnlyTheNotSentClause() {
        #expect(
            FailureReason.compact("no such nick (nobody called bob is here; the message was not sent)")
                == "no such nick: nobody called bob is here")
        #expect(
            FailureReason.compact("too long (a message is at most 4000 bytes; this one was 4100)")
                == "too long: a message is at most 4000 bytes; this one was 4100")
        #expect(FailureReason.compact("empty text (a message needs some text)") == "empty text: a message needs some text")
    }

    @Test func aDetailThatRepeatsTheCodeIsDropped() {
        #expect(FailureReason.compact("rate limited (Rate limited)") == "rate limited")
        #expect(FailureReason.compact("rate limited (this message was not sent)") == "rate limited")
    }

    @Test func otherShapesAreKept() {
        #expect(FailureReason.compact("not delivered within 10 s") == "not delivered within 10 s")
        #expect(FailureReason.compact("rate limited") == "rate limited")
        #expect(FailureReason.compact("odd (unbalanced") == "odd (unbalanced")
        #expect(FailureReason.compact("(only a detail)") == "(only a detail)")
        #expect(FailureReason.compact("a (b) c") == "a (b) c")
    }

    @Test func theFailedLineShowsTheCompactReason() {
        let formatter = EntryFormatter(width: 80, metrics: .table)
        let reason =
            "rate limited (you are sending too fast (at most 5 messages a second, bursts of 20); this message was not sent)"
        let entry = Fixtures.message(2, "alice", "hi", delivery: .failed(reason: reason))
        let rows = formatter.rows(for: entry, after: Fixtures.message(1, "x", "")).map(\.text)
        #expect(rows == ["09:30 <alice> hi ✗ rate limited: at most 5 messages a second, bursts of 20"])
    }
}
