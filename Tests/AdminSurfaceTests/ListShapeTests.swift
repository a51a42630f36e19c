import AdminSurface
import XCTest

/// The declared `list:` shapes against what the sandbox answers.
final class ListShapeTests: XCTestCase {
    /// Whether `reply` carries its items where `shape` says.
    static func matches(_ shape: ListShape, _ reply: Any?) -> Bool {
        switch shape {
        case .bareArray:
            return reply is [Any]
        case .envelope(let key):
            guard let object = reply as? JSONObject else { return false }
            return object[key] is [Any] && object["pagination"] == nil
        case .paginationEnvelope(let key):
            guard let object = reply as? JSONObject else { return false }
            return object[key] is [Any] && object["pagination"] is JSONObject
        }
    }

    func testListsAnswerInTheirDeclaredShape() async throws {
        let session = try await SandboxSession.start()
        // Ids for the list routes below a resource: a Conto agent and policy, a Contio toolkit and template.
        let agent = try await session.send("POST", "/api/agents", headers: session.contoAuth, body: ["name": "Lister", "agentType": "CUSTOM"])
        let policy = try await session.send("POST", "/api/policies", headers: session.contoAuth, body: ["name": "P", "policyType": "SPEND_LIMIT"])
        let toolkit = try await session.send("POST", "/v1/partner/admin/toolkits", headers: session.contioAuth,
                                             body: ["name": "K", "slug": "k", "version": "1.0.0", "manifest": [:] as JSONObject])
        let template = try await session.send("POST", "/v1/partner/admin/templates", headers: session.contioAuth, body: ["name": "T"])
        let ids: [String: String] = [
            "agentId": (agent.json as? JSONObject)?.string("id") ?? "",
            "policyId": (policy.json as? JSONObject)?.string("id") ?? "",
            "toolkitId": ((toolkit.json as? JSONObject)?.object("toolkit"))?.string("id") ?? "",
            "templateId": (template.json as? JSONObject)?.string("id") ?? "",
        ]
        XCTAssertFalse(ids.values.contains(""), "fixtures not created: \(ids)")

        var checked = 0
        for op in Catalog.all {
            guard let shape = op.list else { continue }
            let auth = op.platform == .conto ? session.contoAuth : session.contioAuth
            let reply = try await session.send("GET", op.resolvedPath(op.pathParameters.map { ids[$0] ?? "" }), headers: auth)
            XCTAssertEqual(reply.status, 200, op.qualifiedName)
            XCTAssertTrue(Self.matches(shape, reply.json), "\(op.qualifiedName) declares \(shape), the sandbox answered \(String(describing: reply.json))")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 20)
        await session.stop()
    }

    func testTheShapeCheckRejectsTheOtherShapes() {
        XCTAssertFalse(Self.matches(.bareArray, ["items": []] as JSONObject))
        XCTAssertFalse(Self.matches(.envelope(itemsKey: "items"), ["deliveries": []] as JSONObject))
        XCTAssertFalse(Self.matches(.paginationEnvelope(itemsKey: "events"), ["events": [], "total": 0] as JSONObject))
        XCTAssertTrue(Self.matches(.paginationEnvelope(itemsKey: "events"), ["events": [], "pagination": [:] as JSONObject] as JSONObject))
    }
}
