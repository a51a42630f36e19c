import Foundation

/// `/api/alerts`: alerts raised by freezes, denied payments and spend warnings (contract §3.5).
enum AlertRoutes {
    static var all: [ContoRoute] { [list, stats, bulkAcknowledge, bulkResolve, get, acknowledge, resolve] }

    static let list = ContoRoute.get(
        "/api/alerts", "alerts.list", "List alerts, newest first", tag: "Alerts", access: .org(.alertsRead),
        query: [.filter("status", .cases(AlertStatus.self), "Alert status"), .filter("severity", .cases(AlertSeverity.self), "Severity"),
                .filter("type", .cases(AlertType.self), "Alert type"), .filter("agentId", "Only alerts about this agent"), .limit, .offset],
        response: Envelope.pagedSchema("alerts", "Alert")
    ) { call in
        let page = try call.query.page()
        var query = DocumentQuery<Alert>(order: .newestFirst)
        query.field("status", equals: try call.query.enumeration("status", AlertStatus.self)?.rawValue)
        query.field("severity", equals: try call.query.enumeration("severity", AlertSeverity.self)?.rawValue)
        query.field("type", equals: try call.query.enumeration("type", AlertType.self)?.rawValue)
        query.field("agentId", equals: call.query.string("agentId"))
        let (alerts, total) = try call.docs.page(query, org: call.org, limit: page.limit, offset: page.offset)
        return Envelope.paged("alerts", page: try alerts.map { try json(call, $0) }, total: total, page: page)
    }

    static let stats = ContoRoute.get(
        "/api/alerts/stats", "alerts.stats", "Alert counts by status, severity and type", tag: "Alerts", access: .org(.alertsRead),
        response: .record(["total": .integer, "byStatus": .map, "bySeverity": .map, "byType": .map])
    ) { call in
        // Totals by status from the counts table; by severity and type from one pass over each
        // field's index, without decoding an alert.
        let every = DocumentQuery<Alert>()
        var byStatus: [String: JSON] = [:]
        for status in AlertStatus.allCases {
            let count = try call.docs.typed.countedTotal(Alert.self, tenant: call.org, statuses: [status.rawValue])
            if count > 0 { byStatus[status.rawValue] = .count(count) }
        }
        func counts(_ field: String) throws -> JSON {
            .object(try call.docs.counts(every, groupedBy: field, org: call.org).mapValues { .count($0) })
        }
        return ["total": .count(try call.docs.count(every, org: call.org)), "byStatus": .object(byStatus),
                "bySeverity": try counts("severity"), "byType": try counts("type")]
    }

    static let get = ContoRoute.get(
        "/api/alerts/{alertId}", "alerts.get", "Get an alert", tag: "Alerts", access: .org(.alertsRead), response: .ref("Alert")
    ) { call in
        try json(call, try call.docs.require(Alert.self, call.param("alertId"), org: call.org))
    }

    static let acknowledge = ContoRoute.send(
        .post, "/api/alerts/{alertId}/acknowledge", "alerts.acknowledge", "Acknowledge an alert", tag: "Alerts",
        access: .org(.alertsWrite), response: .ref("Alert")
    ) { call in
        try json(call, try transition(call, call.param("alertId"), to: .acknowledged))
    }

    static let resolve = ContoRoute.send(
        .post, "/api/alerts/{alertId}/resolve", "alerts.resolve", "Resolve an alert (409 ALREADY_RESOLVED if it is)", tag: "Alerts",
        access: .org(.alertsWrite), response: .ref("Alert")
    ) { call in
        try json(call, try transition(call, call.param("alertId"), to: .resolved))
    }

    static let bulkBody = Schema.record(["alertIds": .array(.string)])
    static let bulkResponse = Schema.record(["updated": .integer, "alerts": .array(.ref("Alert"))])

    static let bulkAcknowledge = ContoRoute.send(
        .post, "/api/alerts/bulk/acknowledge", "alerts.bulkAcknowledge", "Acknowledge several alerts (all or none)", tag: "Alerts",
        access: .org(.alertsWrite), body: bulkBody, example: ["alertIds": ["{alertId}"]], response: bulkResponse
    ) { call in
        try bulk(call, to: .acknowledged)
    }

    static let bulkResolve = ContoRoute.send(
        .post, "/api/alerts/bulk/resolve", "alerts.bulkResolve", "Resolve several alerts (all or none)", tag: "Alerts",
        access: .org(.alertsWrite), body: bulkBody, example: ["alertIds": ["{alertId}"]], response: bulkResponse
    ) { call in
        try bulk(call, to: .resolved)
    }

    private static func bulk(_ call: ContoCall, to status: AlertStatus) throws -> JSON {
        let ids = try call.fields().strings("alertIds", required: true)!
        guard !ids.isEmpty else { throw ContoError.validation("alertIds", "must name at least one alert") }
        let alerts = try ids.map { try transition(call, $0, to: status) }
        return ["updated": .count(alerts.count), "alerts": .array(try alerts.map { try json(call, $0) })]
    }

    private static func transition(_ call: ContoCall, _ id: String, to status: AlertStatus) throws -> Alert {
        var alert = try call.docs.require(Alert.self, id, org: call.org)
        guard alert.status != .resolved else { throw ContoError.conflict("ALREADY_RESOLVED", "Alert \(id) is already resolved") }
        let before = try json(call, alert)
        alert.status = status
        if status == .acknowledged || alert.acknowledgedAt == nil {
            alert.acknowledgedAt = alert.acknowledgedAt ?? call.now
            alert.acknowledgedBy = alert.acknowledgedBy ?? call.caller?.keyId
        }
        if status == .resolved {
            alert.resolvedAt = call.now
            alert.resolvedBy = call.caller?.keyId
        }
        try call.docs.save(alert)
        try call.audit(status == .resolved ? "ALERT_RESOLVED" : "UPDATE", "alert", alert.id, previous: before, new: try json(call, alert))
        return alert
    }

    static func json(_ call: ContoCall, _ alert: Alert) throws -> JSON {
        alert.json(agent: try alert.agentId.flatMap { try call.docs.get(Agent.self, $0, org: call.org) },
                   wallet: try alert.walletId.flatMap { try call.docs.get(Wallet.self, $0, org: call.org) })
    }
}
