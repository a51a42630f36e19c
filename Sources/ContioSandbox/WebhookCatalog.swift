import Foundation
import SandboxCore

/// The 35 event types of `contio-webhooks.asyncapi.yaml` with their required `data` fields,
/// used to validate filters and to synthesise sample payloads for the trigger endpoint.
enum WebhookCatalog {
    static let requiredFields: [String: [String]] = [
        "action_button.triggered": ["action_button_id", "action_button_name", "trigger_mode", "triggered_at", "triggered_by"],
        "action_item.created": ["action_item_id", "created_at", "meeting_id", "title", "workspace_id"],
        "action_item.updated": ["action_item_id", "is_completed", "meeting_id", "status", "updated_at", "workspace_id"],
        "action_item.completed": ["action_item_id", "completed_at", "completed_by_user_id", "meeting_id", "title", "workspace_id"],
        "agenda_item.created": ["agenda_item_id", "created_at", "item_type", "title"],
        "agenda_item.updated": ["agenda_item_id", "item_type", "status", "title", "updated_at"],
        "agenda_item.deleted": ["agenda_item_id", "deleted_at"],
        "automation.assignment.created": ["action_item_id", "assignment_id", "automation_id", "automation_name", "created_at",
                                          "meeting_id", "status", "workspace_id"],
        "calendar_event.created": ["attendee_count", "calendar_event_id", "end_time", "is_all_day", "start_time", "title"],
        "calendar_event.updated": ["attendee_count", "calendar_event_id", "end_time", "is_all_day", "start_time", "title"],
        "calendar_event.deleted": ["calendar_event_id"],
        "canvas_template.applied": ["applied_at", "applied_by_user_id", "applied_items", "canvas_id", "template_id", "template_name"],
        "meeting.created": ["created_at", "created_by_user_id", "meeting_id", "title", "workspace_id"],
        "meeting.updated": ["meeting_id", "title", "updated_at", "workspace_id"],
        "meeting.completed": ["completed_at", "meeting_id", "title", "workspace_id"],
        "meeting.context.created": ["context_id", "created_at", "meeting_id", "workspace_id"],
        "meeting.context.deleted": ["context_id", "deleted_at", "meeting_id", "workspace_id"],
        "meeting.context.processed": ["context_id", "meeting_id", "processed_at", "workspace_id", "sanitization_report"],
        "meeting_template.applied": ["applied_at", "applied_by_user_id", "applied_items", "meeting_id", "template_id", "template_name"],
        "next_step.completed": ["context_id", "context_type", "executed_at", "executed_by", "execution_mode", "next_step_id", "next_step_name"],
        "participant.added": ["added_at", "meeting_id", "participants", "workspace_id"],
        "participant.removed": ["meeting_id", "participant_id", "removed_at", "workspace_id"],
        "partner.idp.domain_verified": ["domain", "status", "verified_at"],
        "partner.idp.domain_verification_failed": ["domain", "failed_at", "reason", "status"],
        "partner.idp.domain_revoked": ["domain", "revoked_at", "status"],
        "session.expired": ["expired_at", "last_activity_at", "session_id", "turn_count"],
        "session.turn.completed": ["completed_at", "sequence_number", "session_id", "turn_id"],
        "session.turn.failed": ["error_code", "error_message", "failed_at", "sequence_number", "session_id", "turn_id"],
        "user.connection.revoked": ["connection_id", "revoked_at"],
        "workflow.run.started": ["originating_id", "originating_type", "run_id", "started_at", "template_id", "trigger_type", "workspace_id"],
        "workflow.run.completed": ["completed_at", "duration_ms", "final_status", "run_id", "template_id", "total_steps", "workspace_id"],
        "workflow.run.failed": ["error_message", "failed_at", "final_status", "run_id", "template_id", "workspace_id"],
        "workflow.step.completed": ["completed_at", "node_id", "node_type", "run_id", "status", "step_id"],
        "workflow.task.created": ["assignee_user_id", "created_at", "run_id", "task_id", "task_type", "title", "workspace_id"],
        "workflow.task.resolved": ["decision", "resolved_at", "resolved_by", "run_id", "task_id", "workspace_id"],
    ]

    /// All event types, sorted.
    static let eventTypes: [String] = requiredFields.keys.sorted()

    static func isKnown(_ type: String) -> Bool { requiredFields[type] != nil }

    /// Plausible sample `data` for `type`: every required field, values derived from the name.
    static func sampleData(for type: String, now: Date) -> JSONValue {
        var data: [String: JSONValue] = [:]
        for field in requiredFields[type] ?? [] { data[field] = sampleValue(field: field, now: now) }
        return .object(data)
    }

    private static func sampleValue(field: String, now: Date) -> JSONValue {
        switch field {
        case "applied_items": return ["agenda_items": 3, "documents": 0, "participants": 2, "collaborators": 2]
        case "sanitization_report": return ["formula_escaped": 0, "pii_detected": 0, "secrets_detected": 0]
        case "participants": return [["participant_id": .string(SandboxIDs.uuid()), "role": "EDITOR", "user_id": .string(SandboxIDs.uuid())]]
        case "is_completed", "is_all_day": return false
        case "attendee_count", "turn_count", "sequence_number", "duration_ms", "total_steps": return 3
        case "domain": return "sandbox.test"
        case "status": return "completed"
        case "item_type": return "DISCUSSION"
        case "executed_by", "triggered_by", "resolved_by": return .string(SandboxIDs.uuid())
        default: break
        }
        if field.hasSuffix("_at") || field.hasSuffix("_time") { return .string(SandboxTime.format(now)) }
        if field.hasSuffix("_id") { return .string(SandboxIDs.uuid()) }
        return .string("sample \(field.replacingOccurrences(of: "_", with: " "))")
    }
}
