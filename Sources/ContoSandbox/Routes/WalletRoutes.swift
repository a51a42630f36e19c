import Foundation

/// `/api/wallets`: wallets with sandbox balances (contract §3.2).
enum WalletRoutes {
    static var all: [ContoRoute] { [list, create, provision, get, update, delete, archive, refreshBalance] }

    static let list = ContoRoute.get(
        "/api/wallets", "wallets.list", "List wallets", tag: "Wallets", access: .org(.walletsRead),
        query: [.filter("status", .enumeration(WalletStatus.allCases.map(\.rawValue) + ["CLOSED"]), "ACTIVE, FROZEN, ARCHIVED (CLOSED = ARCHIVED)"),
                .filter("chainType", .cases(ChainType.self), "EVM or SOLANA"), .filter("chainId", "Chain id, e.g. 42431"), .limit, .offset],
        response: .record(["wallets": .array(.ref("Wallet")), "pagination": .ref("Pagination")])
    ) { call in
        let page = try call.query.page()
        let statusText = call.query.string("status")
        let status = try statusText.map { text -> WalletStatus in
            guard let status = WalletStatus(wire: text) else { throw ContoError.validation("status", "must be one of ACTIVE, FROZEN, ARCHIVED") }
            return status
        }
        var query = ContoQueries.liveWallets(status: status)
        query.field("chainType", equals: try call.query.enumeration("chainType", ChainType.self)?.rawValue)
        query.field("chainId", equals: call.query.string("chainId"))
        let (wallets, total) = try call.docs.page(query, org: call.org, limit: page.limit, offset: page.offset)
        return Envelope.paged("wallets", page: wallets.map(\.json), total: total, page: page)
    }

    static let create = ContoRoute.send(
        .post, "/api/wallets", "wallets.create", "Create a wallet (idempotent per org on address or externalWalletId + chainId)",
        tag: "Wallets", access: .org(.walletsWrite),
        body: .record(["name": .string, "walletType": .cases(WalletType.self), "chainType": .cases(ChainType.self), "chainId": .string,
                       "custodyType": .cases(CustodyType.self), "address": .string, "importAddress": .string,
                       "externalWalletId": .string, "isWatchOnly": .boolean],
                      optional: ["walletType", "chainType", "chainId", "custodyType", "address", "importAddress", "externalWalletId", "isWatchOnly"]),
        example: ["name": "Operations Wallet"], status: 201, response: .ref("Wallet")
    ) { call in
        let body = try call.fields()
        let name = try body.string("name", required: true, length: 1...100)!
        // Defaults [D]: EOA, EVM, Tempo Testnet (42431), PRIVY (the newer defaults page wins the CONFLICT), not watch-only.
        let walletType = try body.enumeration("walletType", WalletType.self) ?? .eoa
        let chainType = try body.enumeration("chainType", ChainType.self) ?? .evm
        let chainId = try body.string("chainId", length: 1...64) ?? (chainType == .evm ? Chains.defaultChainId : "solana-devnet")
        let known = Chains.all.first { $0.chainId == chainId }
        if let known, known.type != chainType {
            throw ContoError.validation("chainId", "chain \(chainId) is a \(known.type.rawValue) chain, not \(chainType.rawValue)")
        }
        let custody = try body.enumeration("custodyType", CustodyType.self) ?? .privy
        let given = try body.string("address") ?? body.string("importAddress")
        let addressField = body.has("address") ? "address" : "importAddress"
        if let given, !AddressFormat.isValid(given, for: chainType) {
            throw ContoError.validation(addressField, "must be a valid \(chainType.rawValue) address")
        }
        if custody == .external, given == nil { throw ContoError.validation("address", "is required for EXTERNAL wallets") }
        let externalWalletId = try body.string("externalWalletId", length: 1...200)
        let existing = try ContoQueries.sameWallet(chainId: chainId, address: given, externalWalletId: externalWalletId)
            .flatMap { try call.docs.first($0, org: call.org) }
        if let existing {
            call.status = 200
            return existing.json
        }
        let wallet = Wallet(id: ContoKeys.id("wal"), orgId: call.org, name: name, address: given ?? AddressFormat.random(chainType),
                            walletType: walletType, chainType: chainType, chainId: chainId, custodyType: custody,
                            isWatchOnly: try body.bool("isWatchOnly") ?? false, status: .active, balance: call.settings.defaultBalance,
                            externalWalletId: externalWalletId, provisioned: custody == .external, provisionedAt: nil,
                            lastSyncedAt: nil, createdAt: call.now, updatedAt: call.now, deletedAt: nil)
        try call.docs.save(wallet)
        try call.audit("CREATE", "wallet", wallet.id, new: wallet.json)
        return wallet.json
    }

    static let provision = ContoRoute.send(
        .post, "/api/wallets/provision", "wallets.provision", "Link a wallet to its custody provider and sync its state (managed wallets must be provisioned before paying)",
        tag: "Wallets", access: .org(.walletsWrite), body: .record(["walletId": .string]), example: ["walletId": "{walletId}"],
        response: .ref("Wallet")
    ) { call in
        var wallet = try live(call, try call.fields().string("walletId", required: true)!)
        let before = wallet.json
        wallet.provisioned = true
        wallet.provisionedAt = wallet.provisionedAt ?? call.now
        wallet.lastSyncedAt = call.now
        wallet.updatedAt = call.now
        try call.docs.save(wallet)
        try call.audit("UPDATE", "wallet", wallet.id, previous: before, new: wallet.json, metadata: ["operation": "provision"])
        return wallet.json
    }

    static let get = ContoRoute.get(
        "/api/wallets/{walletId}", "wallets.get", "Get a wallet", tag: "Wallets", access: .org(.walletsRead), response: .ref("Wallet")
    ) { call in
        try live(call, call.param("walletId")).json
    }

    static let update = ContoRoute.send(
        .patch, "/api/wallets/{walletId}", "wallets.update", "Update a wallet (name, status, watch-only, external id)",
        tag: "Wallets", access: .org(.walletsWrite),
        body: .object(["name": .string, "status": .cases(WalletStatus.self), "isWatchOnly": .boolean, "externalWalletId": .nullable(.string)], required: []),
        example: ["name": "Renamed Wallet"], response: .ref("Wallet")
    ) { call in
        var wallet = try live(call, call.param("walletId"))
        let before = wallet.json
        let body = try call.fields()
        if let name = try body.string("name", length: 1...100) { wallet.name = name }
        if let text = try body.string("status") {
            guard let status = WalletStatus(wire: text) else { throw ContoError.validation("status", "must be one of ACTIVE, FROZEN, ARCHIVED") }
            wallet.status = status
        }
        if let flag = try body.bool("isWatchOnly") { wallet.isWatchOnly = flag }
        if body.has("externalWalletId") { wallet.externalWalletId = try body.string("externalWalletId", length: 1...200) }
        wallet.updatedAt = call.now
        try call.docs.save(wallet)
        try call.audit("UPDATE", "wallet", wallet.id, previous: before, new: wallet.json)
        return wallet.json
    }

    static let delete = ContoRoute.send(
        .delete, "/api/wallets/{walletId}", "wallets.delete", "Delete a wallet: it leaves the API and its agent links end",
        tag: "Wallets", access: .org(.walletsWrite), response: .ref("Success")
    ) { call in
        var wallet = try live(call, call.param("walletId"))
        let before = wallet.json
        wallet.deletedAt = call.now
        wallet.status = .archived
        try call.docs.save(wallet)
        for link in try Lookups.links(call.docs, org: call.org, walletId: wallet.id) {
            try call.docs.delete(WalletLink.self, link.id)
        }
        try call.audit("DELETE", "wallet", wallet.id, previous: before)
        return Envelope.success
    }

    static let archive = ContoRoute.send(
        .post, "/api/wallets/{walletId}/archive", "wallets.archive", "Archive a wallet: it stays readable and can no longer send",
        tag: "Wallets", access: .org(.walletsWrite), response: .ref("Wallet")
    ) { call in
        var wallet = try live(call, call.param("walletId"))
        let before = wallet.json
        wallet.status = .archived
        wallet.updatedAt = call.now
        try call.docs.save(wallet)
        try call.audit("UPDATE", "wallet", wallet.id, previous: before, new: wallet.json, metadata: ["operation": "archive"])
        return wallet.json
    }

    static let refreshBalance = ContoRoute.send(
        .post, "/api/wallets/{walletId}/refresh-balance", "wallets.refreshBalance", "Re-read the balance (the sandbox balance; there is no chain)",
        tag: "Wallets", access: .org(.walletsWrite), response: .ref("Wallet")
    ) { call in
        var wallet = try live(call, call.param("walletId"))
        wallet.lastSyncedAt = call.now
        try call.docs.save(wallet)
        try call.audit("UPDATE", "wallet", wallet.id, metadata: ["operation": "refreshBalance", "balance": .money(wallet.balance)])
        return wallet.json
    }

    /// The wallet unless deleted (a deleted wallet is a 404).
    static func live(_ call: ContoCall, _ id: String) throws -> Wallet {
        let wallet = try call.docs.require(Wallet.self, id, org: call.org)
        guard wallet.deletedAt == nil else { throw ContoError.notFound("Wallet", id) }
        return wallet
    }
}
