import Foundation

/// Where finished posters go: an S3-compatible bucket (``S3ObjectStore``) or, on one machine with no
/// object store, a directory the service serves itself (``FileObjectStore``).
public protocol ObjectStore: Sendable {
    /// Stores bytes under `name` (a retried upload of the same name overwrites the same object) and returns
    /// the URL clients download them from.
    func put(name: String, bytes: [UInt8], contentType: String) throws(StorageError) -> String
    /// A cheap check that the store is usable (for `/readyz`).
    func check() -> Result<Void, StorageError>
    /// What the store is, for logs and start-up messages (never a secret).
    var summary: String { get }
}
