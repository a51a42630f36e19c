@testable import AdminClient
import Foundation
import XCTest

/// `Retry-After` as servers send it, and as they should not: never a trap (found by
/// `scripts/fuzz retry-after`).
final class RetryAfterParsingTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_792_000_000)   // 2026-10-14T...Z

    func testDeltaSecondsAndHTTPDates() {
        XCTAssertEqual(RetryAfter.seconds("120", now: now), 120)
        XCTAssertEqual(RetryAfter.seconds(" 2.5 ", now: now), 2.5)
        let later = now.addingTimeInterval(90)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        XCTAssertEqual(RetryAfter.seconds(formatter.string(from: later), now: now) ?? -1, 90, accuracy: 1)
        XCTAssertEqual(RetryAfter.seconds(formatter.string(from: now.addingTimeInterval(-60)), now: now), 0, "a past date means now")
    }

    func testUnreadableValuesAreNilNeverATrap() {
        for value in ["", "-1", "inf", "nan", "1e400", "soon",
                      // Foundation's date parser traps on this one (non-ASCII where a date is expected).
                      "We, 21\u{7B0}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}7:28:0 GMT",
                      String(repeating: "Wed, 21 Oct 2026 07:28:00 GMT", count: 100)] {
            XCTAssertNil(RetryAfter.seconds(value, now: now), value)
        }
    }
}
