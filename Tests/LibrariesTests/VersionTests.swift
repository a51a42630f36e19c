import Libraries
import Testing

@Suite struct VersionTests {
    func v(_ s: String) -> SemanticVersion { SemanticVersion(s, allowPrefix: true)! }

    @Test func parsesTagsAndOrdersPrereleasesFirst() {
        #expect(SemanticVersion("v1.2.3", allowPrefix: true) == SemanticVersion(major: 1, minor: 2, patch: 3))
        #expect(SemanticVersion("v1.2.3") == nil)
        #expect(SemanticVersion("1.2") == nil)
        #expect(SemanticVersion("01.2.3") == nil)
        #expect(v("1.0.0-rc.1") < v("1.0.0"))
        #expect(v("1.0.0-rc.2") < v("1.0.0-rc.10"))
        #expect(v("1.9.0") < v("1.10.0"))
    }

    @Test func caretTildeExactAndRanges() throws {
        let caret = try VersionRequirement("^1.2")
        #expect(caret.matches(v("1.2.0")) && caret.matches(v("1.9.3")))
        #expect(!caret.matches(v("1.1.9")) && !caret.matches(v("2.0.0")))
        let zero = try VersionRequirement("^0.3")
        #expect(zero.matches(v("0.3.4")) && !zero.matches(v("0.4.0")))
        let tilde = try VersionRequirement("~1.2")
        #expect(tilde.matches(v("1.2.7")) && !tilde.matches(v("1.3.0")))
        let exact = try VersionRequirement("1.2.3")
        #expect(exact.matches(v("1.2.3")) && !exact.matches(v("1.2.4")))
        let range = try VersionRequirement(">=1.0, <1.5")
        #expect(range.matches(v("1.4.9")) && !range.matches(v("1.5.0")))
        #expect(!caret.matches(v("1.3.0-rc.1")), "pre-releases only when named")
        #expect(try VersionRequirement("*").matches(v("7.0.0")))
        #expect(throws: LibraryError.self) { try VersionRequirement("^x") }
    }

    @Test func capabilitiesCoverNamespacesAndDetectWidening() throws {
        let caps = try Capabilities(["conto.agents.*", "contio.getCredentialStatus"])
        #expect(caps.allows("conto.agents.create"))
        #expect(caps.allows("conto.agents.sdk.create"))
        #expect(!caps.allows("conto.wallets.create"))
        #expect(!caps.allows("contio.rotateAPIKey"))
        #expect(caps.widening(to: try Capabilities(["conto.agents.list"])).isEmpty)
        #expect(caps.widening(to: try Capabilities(["conto.agents.*", "conto.wallets.*"])) == ["conto.wallets.*"])
        #expect(throws: LibraryError.self) { try Capabilities(["*"]) }
        #expect(throws: LibraryError.self) { try Capabilities(["s3.put"]) }
    }
}
