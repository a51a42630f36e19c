// List envelopes of the contract (§2.1) and their schemas.

enum Envelope {
    /// `{<key>: [...], pagination: {total, limit, offset, hasMore}}` over a page SQLite already
    /// cut (`DocumentStore.page`); `total` counts every match.
    static func paged(_ key: String, page items: [JSON], total: Int, page: (limit: Int, offset: Int)) -> JSON {
        [key: .array(items), "pagination": pagination(total: total, page: page)]
    }

    static func pagination(total: Int, page: (limit: Int, offset: Int)) -> JSON {
        ["total": .count(total), "limit": .count(page.limit), "offset": .count(page.offset),
         "hasMore": .bool(page.offset + page.limit < total)]
    }

    /// Schema of a paged envelope of `item`.
    static func pagedSchema(_ key: String, _ item: String) -> Schema {
        .record([key: .array(.ref(item)), "pagination": .ref("Pagination")])
    }

    /// Schema of `{<key>: [item]}`.
    static func listSchema(_ key: String, _ item: String) -> Schema {
        .record([key: .array(.ref(item))])
    }

    static let paginationSchema = Schema.record(["total": .integer, "limit": .integer, "offset": .integer, "hasMore": .boolean])

    /// `{"success": true}` for deletes [I].
    static let success: JSON = ["success": true]
    static let successSchema = Schema.record(["success": .boolean])
}
