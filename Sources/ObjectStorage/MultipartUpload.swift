import Foundation
import HTTPTransport

/// One S3 multipart upload: initiate, send the parts in parallel, complete; on any failure the upload is
/// aborted so that the parts already stored are not left behind.
struct MultipartUpload {
    let store: S3ObjectStore
    let key: String
    let contentType: String

    func run(_ bytes: [UInt8]) throws(StorageError) {
        let uploadID = try initiate()
        do {
            let etags = try sendParts(bytes, uploadID: uploadID)
            try complete(uploadID: uploadID, etags: etags)
        } catch {
            // The abort's own failure must not hide the error that caused it.
            _ = try? store.send("DELETE", key: key, query: [("uploadId", uploadID)])
            throw error
        }
    }

    private func initiate() throws(StorageError) -> String {
        let response = try store.send("POST", key: key, query: [("uploads", "")], headers: store.objectHeaders(contentType: contentType))
        try store.expectSuccess(response, doing: "starting the multipart upload of \(key)")
        guard let id = S3ErrorDocument.element("UploadId", in: String(decoding: response.body, as: UTF8.self)), !id.isEmpty else {
            throw StorageError(.unavailable, "starting the multipart upload of \(key): the answer carries no UploadId")
        }
        return id
    }

    /// Sends every part, `partConcurrency` at a time, and returns their ETags in part order.
    private func sendParts(_ bytes: [UInt8], uploadID: String) throws(StorageError) -> [String] {
        let size = store.configuration.partSize
        let count = (bytes.count + size - 1) / size
        let results = PartResults(count: count)
        let group = DispatchGroup()
        for _ in 0..<min(store.configuration.partConcurrency, count) {
            group.enter()
            // Parts block on the network, so each sender is a thread of its own rather than a task on the
            // cooperative pool.
            let thread = Thread { [store, key] in
                defer { group.leave() }
                while let index = results.next() {
                    let part = Array(bytes[(index * size)..<min(bytes.count, (index + 1) * size)])
                    do throws(StorageError) {
                        let response = try store.send("PUT", key: key, query: [("partNumber", String(index + 1)), ("uploadId", uploadID)], body: part)
                        try store.expectSuccess(response, doing: "uploading part \(index + 1) of \(count) of \(key)")
                        guard let etag = response.header("ETag") else {
                            throw StorageError(.unavailable, "part \(index + 1) of \(key): the answer carries no ETag")
                        }
                        results.record(index, .success(etag))
                    } catch {
                        results.record(index, .failure(error))
                    }
                }
            }
            thread.start()
        }
        group.wait()
        return try results.all()
    }

    private func complete(uploadID: String, etags: [String]) throws(StorageError) {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for (index, etag) in etags.enumerated() {
            let escaped = etag.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(escaped)</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let response = try store.send("POST", key: key, query: [("uploadId", uploadID)], headers: [("Content-Type", "application/xml")],
                                      body: Array(xml.utf8))
        try store.expectSuccess(response, doing: "completing the multipart upload of \(key)")
        // S3 may answer 200 and still report a failure in the body (the connection is kept alive while it
        // assembles the parts).
        if String(decoding: response.body.prefix(512), as: UTF8.self).contains("<Error>") {
            throw S3ObjectStore.error(HTTPResponse(status: 500, headers: [], body: response.body),
                                      doing: "completing the multipart upload of \(key)", bucket: store.configuration.endpoint.bucket)
        }
    }
}

/// The parts' outcomes, filled in by several sender threads; stops handing out parts after a failure.
final class PartResults: @unchecked Sendable {
    // @unchecked: every field is touched only under `lock`.
    private let lock = NSLock()
    private var outcomes: [Result<String, StorageError>?]
    private var nextIndex = 0
    private var failed = false

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.withLock {
            guard !failed, nextIndex < outcomes.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func record(_ index: Int, _ outcome: Result<String, StorageError>) {
        lock.withLock {
            outcomes[index] = outcome
            if case .failure = outcome { failed = true }
        }
    }

    func all() throws(StorageError) -> [String] {
        let snapshot = lock.withLock { outcomes }
        var etags: [String] = []
        for outcome in snapshot {
            switch outcome {
            case .success(let etag)?: etags.append(etag)
            case .failure(let error)?: throw error
            case nil: throw StorageError(.unavailable, "a part was not sent")
            }
        }
        return etags
    }
}
