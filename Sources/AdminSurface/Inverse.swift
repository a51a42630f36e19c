/// How a mutating operation is undone, declared as data next to the operation: compensation in
/// workflows (`adminsh.saga`), undo of journaled changes and confirmations all read it, so no
/// recipe hand-writes a second copy.
public enum Inverse: Sendable, Equatable {
    /// Undone by one call whose arguments come from the original call, its result, or values read
    /// before it (`InverseCall.read`).
    case call(InverseCall)
    /// No safe inverse; the reason says why (and what an admin can do instead).
    case none(reason: String)

    /// The call, if there is one.
    public var call: InverseCall? {
        if case .call(let c) = self { return c }
        return nil
    }
}

/// Where one argument of an inverse call comes from.
public enum ValueSource: Sendable, Equatable {
    /// The original call's positional argument (1-based: the first path parameter is 1).
    case argument(Int)
    /// A field of the original call's options table.
    case field(String)
    /// A dotted path into the original call's result (`id`, `rollback_token`).
    case result(String)
    /// A dotted path into the values read before the call (`InverseCall.read`).
    case previous(String)
    /// The same, keeping only these fields of the value (of each record, for a list): a read
    /// carries ids and timestamps the inverse does not take as input.
    case previousKeeping(String, [String])
    /// A fixed text.
    case literal(String)
}

/// The call that undoes an operation.
public struct InverseCall: Sendable, Equatable {
    /// Qualified name of the inverse (`conto.agents.delete`).
    public let operation: String
    /// Its positional (path) arguments, in order.
    public let arguments: [ValueSource]
    /// Its options table.
    public let fields: [String: ValueSource]
    /// For an update: the inverse is the same update, and every field the original call set is
    /// passed with its previous value (from `read`), on top of `fields`.
    public let restoresFields: Bool
    /// What must be read before the original call so the inverse can put values back.
    public let read: PreviousRead?

    public init(operation: String, arguments: [ValueSource] = [], fields: [String: ValueSource] = [:],
                restoresFields: Bool = false, read: PreviousRead? = nil) {
        self.operation = operation
        self.arguments = arguments
        self.fields = fields
        self.restoresFields = restoresFields
        self.read = read
    }
}

/// A read made before a mutating call, keeping the values its inverse needs.
public struct PreviousRead: Sendable, Equatable {
    /// Qualified name of the read (`conto.agents.get`).
    public let operation: String
    /// Its positional arguments.
    public let arguments: [ValueSource]
    /// A dotted path into the read's result where the previous values live (`webhook_filter`).
    public let path: String?
    /// Then, the element of the list there whose `match` field equals `equals`
    /// (`wallets` where `walletId` is argument 2).
    public let element: ElementMatch?

    public struct ElementMatch: Sendable, Equatable {
        public let list: String
        public let match: String
        public let equals: ValueSource
    }

    /// Read with the same positional arguments as the operation (filled in by `AdminOperation`).
    let sameArguments: Bool

    public init(operation: String, arguments: [ValueSource], path: String? = nil, element: ElementMatch? = nil) {
        self.init(operation: operation, arguments: arguments, path: path, element: element, sameArguments: false)
    }

    init(operation: String, arguments: [ValueSource], path: String?, element: ElementMatch?, sameArguments: Bool) {
        self.operation = operation
        self.arguments = arguments
        self.path = path
        self.element = element
        self.sameArguments = sameArguments
    }
}

extension Inverse {
    /// Undone by `operation` with these positional arguments and fields.
    public static func by(_ operation: String, _ arguments: ValueSource..., fields: [String: ValueSource] = [:],
                          reading read: PreviousRead? = nil) -> Inverse {
        .call(InverseCall(operation: operation, arguments: arguments, fields: fields, read: read))
    }

    /// An update undone by the same update with the previous values of the fields it set, read
    /// first with `read` (called with the update's positional arguments unless `readArguments`
    /// says otherwise). The operation and its arguments are filled in by `AdminOperation`.
    public static func restore(from read: String, readArguments: [ValueSource]? = nil, path: String? = nil,
                               element: PreviousRead.ElementMatch? = nil, fields: [String: ValueSource] = [:]) -> Inverse {
        .call(InverseCall(operation: "", arguments: [], fields: fields, restoresFields: true,
                          read: PreviousRead(operation: read, arguments: readArguments ?? [], path: path, element: element,
                                             sameArguments: readArguments == nil)))
    }

    /// Names qualified for `platform`, and a restore's own operation and arguments filled in.
    func resolved(for qualifiedName: String, platform: Platform, pathCount: Int) -> Inverse {
        guard case .call(let c) = self else { return self }
        let same = (0..<pathCount).map { ValueSource.argument($0 + 1) }
        let read = c.read.map { r in
            PreviousRead(operation: Self.qualify(r.operation, platform), arguments: r.sameArguments ? same : r.arguments,
                         path: r.path, element: r.element)
        }
        let operation = c.operation.isEmpty ? qualifiedName : Self.qualify(c.operation, platform)
        return .call(InverseCall(operation: operation, arguments: c.operation.isEmpty ? same : c.arguments, fields: c.fields,
                                 restoresFields: c.restoresFields, read: read))
    }

    /// `deleteAutomation` → `contio.deleteAutomation`; qualified names stay as they are.
    static func qualify(_ name: String, _ platform: Platform) -> String {
        Platform.allCases.contains { name.hasPrefix($0.rawValue + ".") } ? name : "\(platform.rawValue).\(name)"
    }
}

extension PreviousRead.ElementMatch {
    /// The element of `list` whose `match` equals `equals`.
    public static func element(of list: String, where match: String, equals: ValueSource) -> Self {
        Self(list: list, match: match, equals: equals)
    }
}
