import ArgumentParser
import Foundation
import ObjectStorage

/// `cartopress-bench storage`: upload throughput to an S3-compatible bucket, measured the way
/// `Benchmarks/s3_upload_boto3.py` measures boto3, so the two can be compared on the same server
/// (`scripts/storage-bench.sh` runs both).
struct StorageBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Measure upload throughput to an S3-compatible bucket: N objects with C uploads in flight.")

    @Option(help: "The S3 endpoint, e.g. http://127.0.0.1:9000.") var endpoint: String
    @Option(help: "The bucket.") var bucket: String
    @Option(help: "Access key id.") var accessKey: String
    @Option(help: "Secret access key.") var secretKey: String
    @Option(help: "Region the requests are signed for.") var region: String = "us-east-1"
    @Option(help: "path or virtual.") var addressing: String = "path"
    @Option(help: "Objects per run.") var objects: Int = 100
    @Option(help: "Size of each object in MiB.") var sizeMb: Double = 2
    @Option(help: "Uploads in flight.") var concurrency: Int = 4
    @Option(help: "Measured runs after a warm-up (the median is reported).") var runs: Int = 5
    @Option(help: "Key prefix of the uploaded objects.") var prefix: String = "bench/cartopress"
    @Flag(help: "Also print the figures as one JSON line.") var json = false

    func run() throws {
        guard let style = S3Endpoint.Addressing(rawValue: addressing) else { throw ValidationError("--addressing is path or virtual") }
        let store = try S3ObjectStore(configuration: S3Configuration(
            endpoint: try S3Endpoint(endpoint: endpoint, bucket: bucket, addressing: style), region: region,
            credentials: AWSCredentials(accessKeyID: accessKey, secretAccessKey: secretKey)))
        var generator = SystemRandomNumberGenerator()
        let body = (0..<Int(sizeMb * 1_048_576)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let totalMB = Double(body.count * objects) / 1_048_576

        // Run 0 is a warm-up (connections, the server's first volumes) and is not counted.
        var rates: [Double] = []
        for run in 0...runs {
            let seconds = try uploadAll(store, body: body, label: run == 0 ? "warmup" : "run\(run)")
            guard run > 0 else { continue }
            rates.append(totalMB / seconds)
            print(String(format: "run %d: %.0f MB in %.3f s = %.1f MB/s", run, totalMB, seconds, rates.last!))
        }
        let sorted = rates.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        print(String(format: "cartopress median: %.1f MB/s", median))
        if json {
            let figures: [String: Any] = ["client": "cartopress", "objects": objects, "object_bytes": body.count, "concurrency": concurrency,
                                          "runs_mb_per_s": rates.map { ($0 * 100).rounded() / 100 }, "median_mb_per_s": (median * 100).rounded() / 100,
                                          "min_mb_per_s": ((sorted.first ?? 0) * 100).rounded() / 100, "max_mb_per_s": ((sorted.last ?? 0) * 100).rounded() / 100]
            print(String(decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]), as: UTF8.self))
        }
    }

    /// Uploads every object with `concurrency` threads taking the next index; returns the wall time.
    private func uploadAll(_ store: S3ObjectStore, body: [UInt8], label: String) throws -> Double {
        let next = UploadIndex()
        let failure = FailureBox()
        let group = DispatchGroup()
        let started = Date()
        for _ in 0..<concurrency {
            group.enter()
            Thread { [prefix, objects] in
                defer { group.leave() }
                while let index = next.take(below: objects), failure.first == nil {
                    do throws(StorageError) {
                        try store.upload(key: String(format: "%@/%@/%05d", prefix, label, index), bytes: body, contentType: "application/octet-stream")
                    } catch {
                        failure.record(error)
                    }
                }
            }.start()
        }
        group.wait()
        if let error = failure.first { throw ValidationError("upload failed: \(error)") }
        return Date().timeIntervalSince(started)
    }
}

/// Hands out 0, 1, 2 … to several threads.
private final class UploadIndex: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

/// The first error of several threads.
private final class FailureBox: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var error: StorageError?
    var first: StorageError? { lock.withLock { error } }
    func record(_ error: StorageError) { lock.withLock { if self.error == nil { self.error = error } } }
}
