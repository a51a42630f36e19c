import Foundation

/// Raising alerts from sandbox activity.
enum Alerts {
    static func raise(_ call: ContoCall, _ type: AlertType, _ severity: AlertSeverity, title: String, message: String,
                      agentId: String? = nil, walletId: String? = nil, metadata: [String: JSON] = [:]) throws {
        let alert = Alert(id: ContoKeys.id("alert"), orgId: call.org, type: type, severity: severity, status: .active, title: title,
                          message: message, agentId: agentId, walletId: walletId, metadata: .object(metadata),
                          acknowledgedAt: nil, acknowledgedBy: nil, resolvedAt: nil, resolvedBy: nil, createdAt: call.now)
        try call.docs.save(alert)
    }
}
