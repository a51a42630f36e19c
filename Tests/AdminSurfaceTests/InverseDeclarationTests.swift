import AdminSurface
import XCTest

/// The catalog's inverses, destructiveness and secret fields are data other parts act on
/// (compensation, undo, confirmations, redaction): every reference in them must resolve.
final class InverseDeclarationTests: XCTestCase {
    func testEveryMutatingOperationSaysHowItIsUndoneAndReadsSayNothing() {
        for op in Catalog.all {
            if op.mutating {
                XCTAssertNotNil(op.inverse, "\(op.qualifiedName) changes state but declares no inverse (nor why it has none)")
            } else {
                XCTAssertNil(op.inverse, "\(op.qualifiedName) changes nothing, so it has nothing to undo")
                XCTAssertFalse(op.destructive, "\(op.qualifiedName) is a read yet marked destructive")
            }
            if case .none(let reason)? = op.inverse {
                XCTAssertFalse(reason.isEmpty, "\(op.qualifiedName): no inverse, and no reason given")
            }
        }
    }

    func testInverseCallsNameMutatingOperationsWithTheirPositionalArguments() throws {
        for op in Catalog.all {
            guard let call = op.inverse?.call else { continue }
            let target = try XCTUnwrap(Catalog.operation(call.operation), "\(op.qualifiedName): inverse \(call.operation) does not exist")
            XCTAssertTrue(target.mutating, "\(op.qualifiedName): inverse \(call.operation) changes nothing")
            XCTAssertEqual(target.platform, op.platform, "\(op.qualifiedName): inverse on another platform")
            XCTAssertEqual(call.arguments.count, target.pathParameters.count,
                           "\(op.qualifiedName): \(call.operation) takes \(target.pathParameters) positionally")
            let declared = Set(target.parameters.map(\.name))
            for name in call.fields.keys {
                XCTAssertTrue(declared.contains(name), "\(op.qualifiedName): \(call.operation) has no field '\(name)'")
            }
            for source in call.arguments + Array(call.fields.values) {
                check(source, of: op, hasRead: call.read != nil)
            }
            if call.restoresFields {
                XCTAssertEqual(call.operation, op.qualifiedName, "\(op.qualifiedName): a restore repeats the same update")
                XCTAssertNotNil(call.read, "\(op.qualifiedName): a restore must read the previous values first")
            }
            if let read = call.read {
                let reader = try XCTUnwrap(Catalog.operation(read.operation), "\(op.qualifiedName): read \(read.operation) does not exist")
                XCTAssertFalse(reader.mutating, "\(op.qualifiedName): \(read.operation) is not a read")
                XCTAssertEqual(read.arguments.count, reader.pathParameters.count, "\(op.qualifiedName): \(read.operation) arguments")
                for source in read.arguments + [read.element?.equals].compactMap({ $0 }) {
                    if case .argument(let i) = source { XCTAssertTrue((1...op.pathParameters.count).contains(i), "\(op.qualifiedName): read argument \(i)") }
                    if case .result = source { XCTFail("\(op.qualifiedName): the read happens before the call, it cannot use its result") }
                    if case .previous = source { XCTFail("\(op.qualifiedName): the read cannot use its own values") }
                }
            }
        }
    }

    private func check(_ source: ValueSource, of op: AdminOperation, hasRead: Bool, file: StaticString = #filePath, line: UInt = #line) {
        switch source {
        case .argument(let i):
            XCTAssertTrue(i >= 1 && i <= op.pathParameters.count, "\(op.qualifiedName): no positional argument \(i)", file: file, line: line)
        case .field(let name):
            XCTAssertTrue(op.parameters.contains { $0.name == name && $0.required },
                          "\(op.qualifiedName): inverse uses '\(name)', which the call need not carry", file: file, line: line)
        case .previous, .previousKeeping:
            XCTAssertTrue(hasRead, "\(op.qualifiedName): previous values without a read", file: file, line: line)
        case .result(let path):
            XCTAssertFalse(path.isEmpty, file: file, line: line)
        case .literal:
            break
        }
    }

    func testDeclaredInversesOfTheIssueExamples() throws {
        let create = try XCTUnwrap(Catalog.operation("conto.agents.create")?.inverse?.call)
        XCTAssertEqual(create, InverseCall(operation: "conto.agents.delete", arguments: [.result("id")]))

        let link = try XCTUnwrap(Catalog.operation("conto.agents.linkWallet")?.inverse?.call)
        XCTAssertEqual(link, InverseCall(operation: "conto.agents.unlinkWallet", arguments: [.argument(1), .field("walletId")]))

        let rotate = try XCTUnwrap(Catalog.operation("contio.rotateAPIKey")?.inverse?.call)
        XCTAssertEqual(rotate.operation, "contio.rollbackCredential")
        XCTAssertEqual(rotate.arguments, [.literal("api-key")])
        XCTAssertEqual(rotate.fields, ["rollback_token": .result("rollback_token")])

        let update = try XCTUnwrap(Catalog.operation("conto.agents.updateWalletLink")?.inverse?.call)
        XCTAssertTrue(update.restoresFields)
        XCTAssertEqual(update.operation, "conto.agents.updateWalletLink")
        XCTAssertEqual(update.arguments, [.argument(1), .argument(2)])
        XCTAssertEqual(update.read?.operation, "conto.agents.listWallets")
        XCTAssertEqual(update.read?.element, .element(of: "wallets", where: "walletId", equals: .argument(2)))

        guard case .none(let reason)? = Catalog.operation("contio.rotateWebhookSecret")?.inverse else {
            return XCTFail("a webhook secret rotation cannot be rolled back")
        }
        XCTAssertTrue(reason.contains("rolled back"))
    }

    func testSetRulesIsUndoneWithThePreviousRulesAsInput() throws {
        let call = try XCTUnwrap(Catalog.operation("conto.policies.setRules")?.inverse?.call)
        XCTAssertEqual(call.fields["rules"], .previousKeeping("rules", ["ruleType", "operator", "value", "action"]),
                       "rules read back carry ids and timestamps; the inverse sends only what setRules takes")
    }

    func testDestructiveOperationsAreTheOnesThatRemoveOrReplace() {
        let destructive = Set(Catalog.all.filter(\.destructive).map(\.qualifiedName))
        for name in ["conto.agents.delete", "conto.agents.revokeSdkKey", "conto.agents.freeze", "conto.agents.unlinkWallet",
                     "contio.rotateAPIKey", "contio.rotateClientSecret", "contio.rotateWebhookSecret", "contio.rollbackCredential",
                     "contio.discardToolkitVersion", "contio.revokeUserConnection", "conto.wallets.delete"] {
            XCTAssertTrue(destructive.contains(name), "\(name) should be destructive")
        }
        for name in ["conto.agents.create", "conto.agents.update", "conto.agents.unfreeze", "contio.createAutomation",
                     "conto.agents.linkWallet", "contio.exportEntities", "conto.sdk.payments.approve"] {
            XCTAssertFalse(destructive.contains(name), "\(name) should not be destructive")
        }
        for op in Catalog.all where op.method == .delete {
            XCTAssertTrue(op.destructive, "\(op.qualifiedName) deletes yet is not destructive")
        }
    }

    func testSecretFieldsAreDeclaredWhereTheApisReturnSecrets() {
        XCTAssertEqual(Catalog.operation("contio.rotateAPIKey")?.secretFields.sorted(), ["new_credential", "rollback_token"])
        XCTAssertEqual(Catalog.operation("contio.rotateWebhookSecret")?.secretFields, ["new_credential"])
        XCTAssertEqual(Catalog.operation("conto.agents.createSdkKey")?.secretFields, ["key"])
        XCTAssertEqual(Catalog.operation("conto.agents.list")?.secretFields, [])
        XCTAssertTrue(Catalog.secretFieldNames.isSuperset(of: ["new_credential", "rollback_token", "key", "approvalToken"]))
    }

    func testLookupByQualifiedName() {
        XCTAssertEqual(Catalog.byName.count, Catalog.all.count, "qualified names are unique")
        XCTAssertEqual(Catalog.operation("conto.agents.linkWallet")?.path, "/api/agents/{agentId}/wallets")
        XCTAssertNil(Catalog.operation("conto.agents.nope"))
    }
}
