/// One kind of Contio document: the `kind` column of `contio_documents`.
protocol ContioKind {
    static var name: String { get }
}

/// Every kind of document Contio keeps, as types, so the typed store reads each kind as its own
/// record type (`ContioRecord<ContioKinds.Template>`).
enum ContioKinds {
    enum Automation: ContioKind { static let name = "automation" }
    enum Connection: ContioKind { static let name = "connection" }
    enum IdPConfig: ContioKind { static let name = "idp" }
    enum IdPDomain: ContioKind { static let name = "idp_domain" }
    enum NextStep: ContioKind { static let name = "next_step" }
    enum ActionButton: ContioKind { static let name = "action_button" }
    enum Shortcut: ContioKind { static let name = "shortcut" }
    enum Template: ContioKind { static let name = "template" }
    /// A template's link to a next step, id `<template>:<next step>`.
    enum TemplateNextStep: ContioKind { static let name = "template_next_step" }
    enum Toolkit: ContioKind { static let name = "toolkit" }
    enum ToolkitVersion: ContioKind { static let name = "toolkit_version" }
    enum WorkflowTemplate: ContioKind { static let name = "workflow_template" }
    enum Workspace: ContioKind { static let name = "workspace" }

    static let automation = Automation.self
    static let connection = Connection.self
    static let idp = IdPConfig.self
    static let idpDomain = IdPDomain.self
    static let nextStep = NextStep.self
    static let actionButton = ActionButton.self
    static let shortcut = Shortcut.self
    static let template = Template.self
    static let templateNextStep = TemplateNextStep.self
    static let toolkit = Toolkit.self
    static let toolkitVersion = ToolkitVersion.self
    static let workflowTemplate = WorkflowTemplate.self
    static let workspace = Workspace.self
}
