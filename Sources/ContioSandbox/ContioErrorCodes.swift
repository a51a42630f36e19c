import SandboxCore

/// The 400 codes of the routes whose spec enumerates them. Handlers raise the sandbox's
/// generic codes (`invalid_request`, `validation_error`, `invalid_request_body`); on these
/// routes a 400 whose code the spec does not list for that route is answered with the route's
/// own code instead, so every 400 body validates against the route's schema.
enum ContioErrorCodes {
    /// One route's 400 vocabulary, as the spec lists it.
    struct BadRequest: Sendable, Equatable {
        /// Every code the spec lists for the route's 400.
        var allowed: Set<String>
        /// The code of a refused field or body (a malformed body too, when `allowed` lacks
        /// `invalid_request_body`).
        var field: String
        /// The code of a malformed path identifier, where the spec has one.
        var pathID: String? = nil
    }

    private static let idpCodes: Set<String> = [
        "invalid_request_body", "invalid_idp_credentials", "invalid_idp", "domain_is_generic", "domain_already_claimed",
        "domain_reserved", "domain_not_verified", "invalid_domain", "strict_mode_requires_domains", "discovery_fetch_failed",
    ]
    private static let domainCodes: Set<String> = ["invalid_domain", "domain_reserved", "domain_is_generic"]
    private static let automationCodes: Set<String> = ["invalid_automation_id", "invalid_request_body", "validation_error"]

    /// By catalog operation name (`contio.<method>`).
    static let badRequest: [String: BadRequest] = [
        "contio.updateApp": BadRequest(allowed: ["invalid_request", "invalid_request_body", "validation_error"], field: "validation_error"),
        "contio.replaceApp": BadRequest(allowed: ["invalid_request", "invalid_request_body", "validation_error"], field: "validation_error"),
        "contio.updateAppStatus": BadRequest(allowed: ["invalid_request_body", "invalid_status"], field: "invalid_status"),
        "contio.createAutomation": BadRequest(allowed: ["invalid_request_body", "validation_error"], field: "validation_error"),
        "contio.updateAutomation": BadRequest(allowed: automationCodes, field: "validation_error", pathID: "invalid_automation_id"),
        "contio.replaceAutomation": BadRequest(allowed: automationCodes, field: "validation_error", pathID: "invalid_automation_id"),
        "contio.rotateAPIKey": BadRequest(allowed: ["bad_request", "rate_limit_exceeded"], field: "bad_request"),
        "contio.rotateClientSecret": BadRequest(allowed: ["bad_request", "rate_limit_exceeded"], field: "bad_request"),
        "contio.rotateWebhookSecret": BadRequest(allowed: ["bad_request"], field: "bad_request"),
        "contio.createIdPConfig": BadRequest(allowed: idpCodes.union(["idp_config_exists"]), field: "invalid_request_body"),
        "contio.updateIdPConfig": BadRequest(allowed: idpCodes, field: "invalid_request_body"),
        "contio.replaceIdPConfig": BadRequest(allowed: idpCodes, field: "invalid_request_body"),
        "contio.getIdpDomainVerification": BadRequest(allowed: domainCodes, field: "invalid_domain"),
        "contio.initiateIdpDomainVerification": BadRequest(allowed: domainCodes, field: "invalid_domain"),
        "contio.checkIdpDomainVerification": BadRequest(allowed: domainCodes, field: "invalid_domain"),
        "contio.setWebhookFilter": BadRequest(allowed: ["invalid_request_body", "validation_error"], field: "validation_error"),
    ]

    /// The routes with a 400 vocabulary by `"<METHOD> <path template>"`, as the pipeline names a
    /// route when it renders an error: the operation and its path parameters.
    private static let routes: [String: (operation: String, pathParameters: [String])] = {
        var index: [String: (operation: String, pathParameters: [String])] = [:]
        for route in ContioSandbox.routes where badRequest[route.name] != nil {
            let parameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }
                .map { String($0.dropFirst().dropLast()) }
            index["\(route.method) \(route.path)"] = (route.name, parameters)
        }
        return index
    }()

    /// `error` as the route named `route` (`"PUT /v1/partner/admin/app/status"`) answers it: a 400
    /// whose code is not in the route's list takes the route's code (the message still names the
    /// field), whether a handler or the pipeline (e.g. a malformed `Idempotency-Key`) refused the
    /// request. Other statuses and other routes pass unchanged.
    static func translate(_ error: SandboxError, forRoute route: String) -> SandboxError {
        guard error.status == .badRequest, let (operation, pathParameters) = routes[route],
              let codes = badRequest[operation], !codes.allowed.contains(error.code) else { return error }
        var translated = error
        if let pathID = codes.pathID, pathParameters.contains(where: { error.message.hasPrefix($0 + ":") }) {
            translated.code = pathID
        } else {
            translated.code = codes.field
        }
        return translated
    }
}
