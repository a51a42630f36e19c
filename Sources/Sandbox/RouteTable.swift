import ContioSandbox
import ContoSandbox
import SandboxCore

/// Every route both emulators declare, without handlers: what the coverage test matches
/// against the catalog, and what tools can list.
public enum RouteTable {
    /// The Contio routes: API operations, the OpenAPI document, SDK extras, control routes.
    public static var contio: [RouteDeclaration] { ContioSandbox.routeDeclarations }
    /// The Conto routes, likewise.
    public static var conto: [RouteDeclaration] { ContoSandbox.routeDeclarations }
}
