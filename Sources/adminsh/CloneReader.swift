import AdminClient
import AdminSurface
import ContioSandbox
import ContoSandbox
import Foundation
import SandboxCore

/// Reads everything a profile's keys can read, through the catalog's read operations only.
///
/// Every request is a catalog operation whose method is GET (anything else is refused before it is
/// built), sent by an `AdminClient` whose configuration is read-only as a second guard. Lists are
/// walked page by page; the client's rate gate paces the reads when the source answers 429. A read
/// the keys may not make (401/403: a missing scope) is noted in the report and left out.
final class CloneReader {
    /// One read that was refused, and what was left out because of it.
    struct LeftOut {
        var operation: String
        var code: String
        var message: String
    }

    let client: AdminClient
    let progress: CloneProgress
    private(set) var leftOut: [LeftOut] = []
    private(set) var counts: [String: Int] = [:]
    /// Every request sent, as `METHOD path` (what the report and the tests show).
    private(set) var requests = 0

    init(client: AdminClient, progress: CloneProgress) {
        self.client = client
        self.progress = progress
    }

    enum Failure: Error, CustomStringConvertible {
        case notARead(String)
        var description: String {
            switch self { case .notARead(let name): return "clone: \(name) is not a read operation; only GET requests may reach the source" }
        }
    }

    /// One read; nil when the keys may not make it (recorded) or the resource does not exist.
    func get(_ name: String, _ path: [String] = [], query: [(String, String)] = []) async throws -> JSONValue? {
        guard let operation = Catalog.operation(name) else { throw AdminError(code: "UNKNOWN_OPERATION", status: nil, message: "no operation \(name)", retryable: false, platform: .contio, operation: name) }
        guard operation.method == .get, !operation.mutating else { throw Failure.notARead(name) }
        requests += 1
        progress.reading(name, requests: requests)
        do {
            let response = try await client.perform(operation, pathArguments: path, query: query, body: nil)
            guard !response.body.isEmpty else { return .null }
            return try JSONValue.parse(Data(response.body))
        } catch let error as AdminError where error.status == 401 || error.status == 403 {
            if !leftOut.contains(where: { $0.operation == name }) {
                leftOut.append(LeftOut(operation: name, code: error.code, message: error.message))
            }
            return nil
        } catch let error as AdminError where error.status == 404 {
            return nil
        }
    }

    /// Every item of a list operation, page by page (`limit`/`offset` where it pages).
    func all(_ name: String, _ path: [String] = [], query: [(String, String)] = [], pageSize: Int = 100) async throws -> [JSONValue]? {
        guard let operation = Catalog.operation(name) else { return nil }
        let names = Set(operation.parameters.map(\.name))
        let pages = names.contains("limit") && names.contains("offset")
        var items: [JSONValue] = []
        var offset = 0
        while true {
            let paging = pages ? [("limit", String(pageSize)), ("offset", String(offset))] : []
            let answer: JSONValue?
            do {
                answer = try await get(name, path, query: query + paging)
            } catch let error as AdminError where error.status == 400 && pages && offset == 0 && pageSize > 50 {
                // A source whose pages are smaller: read it at the catalog's default page size.
                return try await all(name, path, query: query, pageSize: 50)
            }
            guard let answer else { return items.isEmpty ? nil : items }
            let page: [JSONValue]
            var total: Int?
            switch operation.list {
            case .envelope(let key)?:
                page = answer[key]?.arrayValue ?? []
                total = answer["total"]?.intValue
            case .paginationEnvelope(let key)?:
                page = answer[key]?.arrayValue ?? []
                total = answer["pagination"]?["total"]?.intValue
                if answer["pagination"]?["hasMore"]?.boolValue == false { total = offset + page.count }
            case .bareArray?, nil:
                page = answer.arrayValue ?? []
            }
            items += page
            offset += page.count
            guard pages, !page.isEmpty, page.count >= pageSize || (total.map { offset < $0 } ?? false) else { break }
            if let total, offset >= total { break }
        }
        return items
    }

    func counted(_ type: String, _ n: Int) {
        counts[type, default: 0] += n
    }

    /// The lists of each platform read once, and per template, toolkit and agent, for the bar.
    static let contioSteps = 8, contoSteps = 7

    /// The app and its documents; nil when the profile has no Contio keys.
    func readContio() async throws -> ContioImport.Source? {
        guard client.configuration.contio != nil else { return nil }
        guard let app = try await get("contio.getApp"), case .object = app else { return nil }
        var source = ContioImport.Source(app: app)
        counted("app", 1)
        progress.expect(Self.contioSteps)
        source.automations = try await all("contio.getAutomations") ?? []
        progress.step()
        source.templates = try await all("contio.getTemplates") ?? []
        progress.step()
        progress.expect(source.templates.count)
        for template in source.templates {
            guard let id = template["id"]?.stringValue else { continue }
            source.templateNextSteps[id] = try await all("contio.getTemplateNextSteps", [id]) ?? []
            progress.step()
        }
        source.toolkits = try await all("contio.getToolkits") ?? []
        progress.step()
        progress.expect(source.toolkits.count)
        for toolkit in source.toolkits {
            guard let id = toolkit["id"]?.stringValue else { continue }
            source.toolkitVersions += try await all("contio.listToolkitVersions", [id]) ?? []
            progress.step()
        }
        source.connections = try await all("contio.getUserConnections") ?? []
        progress.step()
        source.workspaces = try await all("contio.getWorkspaces") ?? []
        progress.step()
        source.workflowTemplates = try await all("contio.listWorkflowTemplates") ?? []
        progress.step()
        source.idp = try await get("contio.getIdPConfig").flatMap { $0.objectValue == nil ? nil : $0 }
        progress.step()
        // Recent deliveries: the newest page.
        if let recent = try await get("contio.getWebhookDeliveries", query: [("limit", "100"), ("offset", "0")]) {
            source.deliveries = recent["items"]?.arrayValue ?? recent["deliveries"]?.arrayValue ?? []
        }
        progress.step()
        counted("automations", source.automations.count)
        counted("templates", source.templates.count)
        counted("templateNextSteps", source.templateNextSteps.values.reduce(0) { $0 + $1.count })
        counted("toolkits", source.toolkits.count)
        counted("toolkitVersions", source.toolkitVersions.count)
        counted("connections", source.connections.count)
        counted("workspaces", source.workspaces.count)
        counted("workflowTemplates", source.workflowTemplates.count)
        counted("idpConfigs", source.idp == nil ? 0 : 1)
        counted("deliveries", source.deliveries.count)
        return source
    }

    /// The org's resources; nil when the profile has no Conto key.
    func readConto() async throws -> ContoImport.Source? {
        guard client.configuration.conto != nil else { return nil }
        var source = ContoImport.Source()
        progress.expect(Self.contoSteps)
        source.members = try await all("conto.organizations.listMembers") ?? []
        progress.step()
        var agents = try await all("conto.agents.list") ?? []
        // Revoked agents are listed only when asked for.
        let known = Set(agents.compactMap { $0["id"]?.stringValue })
        agents += (try await all("conto.agents.list", query: [("status", "REVOKED")]) ?? []).filter { !known.contains($0["id"]?.stringValue ?? "") }
        source.agents = agents
        progress.step()
        progress.expect(agents.count)
        source.wallets = try await all("conto.wallets.list") ?? []
        progress.step()
        for agent in agents {
            guard let id = agent["id"]?.stringValue else { continue }
            source.links += try await all("conto.agents.listWallets", [id]) ?? []
            source.assignments += try await all("conto.agents.listPolicies", [id]) ?? []
            source.sdkKeys += try await all("conto.agents.listSdkKeys", [id]) ?? []
            progress.step()
        }
        source.policies = try await all("conto.policies.list") ?? []
        progress.step()
        source.counterparties = try await all("conto.counterparties.list") ?? []
        progress.step()
        source.alerts = try await all("conto.alerts.list") ?? []
        progress.step()
        source.transactions = try await all("conto.transactions.list") ?? []
        progress.step()
        for (type, items) in [("members", source.members), ("agents", source.agents), ("wallets", source.wallets),
                              ("walletLinks", source.links), ("agentPolicies", source.assignments), ("sdkKeys", source.sdkKeys),
                              ("policies", source.policies), ("counterparties", source.counterparties), ("alerts", source.alerts),
                              ("transactions", source.transactions)] {
            counted(type, items.count)
        }
        return source
    }
}

/// The clone's progress bar on stderr: steps done of steps known so far (each list, and each
/// template, toolkit and agent once they are listed), the reads sent and the one in flight.
/// Silent when stderr is not a terminal or with --quiet.
final class CloneProgress {
    let label: String
    let enabled: Bool
    private var lastDraw = Date.distantPast
    private var done = 0
    private var total = 0
    private var requests = 0
    private var current = ""

    init(label: String, quiet: Bool) {
        self.label = label
        enabled = !quiet && isatty(2) != 0
    }

    func expect(_ steps: Int) { total += steps }

    func step() {
        done += 1
        draw()
    }

    func reading(_ operation: String, requests: Int) {
        self.requests = requests
        current = operation
        draw()
    }

    private func draw(force: Bool = false) {
        guard enabled, force || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : 0
        let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar)  \(done)/\(total)  \(requests) GETs  \(current)\u{1B}[K".utf8))
    }

    func finish(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\(label): \(text)\u{1B}[K\n".utf8))
    }
}
