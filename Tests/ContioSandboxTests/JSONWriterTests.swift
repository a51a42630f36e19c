import Foundation
import SandboxCore
import XCTest

/// The emulators' response serialiser: valid, compact, sorted, and faithful on a round trip.
final class JSONWriterTests: XCTestCase {
    func testCompactSortedOutputWithIntegersAndEscapes() {
        let value: JSONValue = ["zeta": 1, "alpha": ["b": true, "a": .null], "path": "/v1/a\"b\\c\n\t\u{01}é€", "ratio": 0.25, "big": 1e20]
        XCTAssertEqual(value.text, #"{"alpha":{"a":null,"b":true},"big":1e+20,"path":"/v1/a\"b\\c\n\t\u0001é€","ratio":0.25,"zeta":1}"#)
    }

    func testNonFiniteNumbersBecomeNullAndTheRestStaysValid() throws {
        let value: JSONValue = ["bad": .number(.infinity), "list": [.number(.nan), -3, 1.5e-7]]
        let parsed = try JSONSerialization.jsonObject(with: value.encoded()) as? [String: Any]
        XCTAssertTrue(parsed?["bad"] is NSNull)
        XCTAssertEqual(value.text, #"{"bad":null,"list":[null,-3,1.5e-07]}"#)
    }

    func testRoundTripThroughTheParser() throws {
        var members: [String: JSONValue] = [:]
        for index in 0..<200 {
            let control = String(UnicodeScalar(UInt8(index % 32)))
            members["k\(index)"] = index % 3 == 0 ? .string("v\(index)\(control)\"😀") : index % 3 == 1 ? .number(Double(index) / 7) : .array([.bool(index % 2 == 0), .null])
        }
        let value = JSONValue.object(members)
        XCTAssertEqual(try JSONValue.parse(value.encoded()), value)
    }
}
