import Hummingbird

/// The request context of every sandbox route: Hummingbird's core storage plus a request id.
public struct SandboxRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `req_…` id, echoed in error bodies and the `X-Request-ID` response header.
    public let requestID: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = SandboxIDs.requestID()
    }

    /// Request bodies above 1 MiB are refused (manifests are the largest legitimate bodies).
    public var maxUploadSize: Int { 1 << 20 }
}
