import Testing
@testable import RenderService

/// What `Accept` asks of `POST /api/v1/posters/generate`, read as carto-art reads it: an image type anywhere
/// in the list asks for the poster itself.
@Suite struct AcceptHeaderTests {
    @Test(arguments: [
        (nil, PosterRoutes.Wanted.json), ("", .json), ("application/json", .json), ("*/*", .json),
        ("image/png", .image(.png)), ("image/*", .image(.png)), ("application/pdf", .image(.pdf)),
        ("application/json, image/png", .image(.png)), ("application/json;q=1, image/png;q=0.5", .image(.png)),
        ("text/html, application/pdf", .image(.pdf)), ("image/png, application/pdf", .image(.png)),
    ] as [(String?, PosterRoutes.Wanted)])
    func acceptPicksWhatToAnswer(_ accept: String?, _ wanted: PosterRoutes.Wanted) {
        #expect(PosterRoutes.wanted(accept) == wanted)
    }

    @Test func aTypeNeitherCanServeIsRefused() {
        #expect(PosterRoutes.wanted("text/html") == nil)
        #expect(PosterRoutes.wanted("image/jpeg") == nil)
    }
}
