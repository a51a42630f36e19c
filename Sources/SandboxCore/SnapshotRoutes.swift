import Foundation
import Hummingbird

/// `/__sandbox/snapshots`: the control routes behind `sandbox.snapshot/restore/snapshots/diff`.
///
///     GET    /__sandbox/snapshots                      {items: [{name, path, created, bytes}]}
///     POST   /__sandbox/snapshots {name}               the snapshot taken
///     POST   /__sandbox/snapshots/{name}/restore       the snapshot restored (the live state is replaced)
///     DELETE /__sandbox/snapshots/{name}               {deleted}
///     GET    /__sandbox/snapshots/diff?from=A[&to=B]   the diff from A to B (to the live state without B)
///
/// Like every control route they need the sandbox's admin token (`ControlSurfaceGuard`).
extension SandboxHost {
    static let snapshotsPath = "/__sandbox/snapshots"

    var snapshots: SandboxSnapshots { SandboxSnapshots(store: store, companions: snapshotCompanions) }

    func addSnapshotRoutes(to router: Router<SandboxRequestContext>) {
        router.get(RouterPath(Self.snapshotsPath)) { [self] _, context in
            try await answer(context) { ["items": .array(try snapshots.list().map(\.json))] }
        }
        router.post(RouterPath(Self.snapshotsPath)) { [self] request, context in
            let body = try await SandboxHTTP.body(of: request, context: context)
            return try await answer(context) {
                let fields = try body.map { try JSONValue.parse($0) } ?? .null
                guard let name = fields["name"]?.stringValue else {
                    throw SandboxError.invalid("name", "a snapshot name is required")
                }
                return try await snapshots.snapshot(name).json
            }
        }
        router.post(RouterPath(Self.snapshotsPath + "/:name/restore")) { [self] _, context in
            let name = context.parameters.get("name") ?? ""
            return try await answer(context) {
                var info = try await snapshots.restore(name).json
                // Rate windows and caches described the state that is gone.
                for module in modules { module.didReset() }
                DecodedDocumentCache.shared.removeAll()
                info["restored"] = true
                return info
            }
        }
        router.delete(RouterPath(Self.snapshotsPath + "/:name")) { [self] _, context in
            let name = context.parameters.get("name") ?? ""
            return try await answer(context) { ["name": .string(name), "deleted": .bool(try snapshots.delete(name))] }
        }
        router.get(RouterPath(Self.snapshotsPath + "/diff")) { [self] request, context in
            let from = request.uri.queryParameters.get("from")
            let to = request.uri.queryParameters.get("to")
            return try await answer(context) {
                guard let from else { throw SandboxError.invalid("from", "the snapshot to compare from is required") }
                return try await diff(from: from, to: to).json
            }
        }
    }

    /// The diff from snapshot `from` to snapshot `to`, or to the live state when `to` is nil.
    public func diff(from: String, to: String?) async throws -> SnapshotDiff {
        let set = snapshots
        let before = try set.path(of: from)
        guard FileManager.default.fileExists(atPath: before) else {
            throw SandboxError(.notFound, code: "snapshot_not_found", "no snapshot named '\(from)'")
        }
        if let to {
            let after = try set.path(of: to)
            guard FileManager.default.fileExists(atPath: after) else {
                throw SandboxError(.notFound, code: "snapshot_not_found", "no snapshot named '\(to)'")
            }
            return try SnapshotDiff.between(before, after)
        }
        let live = "live-\(UUID().uuidString.prefix(8).lowercased())"
        let info = try await SandboxSnapshots(store: store).snapshot(live)
        defer { _ = try? SandboxSnapshots(store: store).delete(live) }
        return try SnapshotDiff.between(before, info.path)
    }

    private func answer(_ context: SandboxRequestContext, _ body: () async throws -> JSONValue) async rethrows -> Response {
        let headers = ["X-Request-ID": context.requestID]
        do {
            return StoredResponse.json(.ok, try await body(), headers: headers).response()
        } catch let error as SandboxError {
            return FaultInjection.errorResponse(status: error.status.code, code: error.code, message: error.message,
                                                retryAfter: nil, requestID: context.requestID).response()
        } catch {
            return FaultInjection.errorResponse(status: 500, code: "internal_error", message: "snapshot failed: \(error)",
                                                retryAfter: nil, requestID: context.requestID).response()
        }
    }
}
