import AdminSurface
import Foundation

/// The URL and authentication headers of one operation on one endpoint, checked before any
/// request is sent.
struct RequestTarget: Sendable {
    let url: String
    /// Authentication headers (secret values: never logged).
    let authHeaders: [(String, String)]

    /// Validates the endpoint and builds the target; throws a client-side `AdminError`.
    /// `agentKey` authenticates operations whose `authentication` is `.agentKey` (the endpoint's
    /// admin credentials are not sent with them).
    static func make(endpoint: Endpoint?, operation: AdminOperation, pathArguments: [String], query: [(String, String)],
                     agentKey: String? = nil) throws -> RequestTarget {
        func fail(_ code: String, _ message: String) -> AdminError {
            AdminError(code: code, status: nil, message: message, retryable: false,
                       platform: operation.platform, operation: operation.qualifiedName)
        }
        let platform = operation.platform
        guard let endpoint else {
            throw fail("NOT_CONFIGURED", "\(platform.rawValue) is not configured: \(setupHint(platform))")
        }
        guard endpoint.credentials.platform == platform else {
            throw fail("NOT_CONFIGURED", "the \(platform.rawValue) endpoint carries \(endpoint.credentials.platform.rawValue) credentials")
        }
        guard pathArguments.count == operation.pathParameters.count else {
            throw fail("INVALID_ARGUMENTS", "\(operation.qualifiedName) takes \(operation.pathParameters.count) path argument(s) (\(operation.pathParameters.joined(separator: ", "))), got \(pathArguments.count)")
        }
        if let empty = zip(operation.pathParameters, pathArguments).first(where: { $0.1.isEmpty }) {
            throw fail("INVALID_ARGUMENTS", "path argument '\(empty.0)' must not be empty")
        }

        var headers: [(String, String)]
        switch endpoint.credentials {
        case .conto where operation.authentication == .agentKey:
            guard let agentKey, agentKey.hasPrefix(Credentials.contoAgentKeyPrefix), agentKey.count > Credentials.contoAgentKeyPrefix.count else {
                throw fail("INVALID_CREDENTIALS", "\(operation.qualifiedName) runs as an agent: pass the agent's SDK key (conto_agent_...) as its first argument")
            }
            headers = [("Authorization", "Bearer \(agentKey)")]
        case .contio(let apiKey, let clientID):
            guard !apiKey.isEmpty, !clientID.isEmpty else {
                throw fail("INVALID_CREDENTIALS", "Contio needs both an API key and a client ID")
            }
            headers = [("X-API-Key", apiKey), ("X-Client-ID", clientID)]
        case .conto(let orgKey):
            if orgKey.hasPrefix(Credentials.contoAgentKeyPrefix) {
                throw fail("INVALID_CREDENTIALS", "the Conto key configured is an agent SDK key (conto_agent_...); the org admin API needs an organization API key (conto_...) with admin scopes, created under Settings > API Keys")
            }
            guard !orgKey.isEmpty else { throw fail("INVALID_CREDENTIALS", "the Conto organization API key is empty") }
            headers = [("Authorization", "Bearer \(orgKey)")]
        }
        if let token = endpoint.sandboxToken, operation.path.hasPrefix("/__sandbox/") {
            headers.append(("X-Sandbox-Token", token))
        }
        guard headers.allSatisfy({ !$0.1.contains(where: { $0.isNewline || $0 == "\0" }) }) else {
            throw fail("INVALID_CREDENTIALS", "a \(platform.rawValue) credential contains a line break")
        }

        guard let base = URLComponents(string: endpoint.baseURL.trimmingCharacters(in: .whitespaces)),
              let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = base.host, !host.isEmpty else {
            throw fail("INVALID_URL", "the \(platform.rawValue) base URL is not an http:// or https:// URL with a host")
        }
        guard scheme == "https" || isLoopback(host) else {
            throw fail("INSECURE_URL", "refusing to send \(platform.rawValue) credentials over plain http to \(host); use https (http is allowed for localhost only)")
        }
        var url = "\(scheme)://\(base.percentEncodedHost ?? host)"
        if let port = base.port { url += ":\(port)" }
        url += joinPaths(base.percentEncodedPath, operation.resolvedPath(pathArguments))
        if !query.isEmpty {
            url += "?" + query.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
        }
        return RequestTarget(url: url, authHeaders: headers)
    }

    static func setupHint(_ platform: Platform) -> String {
        switch platform {
        case .contio: return "set CONTIO_API_URL, CONTIO_API_KEY and CONTIO_CLIENT_ID, or choose a profile with contio_url (see docs/profiles.md)"
        case .conto: return "set CONTO_API_URL and CONTO_ORG_API_KEY, or choose a profile with conto_url (see docs/profiles.md)"
        }
    }

    /// `localhost`, `127.0.0.0/8`, `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h.hasPrefix("127.")
    }

    /// Joins a base path and an operation path, dropping the base's trailing segments that the
    /// operation path starts with (`/api` + `/api/agents` → `/api/agents`).
    static func joinPaths(_ basePath: String, _ operationPath: String) -> String {
        let base = basePath.split(separator: "/", omittingEmptySubsequences: true)
        let op = operationPath.split(separator: "/", omittingEmptySubsequences: true)
        var overlap = 0
        for n in stride(from: min(base.count, op.count), through: 1, by: -1) where Array(base.suffix(n)) == Array(op.prefix(n)) {
            overlap = n
            break
        }
        let segments = base.dropLast(overlap) + op
        return "/" + segments.joined(separator: "/")
    }

    /// Percent-encodes a query name or value (RFC 3986 unreserved characters stay).
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
