@testable import AdminSurface
import XCTest

/// Rules every catalog entry keeps, whatever its platform.
final class CatalogSanityTests: XCTestCase {
    func testLuaNamesAreUnique() {
        let names = Catalog.all.map(\.qualifiedName)
        let duplicates = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        XCTAssertEqual(duplicates, [])
    }

    func testNamesFollowThePlatformShape() {
        for op in Catalog.contio {
            XCTAssertFalse(op.luaName.contains("."), "\(op.qualifiedName): Contio names are flat")
            XCTAssertTrue(op.path.hasPrefix("/v1/partner/admin/"), op.path)
        }
        for op in Catalog.conto {
            let parts = op.luaName.split(separator: ".")
            XCTAssertEqual(String(parts.first ?? ""), op.group, op.qualifiedName)
            switch op.authentication {
            case .admin:
                XCTAssertEqual(parts.count, 2, "\(op.qualifiedName): Conto admin names are namespace.method")
                XCTAssertTrue(op.path.hasPrefix("/api/") && !op.path.hasPrefix("/api/sdk/"), op.path)
            case .agentKey:
                // The agent side lives apart: conto.sdk.<namespace>.<method> on /api/sdk/*.
                XCTAssertEqual(parts.count, 3, "\(op.qualifiedName): agent-key names are sdk.namespace.method")
                XCTAssertEqual(op.group, "sdk", op.qualifiedName)
                XCTAssertTrue(op.path.hasPrefix("/api/sdk/"), op.path)
            }
        }
        XCTAssertTrue(Catalog.contio.allSatisfy { $0.authentication == .admin }, "Contio has no agent keys")
        XCTAssertEqual(Catalog.operation("conto.agents.linkWallet")?.path, "/api/agents/{agentId}/wallets")
        XCTAssertEqual(Catalog.operation("contio.rotateAPIKey")?.path, "/v1/partner/admin/credentials/api-key/rotate")
    }

    func testEveryPlaceholderIsAPathParameterAndNoParameterRepeats() {
        for op in Catalog.all {
            let placeholders = PathTemplate.segments(op.path).filter(PathTemplate.isPlaceholder).map { String($0.dropFirst().dropLast()) }
            XCTAssertEqual(op.pathParameters, placeholders, op.qualifiedName)
            XCTAssertEqual(op.path.filter { $0 == "{" || $0 == "}" }.count, 2 * placeholders.count,
                           "\(op.qualifiedName): a brace outside a placeholder")
            let resolved = op.resolvedPath(op.pathParameters.map { _ in "x" })
            XCTAssertFalse(resolved.contains("{") || resolved.contains("}"), "\(op.qualifiedName): \(resolved)")
            let names = op.pathParameters + op.parameters.map(\.name)
            XCTAssertEqual(names.count, Set(names).count, "\(op.qualifiedName) declares a name twice: \(names)")
        }
    }

    func testMutatingExactlyWhenNotGET() {
        for op in Catalog.all {
            XCTAssertEqual(op.mutating, op.method != .get, op.qualifiedName)
        }
    }

    func testScopesOnContoOnly() {
        for op in Catalog.conto where op.authentication == .admin {
            let scope = op.scope ?? ""
            XCTAssertTrue(scope.range(of: #"^[a-z]+:(read|write)$"#, options: .regularExpression) != nil, "\(op.qualifiedName): scope \(scope)")
            if op.mutating { XCTAssertTrue(scope.hasSuffix(":write"), "\(op.qualifiedName) changes state with \(scope)") }
        }
        // Agent scopes name the payment step (payments:approve, payments:confirm, ...).
        for op in Catalog.conto where op.authentication == .agentKey {
            let scope = op.scope ?? ""
            XCTAssertTrue(scope.range(of: #"^(payments:(request|approve|confirm|execute)|policies:read)$"#, options: .regularExpression) != nil,
                          "\(op.qualifiedName): agent scope \(scope)")
        }
        for op in Catalog.contio { XCTAssertNil(op.scope, op.qualifiedName) }
    }

    func testReadsCarryOnlyQueryParametersAndListsAreReads() {
        for op in Catalog.all where op.method == .get || op.method == .delete {
            XCTAssertEqual(op.body, .none, op.qualifiedName)
            XCTAssertTrue(op.parameters.allSatisfy { $0.location == .query }, "\(op.qualifiedName) has body fields but sends no body")
        }
        for op in Catalog.all where op.list != nil {
            XCTAssertEqual(op.method, .get, op.qualifiedName)
        }
    }

    func testRequiredParametersHaveNoDefaultAndTextIsPresent() {
        for op in Catalog.all {
            XCTAssertFalse(op.summary.isEmpty || op.summary.contains("\n"), "\(op.qualifiedName): summary must be one line")
            for p in op.parameters {
                XCTAssertFalse(p.required && p.defaultValue != nil, "\(op.qualifiedName): '\(p.name)' is required yet has a default")
                XCTAssertFalse(p.summary.isEmpty, "\(op.qualifiedName): '\(p.name)' has no summary")
            }
        }
    }
}
