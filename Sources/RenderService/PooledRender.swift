import Foundation
import PosterPipeline
import PosterRenderer

/// Renders one order with a context from the pool: the one render path that the synchronous route and the
/// workers share. It checks a context out and back in, runs the pipeline, records the render's metrics and
/// learns its speed, and names every failure by its ``ErrorCode``; what to do about a failure (answer it,
/// retry the job, release it) is the caller's.
struct PooledRender {
    let runtime: ServiceRuntime

    /// Why a render did not give a poster.
    enum Failure: Error {
        /// Asked to stop (`shouldContinue` said no): the caller knows whether for a deadline, a lost lease
        /// or a shutdown.
        case stopped
        /// Failed for a reason the table names, with the error behind it.
        case failed(ErrorCode, String, cause: (any Error)?)
    }

    /// - Parameters:
    ///   - checkoutTimeout: seconds to wait for a free context; none free after it is ``ErrorCode/busy``.
    ///   - progress: each stage as the pipeline reaches it.
    func run(_ order: PosterOrder, checkoutTimeout: Double, progress: @escaping (PosterStage) -> Void = { _ in },
             shouldContinue: () -> Bool) -> Result<RenderedPoster, Failure> {
        let started = Date()
        let context: RenderContext
        do {
            guard let free = try runtime.pool.checkout(timeout: checkoutTimeout) else {
                return .failure(.failed(.busy, "every render context is busy", cause: nil))
            }
            context = free
        } catch {
            return .failure(.failed(.renderContext, "could not make a render context: \(error)", cause: error))
        }
        defer { runtime.pool.checkin(context) }
        // The cores the renders in flight leave this one: two renders each splitting their work across both
        // of two cores run four busy threads on two cores, each poster costing more CPU than alone.
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, runtime.pool.statistics.inUse))
        let poster: RenderedPoster
        do {
            poster = try runtime.pipeline.run(order.poster, fonts: context.fonts, bands: context.bands, cores: cores,
                                              progress: progress, shouldContinue: shouldContinue)
        } catch where error.code == .cancelled {
            return .failure(.stopped)
        } catch {
            return .failure(.failed(ErrorCode(error.code), error.message, cause: error))
        }
        let seconds = Date().timeIntervalSince(started)
        runtime.metrics.rendered(poster, totalSeconds: seconds)
        runtime.estimator.record(seconds: seconds, pixels: poster.width * poster.height)
        return .success(poster)
    }
}
