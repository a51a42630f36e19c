import AdminSurface
import XCTest

/// The Contio catalog against the vendor's partner spec (`contracts/contio-partner-openapi.json`).
final class ContioSpecTests: XCTestCase {
    static let basePath = "/v1/partner/admin"

    /// Fields the SDK sends that the spec does not declare (digest §12.5, §10), per operation.
    static let sdkExtras: [String: Set<String>] = [
        "getCredentialHistory": ["action"],
        "getTemplateNextSteps": ["limit", "offset"],
        "publishToolkitVersion": ["propagation"],
        "exportEntities": ["workflow_ids", "canvas_template_ids"],
    ]

    /// Operations of the SDK reference (`reference/000_…`) that the partner spec leaves out:
    /// served by the sandbox and in the catalog, checked against the SDK instead.
    static let sdkOnly: Set<String> = ["getWorkspaces"]

    /// The catalog's operations that the spec documents.
    static var specCatalog: [AdminOperation] { Catalog.contio.filter { !sdkOnly.contains($0.luaName) } }

    func specOperations() throws -> [SpecOperation] {
        SpecOperation.swagger(try SharedContracts.contioSpec(), under: Self.basePath + "/")
    }

    func servingOperations(_ spec: SpecOperation) -> [AdminOperation] {
        Catalog.contio.filter { $0.method.rawValue == spec.method && PathTemplate.serves($0.path, spec.path) }
    }

    func testTheSpecHas61AdminOperationsAndTheCatalogServesEach() throws {
        let spec = try specOperations()
        XCTAssertEqual(spec.count, 61)
        for op in spec {
            XCTAssertEqual(servingOperations(op).count, 1, "\(op) is served by \(servingOperations(op).map(\.luaName))")
        }
        // The two rollbacks are one SDK method, so 61 operations make 60 functions.
        XCTAssertEqual(Self.specCatalog.count, 60)
    }

    func testEveryCatalogOperationIsInTheSpecOrSDKOnly() throws {
        let spec = try specOperations()
        for op in Self.specCatalog {
            let served = spec.filter { $0.method == op.method.rawValue && PathTemplate.serves(op.path, $0.path) }
            XCTAssertFalse(served.isEmpty, "\(op.qualifiedName) \(op.method.rawValue) \(op.path) is not in the spec")
        }
    }

    /// The SDK-only operations are in the catalog, absent from the spec, and named in the SDK
    /// reference; `getWorkspaces` is the SDK's paged workspace listing, a read without an inverse.
    func testSDKOnlyOperationsAreInTheCatalogAndNotInTheSpec() throws {
        let spec = try specOperations()
        for name in Self.sdkOnly {
            let op = try XCTUnwrap(Catalog.operation("contio." + name), "contio.\(name) is not in the catalog")
            XCTAssertFalse(spec.contains { $0.method == op.method.rawValue && PathTemplate.serves(op.path, $0.path) },
                           "\(name) is in the spec: drop it from sdkOnly")
        }
        let workspaces = try XCTUnwrap(Catalog.operation("contio.getWorkspaces"))
        XCTAssertEqual(workspaces.method, .get)
        XCTAssertEqual(workspaces.path, "/v1/partner/admin/workspaces")
        XCTAssertNil(workspaces.inverse)
        XCTAssertFalse(workspaces.mutating)
        XCTAssertEqual(workspaces.list, .envelope(itemsKey: "items"))
        XCTAssertEqual(Set(workspaces.parameters.map(\.name)), ["limit", "offset"])
        XCTAssertEqual(workspaces.summary, "List all workspaces connected to the partner.")
        let reference = SharedContracts.directory.appendingPathComponent("reference/000_eae253797677e1a9.txt")
        if let text = try? String(contentsOf: reference, encoding: .utf8) {
            XCTAssertTrue(text.contains("List all workspaces connected to the partner."))
        }
    }

    func testOnlyRollbackCredentialStandsForSeveralSpecOperations() throws {
        let spec = try specOperations()
        let expanding = Catalog.contio.filter { op in
            spec.filter { $0.method == op.method.rawValue && PathTemplate.serves(op.path, $0.path) }.count > 1
        }
        XCTAssertEqual(expanding.map(\.luaName), ["rollbackCredential"])
        let rollback = try XCTUnwrap(Catalog.operation("contio.rollbackCredential"))
        XCTAssertEqual(rollback.resolvedPath(["api-key"]), "/v1/partner/admin/credentials/api-key/rollback")
        XCTAssertTrue(spec.contains { $0.method == "POST" && $0.path == rollback.resolvedPath(["client-secret"]) })
    }

    func testParametersAgreeWithTheSpec() throws {
        var problems: [String] = []
        for spec in try specOperations() {
            for op in servingOperations(spec) {
                problems += ParameterConformance.problems(op, spec, extras: Self.sdkExtras[op.luaName] ?? [])
            }
        }
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }

    func testVariantPathsKeepThePathParameters() {
        let variants = Catalog.contio.filter { $0.variantPath != nil }
        XCTAssertEqual(Set(variants.map(\.group)), ["automations", "webhooks"])
        for op in variants {
            let variant = op.variantPath!
            XCTAssertTrue(variant.hasPrefix(Self.basePath + "/"), variant)
            XCTAssertNotEqual(variant, op.path)
            XCTAssertEqual(PathTemplate.segments(variant).filter(PathTemplate.isPlaceholder).map(String.init),
                           op.pathParameters.map { "{\($0)}" }, op.luaName)
        }
    }
}
