extension ContioCatalog {
    static func idpFields(create: Bool) -> [Parameter] {
        var fields = [
            Parameter("name", .string, required: create, "Display name (1-255 characters)"),
            Parameter("discovery_url", .string, required: create, "Your IdP's URL ending in /.well-known/openid-configuration"),
            Parameter("idp_client_id", .string, required: create, "Client id of your IdP's OIDC application (not Contio's)"),
            Parameter("idp_client_secret", .string, required: create, "Client secret of your IdP's OIDC application; stored encrypted, never returned"),
            Parameter("mode", .enumeration(["strict", "partner_managed"]), required: create,
                      "strict: only allowed_email_domains (verified) may sign in; partner_managed: trust the IdP"),
            Parameter("scopes", .array(.string), default: create ? "openid, email, profile" : nil, "OIDC scopes to request"),
            Parameter("claim_mappings", .object, default: create ? "{email=email, name=name}" : nil, "Contio user field to IdP claim name"),
            Parameter("allowed_email_domains", .array(.string), "Email domains allowed to sign in (required for strict mode)"),
        ]
        if !create { fields.append(Parameter("is_active", .boolean, "Enable or disable the configuration")) }
        return fields
    }

    /// The app's OIDC identity provider and the domains it may claim.
    static let idp: [AdminOperation] = [
        op("getIdPConfig", "idp", .get, "/idp",
           summary: "Get the app's OIDC IdP configuration (404 if none).",
           help: "The client secret is never returned; discovered endpoints (issuer, jwks_uri, ...) are included."),
        op("createIdPConfig", "idp", .post, "/idp", idpFields(create: true),
           undo: .by("deleteIdPConfig"),
           summary: "Configure the app's OIDC identity provider for SSO.",
           help: "One configuration per app (409 if one exists). OIDC only. Strict mode requires allowed_email_domains, each verified first (initiateIdpDomainVerification, checkIdpDomainVerification)."),
        op("updateIdPConfig", "idp", .patch, "/idp", idpFields(create: false),
           undo: .restore(from: "getIdPConfig"),
           summary: "Update the IdP configuration; only the given fields change.",
           help: "PATCH /idp. The SDK's updateIdPConfig sends the deprecated PUT. 404 if none is configured, 409 if a domain is claimed by another app."),
        op("replaceIdPConfig", "idp", .put, "/idp", idpFields(create: false),
           undo: .restore(from: "getIdPConfig"),
           summary: "Update the IdP configuration (deprecated PUT; prefer updateIdPConfig).",
           help: "Deprecated by the API in favour of PATCH /idp (contio.updateIdPConfig). Same fields and result."),
        op("deleteIdPConfig", "idp", .delete, "/idp",
           undo: .none(reason: "the IdP client secret is never returned, so the configuration cannot be recreated from a read"),
           summary: "Delete the IdP configuration.",
           help: "Answers 204, or 404 if none is configured."),
        op("getIdpDomainVerification", "idp", .get, "/idp/domains/{domain}",
           summary: "Verification status of a domain (no DNS lookup).",
           help: "Returns domain, dns_record_name, dns_record_value, status (pending, verified, expired), expires_at or verified_at. A stale pending challenge reads as expired."),
        op("initiateIdpDomainVerification", "idp", .post, "/idp/domains/{domain}/verify",
           undo: .none(reason: "a challenge cannot be withdrawn; an unused one expires"),
           summary: "Start verifying a domain: returns the DNS TXT record to publish.",
           help: "Publish a TXT record named _contio-challenge.<domain> with the returned value, then call checkIdpDomainVerification. Calling again rotates a pending token. Each subdomain is verified separately. Answers 201."),
        op("checkIdpDomainVerification", "idp", .post, "/idp/domains/{domain}/check",
           undo: .none(reason: "a verified domain stays verified"),
           summary: "Look up the domain's TXT record and mark it verified on a match.",
           help: "Idempotent for verified domains; 404 if no challenge was issued."),
    ]
}
