import PosterPipeline
import PosterRenderer
import StyleKit

/// The OpenAPI 3.1 description of the whole API, served at `/openapi.json` and checked against the live
/// service by the schemathesis test (`Tests/RenderServiceTests/SchemathesisTests.swift`).
///
/// The document is a template: every limit comes from ``PosterLimits`` (with this instance's configured
/// sizes) and the style ids from the styles actually loaded, so the document never promises what this
/// instance would refuse, and never states a range the parser does not check.
enum OpenAPIDocument {
    /// The document for a service with these limits and styles.
    static func json(limits: PosterLimits, styleIDs: [String]) -> String {
        func number(_ value: Double) -> String { FieldReader.format(value) }
        // Every range comes from the one table the parser and the CLI check against.
        var values: [String: String] = [
            "MIN_SIDE": String(PosterLimits.minSide), "MAX_SIDE": String(limits.maxSide),
            "TITLE_LENGTH": String(PosterLimits.titleLength), "SUBTITLE_LENGTH": String(PosterLimits.subtitleLength),
            "MARKER_LABEL_LENGTH": String(PosterLimits.markerLabelLength),
            "TITLE_FAMILIES": PosterLimits.titleFamilies.joined(separator: "\", \""),
            "TITLE_WEIGHT_NAMES": PosterDesign.TitleWeight.names.map { $0.name.lowercased() }.joined(separator: "\", \""),
            "TIMEOUT_MIN": String(PosterRequestParser.timeoutMilliseconds.lowerBound),
            "TIMEOUT_MAX": String(PosterRequestParser.timeoutMilliseconds.upperBound),
        ]
        let ranges: [String: ClosedRange<Double>] = [
            "LATITUDE": PosterLimits.acceptedLatitude, "LONGITUDE": PosterLimits.longitude, "ZOOM": PosterLimits.zoom,
            "BEARING": PosterLimits.bearing, "PITCH": PosterLimits.pitch, "PIXEL_RATIO": PosterLimits.pixelRatio,
            "DPI": PosterLimits.dpi, "MARGIN": PosterLimits.marginPercent, "TITLE_SCALE": PosterLimits.titleScale,
            "LETTER_SPACING": PosterLimits.titleLetterSpacing, "MARKER_SIZE": PosterLimits.markerSizePercent,
            "ROUTE_WIDTH": PosterLimits.routeWidthPermille,
        ]
        for (name, range) in ranges {
            values[name + "_MIN"] = number(range.lowerBound)
            values[name + "_MAX"] = number(range.upperBound)
        }
        var document = template
        for (name, value) in values {
            document = document.replacingOccurrences(of: "\"@\(name)@\"", with: name == "TITLE_FAMILIES" || name == "TITLE_WEIGHT_NAMES" ? "\"\(value)\"" : value)
        }
        return document
            .replacingOccurrences(of: "@STYLE_LIST@", with: styleIDs.joined(separator: ", "))
            .replacingOccurrences(of: "@ERROR_CODES@", with: ErrorCode.allCases.map(\.rawValue).joined(separator: ", "))
            .replacingOccurrences(of: "\"@STAGES@\"", with: PosterStage.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            // The parser's own pattern, escaped as a JSON string, so that the two cannot drift apart.
            .replacingOccurrences(of: "@LABEL_LANGUAGE_PATTERN@", with: LabelLanguage.pattern)
            .replacingOccurrences(of: "@LABEL_LANGUAGE_EXPECTED@", with: LabelLanguage.expected)
            .replacingOccurrences(of: "@WEBHOOK_PATTERN@", with: PosterRequestParser.webhookPattern
                .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))
    }

    // Validation in PosterRequestParser and this schema must agree: every value the schema allows is parsed
    // (answered 202, or 400/422 for rules a schema cannot state, such as west < east or the pixel cap), and
    // every value it forbids is a 4xx. Nullable optional fields mirror the parser, which treats null as absent.
    private static let template = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "CartoPress",
    "version": "1.0.0",
    "description": "Map posters from OpenStreetMap vector tiles. Submit a poster with POST /api/v1/posters/generate: with Accept: application/json (the default) it is queued and answered 202 with a job id to poll; with Accept including image/png (or image/*) or application/pdf, wherever in the list, it is rendered in the request and the answer is the poster itself. Errors are {\"error\": \"<short title>\", \"message\", \"code\", \"details\"}.",
    "license": {"name": "Map data © OpenStreetMap contributors, ODbL", "url": "https://www.openstreetmap.org/copyright"}
  },
  "servers": [{"url": "/"}],
  "webhooks": {
    "jobEnded": {
      "post": {
        "summary": "A job reached its end (completed, failed or cancelled)",
        "description": "Sent to the request's webhook_url, signed the Standard Webhooks way: webhook-signature is one or two (during a secret rotation) space-separated v1,<base64 HMAC-SHA256(secret, webhook-id.webhook-timestamp.body)>. The secret (whsec_…) is the API key's: cartopress keys webhook-secret. Only a 2xx counts as delivered; other answers and timeouts (15 s) are retried with backoff for about a day; redirects are not followed.",
        "parameters": [
          {"name": "webhook-id", "in": "header", "required": true, "description": "msg_<job_id>_<status>, the same on every retry.", "schema": {"type": "string"}},
          {"name": "webhook-timestamp", "in": "header", "required": true, "description": "Seconds since 1970 of this attempt.", "schema": {"type": "string", "pattern": "^[0-9]+$"}},
          {"name": "webhook-signature", "in": "header", "required": true, "schema": {"type": "string", "pattern": "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$"}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobStatus"}}}},
        "responses": {"2XX": {"description": "Delivered."}}
      }
    }
  },
  "security": [{"bearerAuth": []}],
  "tags": [
    {"name": "posters", "description": "Submit, poll, cancel and download posters"},
    {"name": "catalogue", "description": "Styles and palettes"},
    {"name": "operations", "description": "Health, readiness, metrics and this document"}
  ],
  "paths": {
    "/api/v1/posters/generate": {
      "post": {
        "operationId": "generatePoster",
        "tags": ["posters"],
        "summary": "Queue a poster, or render it now when Accept asks for the image",
        "parameters": [
          {
            "name": "Idempotency-Key", "in": "header", "required": false,
            "description": "Replaying the same key with the same body returns the first job; with another body it is a 409.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x20-\\x7E]+$"}
          },
          {
            "name": "Prefer", "in": "header", "required": false,
            "description": "RFC 7240. wait=N holds the answer up to N seconds (at most MAX_WAIT_SECONDS) for the finished poster and answers 200 with the job, carto-art's download_url and metadata included; a job not done by then is the usual 202. respond-async answers 202 at once, even for a key or service set to wait (COMPAT_SYNC_JSON).",
            "schema": {"type": "string", "maxLength": 200}
          }
        ],
        "requestBody": {
          "required": true,
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PosterRequest"}}}
        },
        "responses": {
          "200": {
            "description": "The poster itself (synchronous mode: Accept: image/png or application/pdf), or, for a request that waited (Prefer: wait=N, or COMPAT_SYNC_JSON), the finished job as JSON with carto-art's id, status, download_url and metadata.",
            "headers": {
              "X-Poster-ID": {"required": true, "schema": {"type": "string"}, "description": "Id of this render, for support."},
              "X-Render-Time-Ms": {"required": true, "schema": {"type": "string", "pattern": "^[0-9]+$"}, "description": "Milliseconds spent rendering."},
              "X-Poster-Warnings": {"schema": {"type": "string"}, "description": "What the render could not do as asked (a DEM that does not cover the place...), the warnings joined by \" | \"; absent when there are none."},
              "X-RateLimit-Limit": {"$ref": "#/components/headers/RateLimitLimit"},
              "X-RateLimit-Remaining": {"$ref": "#/components/headers/RateLimitRemaining"}
            },
            "content": {
              "image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}},
              "application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}},
              "application/json": {"schema": {"$ref": "#/components/schemas/JobStatus"}}
            }
          },
          "202": {
            "description": "Queued. Poll the job at the Location header.",
            "headers": {
              "Location": {"required": true, "schema": {"type": "string", "pattern": "^/api/v1/posters/jobs/"}},
              "X-RateLimit-Limit": {"$ref": "#/components/headers/RateLimitLimit"},
              "X-RateLimit-Remaining": {"$ref": "#/components/headers/RateLimitRemaining"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QueuedJob"}}},
            "links": {
              "GetJob": {"operationId": "getJob", "parameters": {"job_id": "$response.body#/job_id"}},
              "CancelJob": {"operationId": "cancelJob", "parameters": {"job_id": "$response.body#/job_id"}}
            }
          },
          "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "406": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "422": {"$ref": "#/components/responses/Unprocessable"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "500": {"description": "The render failed after the request was accepted (render_failed): the service's fault, not the request's.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "503": {"$ref": "#/components/responses/Unavailable"},
          "504": {"description": "The render took longer than timeout_ms (timeout).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/v1/posters/jobs/{job_id}": {
      "parameters": [{"name": "job_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
      "get": {
        "operationId": "getJob",
        "tags": ["posters"],
        "summary": "A job's status, progress and, once completed, its download URL; poll with If-None-Match for a bodiless 304 until it changes",
        "parameters": [{"name": "If-None-Match", "in": "header", "required": false, "schema": {"type": "string"}}],
        "responses": {
          "200": {
            "description": "The job.",
            "headers": {
              "ETag": {"$ref": "#/components/headers/ETag"},
              "X-RateLimit-Limit": {"$ref": "#/components/headers/RateLimitLimit"},
              "X-RateLimit-Remaining": {"$ref": "#/components/headers/RateLimitRemaining"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobStatus"}}}
          },
          "304": {"description": "Unchanged since the ETag given in If-None-Match."},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      },
      "delete": {
        "operationId": "cancelJob",
        "tags": ["posters"],
        "summary": "Cancel a queued or running job; its record stays readable with status cancelled",
        "responses": {
          "200": {
            "description": "Cancelled.",
            "headers": {
              "X-RateLimit-Limit": {"$ref": "#/components/headers/RateLimitLimit"},
              "X-RateLimit-Remaining": {"$ref": "#/components/headers/RateLimitRemaining"}
            },
            "content": {"application/json": {"schema": {
              "type": "object", "required": ["job_id", "status"], "additionalProperties": false,
              "properties": {"job_id": {"type": "string"}, "status": {"const": "cancelled"}}
            }}}
          },
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"description": "The job already finished.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/posters/jobs/{job_id}/events": {
      "parameters": [{"name": "job_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
      "get": {
        "operationId": "jobEvents",
        "tags": ["posters"],
        "summary": "The job's status document as server-sent events: one `status` event at once and at every change of status, stage or progress, closed after the job ends",
        "responses": {
          "200": {"description": "An event stream; each event is `event: status` with the JobStatus document as its data.", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/posters/jobs": {
      "get": {
        "operationId": "listOwnJobs",
        "tags": ["posters"],
        "summary": "This key's jobs in one status, a page at a time (most recently changed first; queued ones in claim order)",
        "parameters": [
          {"name": "status", "in": "query", "required": true, "schema": {"$ref": "#/components/schemas/Status"}},
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/OlderThan"}
        ],
        "responses": {
          "200": {"description": "One page.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobPage"}}}},
          "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/admin/jobs": {
      "get": {
        "operationId": "listJobs",
        "tags": ["operations"],
        "summary": "Every key's jobs in one status (admin keys: cartopress keys create --admin); failed jobs are the dead letters",
        "parameters": [
          {"name": "status", "in": "query", "required": true, "schema": {"$ref": "#/components/schemas/Status"}},
          {"name": "key", "in": "query", "required": false, "description": "Only this key's jobs (its prefix, cpk_...), or anonymous for jobs submitted without auth.", "schema": {"type": "string", "maxLength": 100}},
          {"$ref": "#/components/parameters/Limit"},
          {"$ref": "#/components/parameters/Cursor"},
          {"$ref": "#/components/parameters/OlderThan"}
        ],
        "responses": {
          "200": {"description": "One page.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobPage"}}}},
          "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/admin/jobs/{job_id}": {
      "parameters": [{"name": "job_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
      "get": {
        "operationId": "showAnyJob",
        "tags": ["operations"],
        "summary": "Any key's job (admin keys)",
        "responses": {
          "200": {"description": "The job.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobStatus"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      },
      "delete": {
        "operationId": "purgeJob",
        "tags": ["operations"],
        "summary": "Delete an ended job's record now (admin keys); a running one is a 409 (cancel it first)",
        "responses": {
          "200": {"description": "Purged.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobAction"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/admin/jobs/{job_id}/requeue": {
      "parameters": [{"name": "job_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
      "post": {
        "operationId": "requeueJob",
        "tags": ["operations"],
        "summary": "Put a failed job (a dead letter) back in the queue with its attempts reset (admin keys)",
        "responses": {
          "200": {"description": "Queued again.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobAction"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/geocode": {
      "get": {
        "operationId": "geocode",
        "tags": ["catalogue"],
        "summary": "Place name to coordinates, as carto-art's MCP tool asks (Nominatim's shape): from the bundled gazetteer (GeoNames' cities, CC BY 4.0, and the place names of the configured tiles; prefix and accent-insensitive, ranked by population; 'Paris, US' narrows to a country), or from the operator's CARTOPRESS_GEOCODER_URL when set",
        "parameters": [
          {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}},
          {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 10}}
        ],
        "responses": {
          "200": {"description": "Places, best first (an empty list when none matches).", "content": {"application/json": {"schema": {"type": "array", "items": {
            "type": "object", "required": ["lat", "lon", "display_name"], "additionalProperties": false,
            "properties": {"lat": {"type": "string"}, "lon": {"type": "string"}, "display_name": {"type": "string"}, "name": {"type": "string"},
                           "place_id": {"type": "string"}, "class": {"type": "string"}, "type": {"type": "string"}, "country_code": {"type": "string"}}
          }}}}},
          "400": {"$ref": "#/components/responses/Invalid"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "404": {"$ref": "#/components/responses/Error"},
          "429": {"$ref": "#/components/responses/RateLimited"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/posters/files/{file_name}": {
      "get": {
        "operationId": "downloadPoster",
        "tags": ["posters"],
        "summary": "A finished poster stored by this service (when no object store is configured)",
        "security": [],
        "parameters": [{"name": "file_name", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
        "responses": {
          "200": {
            "description": "The poster.",
            "content": {
              "image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}},
              "application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}}
            }
          },
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/api/v1/styles": {
      "get": {
        "operationId": "listStyles",
        "tags": ["catalogue"],
        "summary": "The styles, their palettes and their layer options (public, no key needed)",
        "security": [],
        "responses": {
          "200": {
            "description": "The catalogue.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StyleListing"}}}
          }
        }
      }
    },
    "/api/v1/styles/{style_id}/style.json": {
      "get": {
        "operationId": "getBrowserStyle",
        "tags": ["style package"],
        "summary": "The MapLibre v8 style CartoPress prints for a style, palette and options, its sources, glyphs and sprite at this service (public, cacheable, ETag)",
        "description": "Give it to MapLibre GL JS or Native as the style URL: the preview then draws with the same layers, colours, tiles and fonts as the poster. Options are the style's layer toggles (GET /api/v1/styles lists them) as query parameters set to true or false.",
        "security": [],
        "parameters": [
          {"name": "style_id", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}, "description": "One of: @STYLE_LIST@."},
          {"name": "palette", "in": "query", "required": false, "schema": {"type": "string"}, "description": "A palette of the style; default: its first."},
          {"name": "label_language", "in": "query", "required": false, "schema": {"type": "string", "pattern": "@LABEL_LANGUAGE_PATTERN@"}, "description": "@LABEL_LANGUAGE_EXPECTED@."},
          {"name": "options", "in": "query", "required": false, "style": "form", "explode": true, "schema": {"type": "object", "additionalProperties": {"type": "string", "enum": ["true", "false"]}}, "description": "Layer toggles, each its own parameter: buildings=false&labels=true."},
          {"name": "If-None-Match", "in": "header", "required": false, "schema": {"type": "string"}}
        ],
        "responses": {
          "200": {"description": "The style.", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                  "content": {"application/json": {"schema": {"type": "object", "required": ["version", "sources", "layers", "glyphs"], "properties": {"version": {"const": 8}}}}}},
          "304": {"description": "Not modified since the ETag given in If-None-Match."},
          "400": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/tiles/{source}.json": {
      "get": {
        "operationId": "getTileJSON",
        "tags": ["style package"],
        "summary": "TileJSON 3.0 of a source the styles name (openmaptiles, terrain, contours): its tile URL template, zooms, bounds and attribution",
        "security": [],
        "parameters": [{"name": "source", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1, "pattern": "^[^/.]+$"}}],
        "responses": {
          "200": {"description": "The TileJSON.", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                  "content": {"application/json": {"schema": {"type": "object", "required": ["tilejson", "tiles"], "properties": {"tilejson": {"const": "3.0.0"}, "tiles": {"type": "array", "items": {"type": "string"}}}}}}},
          "304": {"description": "Not modified."},
          "404": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/tiles/{source}/{z}/{x}/{tile}": {
      "get": {
        "operationId": "getTile",
        "tags": ["style package"],
        "summary": "One tile of a source, through the service's tile cache: Mapbox Vector Tile (.pbf) or raster (.png for terrain); 204 where the source has none",
        "security": [],
        "parameters": [
          {"name": "source", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}},
          {"name": "z", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0, "maximum": 24}},
          {"name": "x", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 0}},
          {"name": "tile", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,8}\\.(pbf|mvt|png|jpg|webp|avif|mlt)$"}, "description": "The row y and the format: 4742.pbf."}
        ],
        "responses": {
          "200": {"description": "The tile, as the source holds it (decompressed).", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
                  "content": {"application/x-protobuf": {"schema": {"type": "string"}}, "image/png": {"schema": {"type": "string"}}, "image/jpeg": {"schema": {"type": "string"}}, "image/webp": {"schema": {"type": "string"}}}},
          "204": {"description": "No tile there: outside the source's area or zooms."},
          "304": {"description": "Not modified."},
          "400": {"$ref": "#/components/responses/Error"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/fonts/{fontstack}/{range}": {
      "get": {
        "operationId": "getGlyphRange",
        "tags": ["style package"],
        "summary": "SDF glyphs of 256 code points in MapLibre's glyph PBF format, made from the faces the renderer sets labels in (with the same fallback), cached after first use",
        "security": [],
        "parameters": [
          {"name": "fontstack", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 800}, "description": "Font names separated by commas: Noto Sans Regular."},
          {"name": "range", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,5}-[0-9]{1,5}\\.pbf$"}, "description": "start-end.pbf: 0-255.pbf, 256-511.pbf, … up to 65280-65535.pbf."}
        ],
        "responses": {
          "200": {"description": "The glyphs.", "headers": {"ETag": {"$ref": "#/components/headers/ETag"}}, "content": {"application/x-protobuf": {"schema": {"type": "string"}}}},
          "304": {"description": "Not modified."},
          "400": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/sprites/{file}": {
      "get": {
        "operationId": "getSprite",
        "tags": ["style package"],
        "summary": "A style's icon sprite (id.json, id.png, id@2x.…); the catalogue's styles draw no icons and name none, so this answers 404",
        "security": [],
        "parameters": [{"name": "file", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
        "responses": {"404": {"$ref": "#/components/responses/Error"}}
      }
    },
    "/": {
      "get": {
        "operationId": "designerPage",
        "tags": ["designer"],
        "summary": "The poster designer: a live MapLibre GL JS preview in the poster frame, place search, styles, palettes, options, text, layout and size, and Render with progress and a download link",
        "security": [],
        "responses": {
          "200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}},
          "304": {"description": "Not modified."},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/web/{path}": {
      "get": {
        "operationId": "designerAsset",
        "tags": ["designer"],
        "summary": "The designer page's scripts, styles and MapLibre GL JS; fonts.css and fonts/<file>: the print's title faces, generated from the bundled fonts",
        "security": [],
        "parameters": [{"name": "path", "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}],
        "responses": {
          "200": {"description": "The file.", "content": {"text/javascript": {"schema": {"type": "string"}}, "text/css": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}, "font/otf": {"schema": {"type": "string"}}, "font/ttf": {"schema": {"type": "string"}}, "application/octet-stream": {"schema": {"type": "string"}}}},
          "304": {"description": "Not modified."},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "health",
        "tags": ["operations"],
        "summary": "Liveness: the process answers",
        "security": [],
        "responses": {
          "200": {"description": "Alive.", "content": {"application/json": {"schema": {
            "type": "object", "required": ["status"], "additionalProperties": false, "properties": {"status": {"const": "ok"}}
          }}}}
        }
      }
    },
    "/readyz": {
      "get": {
        "operationId": "readiness",
        "tags": ["operations"],
        "summary": "Readiness: the queue, storage, styles and fonts are usable",
        "security": [],
        "responses": {
          "200": {"description": "Ready.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}},
          "503": {"description": "Not ready; the failing checks say why.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}}}
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "tags": ["operations"],
        "summary": "Prometheus metrics: queue depth, jobs by outcome, render time by stage, pool, memory",
        "security": [],
        "responses": {
          "200": {"description": "Prometheus text exposition format 0.0.4.", "content": {"text/plain": {"schema": {"type": "string"}}}}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openAPIDocument",
        "tags": ["operations"],
        "summary": "This document",
        "security": [],
        "responses": {
          "200": {"description": "OpenAPI 3.1.", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}}
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {"type": "http", "scheme": "bearer", "description": "An API key from cartopress keys create: cpk_<prefix>_<secret>."}
    },
    "headers": {
      "RateLimitLimit": {"description": "Requests this key may make per minute.", "schema": {"type": "string", "pattern": "^[0-9]+$"}},
      "ETag": {"description": "A strong validator; send it back in If-None-Match for a 304.", "schema": {"type": "string"}},
      "RateLimitRemaining": {"description": "Requests left in this minute.", "schema": {"type": "string", "pattern": "^[0-9]+$"}}
    },
    "parameters": {
      "Limit": {"name": "limit", "in": "query", "required": false, "description": "Jobs on the page (default 50).", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
      "Cursor": {"name": "cursor", "in": "query", "required": false, "description": "next_cursor of the previous page.", "schema": {"type": "integer", "minimum": 0}},
      "OlderThan": {"name": "older_than", "in": "query", "required": false, "description": "Only jobs last changed at least this long ago: seconds, or a number with s, m, h or d.", "schema": {"type": "string", "pattern": "^[0-9]{1,9}(\\.[0-9]{1,2})?[smhd]?$"}}
    },
    "responses": {
      "Forbidden": {"description": "The key has no admin scope.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Error": {"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Invalid": {"description": "The request breaks the schema; details name each field and the reason.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unprocessable": {"description": "A valid request for something this renderer does not draw yet (a pitched PDF, an option it does not draw).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {
        "description": "No key, or a key that is unknown or revoked.",
        "headers": {"WWW-Authenticate": {"required": true, "schema": {"type": "string", "pattern": "^Bearer"}}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "RateLimited": {
        "description": "The key used its requests for this minute.",
        "headers": {
          "Retry-After": {"required": true, "schema": {"type": "string", "pattern": "^[0-9]+$"}, "description": "Seconds until the next window."},
          "X-RateLimit-Limit": {"$ref": "#/components/headers/RateLimitLimit"},
          "X-RateLimit-Remaining": {"$ref": "#/components/headers/RateLimitRemaining"}
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "Unavailable": {
        "description": "A dependency is down (the queue or Redis, the tile server, storage, the geocoder) or every render context is busy; retry after Retry-After seconds.",
        "headers": {"Retry-After": {"schema": {"type": "string", "pattern": "^[0-9]+$"}, "description": "Seconds to wait before retrying."}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      }
    },
    "schemas": {
      "Error": {
        "type": "object", "required": ["error", "message", "code", "details"], "additionalProperties": false,
        "properties": {
          "error": {"type": "string", "description": "A short title: the status's reason phrase (Bad Request, Too Many Requests)."},
          "message": {"type": "string", "description": "What went wrong and what to do next."},
          "code": {"type": "string", "description": "Stable machine-readable code, one of: @ERROR_CODES@"},
          "details": {
            "type": "array",
            "items": {"type": "object", "required": ["field", "reason"], "additionalProperties": false,
                      "properties": {"field": {"type": "string", "description": "JSON path of the field at fault"}, "reason": {"type": "string"}}}
          }
        }
      },
      "Color": {"type": "string", "pattern": "^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$"},
      "Latitude": {"type": "number", "minimum": "@LATITUDE_MIN@", "maximum": "@LATITUDE_MAX@", "description": "Beyond Web Mercator's ±85.0511° it is clamped to it, as MapLibre does, with a warning."},
      "Longitude": {"type": "number", "minimum": "@LONGITUDE_MIN@", "maximum": "@LONGITUDE_MAX@"},
      "PosterRequest": {
        "type": "object", "required": ["location"], "description": "Fields this version does not know are ignored, as carto-art strips them, and each is named in the answer's warnings (and the log).",
        "properties": {
          "location": {
            "type": "object",
            "description": "Where the poster is: lat and lng, or query, a place name found in the bundled gazetteer as GET /api/geocode finds it (its best match; the place's name and country become the title and subtitle unless text gives them).",
            "oneOf": [
              {"required": ["lat", "lng"], "not": {"required": ["query"]}},
              {"required": ["query"], "not": {"anyOf": [{"required": ["lat"]}, {"required": ["lng"]}]}}
            ],
            "properties": {"lat": {"$ref": "#/components/schemas/Latitude"}, "lng": {"$ref": "#/components/schemas/Longitude"},
                           "query": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}}
          },
          "style": {"type": ["string", "null"], "maxLength": 100, "description": "A style id from GET /api/v1/styles (@STYLE_LIST@); default minimal. Another id is drawn in minimal, as carto-art does, and named in warnings."},
          "palette": {"type": ["string", "null"], "maxLength": 100, "description": "One of the style's palette ids; another is drawn in the style's default palette and named in warnings."},
          "text": {
            "type": ["object", "null"],
            "properties": {
              "title": {"type": ["string", "null"], "maxLength": "@TITLE_LENGTH@"},
              "subtitle": {"type": ["string", "null"], "maxLength": "@SUBTITLE_LENGTH@"},
              "show_title": {"type": ["boolean", "null"]},
              "show_subtitle": {"type": ["boolean", "null"]},
              "show_coordinates": {"type": ["boolean", "null"]},
              "position": {"enum": ["top", "bottom", "center", null], "description": "Where the title block goes (default bottom)."},
              "color": {"oneOf": [{"$ref": "#/components/schemas/Color"}, {"type": "null"}]},
              "backdrop": {"enum": ["none", "subtle", "strong", "gradient", null], "description": "none: the text has paper of its own; otherwise the map fills the frame and the text lies over it on a veil of paper."},
              "title_font": {"enum": ["@TITLE_FAMILIES@", null]},
              "title_weight": {"oneOf": [{"enum": ["@TITLE_WEIGHT_NAMES@"]}, {"type": "integer", "minimum": 100, "maximum": 900, "multipleOf": 100}, {"type": "null"}], "description": "A CSS weight, 100 to 900 in hundreds, or its name; a family without it sets in its nearest."},
              "title_size": {"type": ["number", "null"], "minimum": "@TITLE_SCALE_MIN@", "maximum": "@TITLE_SCALE_MAX@", "description": "Multiple of the default title size; long titles shrink to fit anyway."},
              "title_letter_spacing": {"type": ["number", "null"], "minimum": "@LETTER_SPACING_MIN@", "maximum": "@LETTER_SPACING_MAX@", "description": "Extra space between title letters, as a fraction of the title size."},
              "all_caps": {"type": ["boolean", "null"], "description": "Title in capitals (default true)."}
            }
          },
          "camera": {
            "type": ["object", "null"],
            "properties": {
              "zoom": {"type": ["number", "null"], "minimum": "@ZOOM_MIN@", "maximum": "@ZOOM_MAX@"},
              "bearing": {"type": ["number", "null"], "minimum": "@BEARING_MIN@", "maximum": "@BEARING_MAX@", "description": "Degrees clockwise from north."},
              "pitch": {"type": ["number", "null"], "minimum": "@PITCH_MIN@", "maximum": "@PITCH_MAX@", "description": "Degrees the camera tilts back (MapLibre's pitch; the poster's frame stays level). PNG only: a pitched PDF is a 422."},
              "fit_overlays": {"type": ["boolean", "null"], "description": "Frame the map on the overlays (with a margin) instead of location and zoom."}
            }
          },
          "options": {"type": ["object", "null"], "properties": {"label_language": {"type": "string", "pattern": "@LABEL_LANGUAGE_PATTERN@", "description": "Language of the map's labels: @LABEL_LANGUAGE_EXPECTED@; a tag shows each place's name:xx, else name:latin, else name; local shows the names as mapped. Default: the style's own choice."}}, "additionalProperties": {"type": "boolean"}, "description": "Layer toggles such as {\"buildings\": false} (GET /api/v1/styles lists each style's). marker: true pins a marker at the centre; high_res: true renders at 3 device pixels per CSS pixel, as carto-art's high-resolution export (an explicit output.pixel_ratio wins). Defaults as carto-art's API: streets, water, parks, buildings, labels and railroads on; terrain, contours, terrain_under_water, boundaries, buildings_3d, pois, landcover_* and landuse_* off. population is accepted as false; true is a 422 naming the option while this renderer cannot draw it; any other key is ignored and named in warnings."},
          "bounds": {
            "type": ["object", "null"], "required": ["west", "south", "east", "north"],
            "description": "Frames the poster on this box (west < east, south < north); overrides camera.zoom.",
            "properties": {
              "west": {"$ref": "#/components/schemas/Longitude"}, "south": {"$ref": "#/components/schemas/Latitude"},
              "east": {"$ref": "#/components/schemas/Longitude"}, "north": {"$ref": "#/components/schemas/Latitude"}
            }
          },
          "format": {
            "type": ["object", "null"],
            "properties": {
              "aspect_ratio": {"type": ["string", "null"], "pattern": "^([0-9]{1,6}(\\.[0-9]{1,6})?:[0-9]{1,6}(\\.[0-9]{1,6})?|[iI][sS][oO]([_-][aA])?|[aA]4)$", "description": "Like 2:3, 3:4, 4:5, 1:1, 16:9, 16:10, 9:16 (each side at most 10 times the other), or ISO (iso_a, a4) for ISO A paper (1:√2), in any case."},
              "orientation": {"enum": ["portrait", "landscape", null]},
              "margin": {"type": ["number", "null"], "minimum": "@MARGIN_MIN@", "maximum": "@MARGIN_MAX@", "description": "Percent of the poster's shorter side."},
              "border": {"oneOf": [{"enum": ["none", "thin", "thick", "double", "inset"]}, {"type": "boolean", "description": "true: thin"}, {"type": "null"}]},
              "mask": {"enum": ["none", "rectangle", "circle", null]}
            }
          },
          "output": {
            "type": ["object", "null"],
            "properties": {
              "format": {"enum": ["png", "pdf", null]},
              "width": {"type": ["integer", "null"], "minimum": "@MIN_SIDE@", "maximum": "@MAX_SIDE@"},
              "height": {"type": ["integer", "null"], "minimum": "@MIN_SIDE@", "maximum": "@MAX_SIDE@"},
              "pixel_ratio": {"type": ["number", "null"], "minimum": "@PIXEL_RATIO_MIN@", "maximum": "@PIXEL_RATIO_MAX@"},
              "dpi": {"type": ["number", "null"], "minimum": "@DPI_MIN@", "maximum": "@DPI_MAX@"}
            }
          },
          "resolution": {
            "type": ["object", "null"], "description": "The web app's older name for output.width, height and pixel_ratio.",
            "properties": {
              "width": {"type": ["integer", "null"], "minimum": "@MIN_SIDE@", "maximum": "@MAX_SIDE@"},
              "height": {"type": ["integer", "null"], "minimum": "@MIN_SIDE@", "maximum": "@MAX_SIDE@"},
              "pixelRatio": {"type": ["number", "null"], "minimum": "@PIXEL_RATIO_MIN@", "maximum": "@PIXEL_RATIO_MAX@"}
            }
          },
          "overlays": {
            "type": ["object", "null"],
            "description": "Drawn over the map: GPX tracks and routes and GeoJSON lines and polygon outlines as a route, GeoJSON points and markers as markers; at most MAX_OVERLAY_VERTICES points in all.",
            "properties": {
              "gpx": {"type": ["string", "null"], "description": "A GPX 1.0/1.1 document."},
              "route": {
                "type": ["object", "null"],
                "properties": {
                  "color": {"oneOf": [{"$ref": "#/components/schemas/Color"}, {"type": "null"}]},
                  "width": {"type": ["number", "null"], "minimum": "@ROUTE_WIDTH_MIN@", "maximum": "@ROUTE_WIDTH_MAX@", "description": "Permille of the poster's shorter side (default 4)."},
                  "distance_labels": {"type": ["boolean", "null"], "description": "Label every kilometre (2, 5, 10 km on long routes)."}
                }
              },
              "geojson": {"type": ["object", "null"]},
              "markers": {
                "type": ["array", "null"], "maxItems": 1000,
                "items": {
                  "type": "object", "required": ["lat", "lng"],
                  "properties": {
                    "lat": {"$ref": "#/components/schemas/Latitude"}, "lng": {"$ref": "#/components/schemas/Longitude"},
                    "label": {"type": ["string", "null"], "maxLength": "@MARKER_LABEL_LENGTH@"},
                    "color": {"oneOf": [{"$ref": "#/components/schemas/Color"}, {"type": "null"}]},
                    "shape": {"enum": ["pin", "dot", "ring", "crosshair", "heart", "home", null]},
                    "size": {"type": ["number", "null"], "minimum": "@MARKER_SIZE_MIN@", "maximum": "@MARKER_SIZE_MAX@", "description": "Height in percent of the poster's shorter side (default 4)."}
                  }
                }
              }
            }
          },
          "priority": {"enum": ["low", "normal", "high", null]},
          "webhook_url": {"type": ["string", "null"], "maxLength": 2048, "pattern": "@WEBHOOK_PATTERN@", "description": "Called when the job ends, signed the Standard Webhooks way (see webhooks.jobEnded)."},
          "timeout_ms": {"type": ["integer", "null"], "minimum": "@TIMEOUT_MIN@", "maximum": "@TIMEOUT_MAX@"}
        }
      },
      "QueuedJob": {
        "type": "object", "required": ["job_id", "status", "estimated_time", "warnings"], "additionalProperties": false,
        "properties": {
          "job_id": {"type": "string"},
          "status": {"$ref": "#/components/schemas/Status"},
          "estimated_time": {"type": "number", "minimum": 0, "description": "Seconds until the poster is likely done."},
          "warnings": {"$ref": "#/components/schemas/Warnings"}
        }
      },
      "Warnings": {"type": "array", "items": {"type": "string"}, "description": "What the request asked for that is not used as sent, each as \"<field>: <what was done>\": a field that is not one (ignored), a latitude beyond Web Mercator (clamped), a style or palette that does not exist (the default drawn instead); for a finished job also what the render could not do as asked."},
      "JobPage": {
        "type": "object", "required": ["jobs", "next_cursor"], "additionalProperties": false,
        "properties": {
          "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/JobStatus"}},
          "next_cursor": {"type": ["integer", "null"], "minimum": 0, "description": "Pass as cursor for the next page; null at the end."}
        }
      },
      "JobAction": {
        "type": "object", "required": ["job_id", "status"], "additionalProperties": false,
        "properties": {"job_id": {"type": "string"}, "status": {"type": "string"}}
      },
      "Status": {"enum": ["queued", "processing", "completed", "retrying", "failed", "cancelled"]},
      "JobStatus": {
        "type": "object", "additionalProperties": false,
        "required": ["job_id", "id", "status", "progress", "stage", "created_at", "updated_at", "attempts", "result", "error", "warnings"],
        "description": "A completed job also carries carto-art's fields: download_url and metadata.",
        "properties": {
          "job_id": {"type": "string"},
          "id": {"type": "string", "description": "The job id again, under carto-art's name."},
          "download_url": {"type": "string", "description": "Where the poster is (completed jobs only): result.download_url."},
          "metadata": {
            "type": "object", "required": ["render_time_ms", "file_size_bytes", "dimensions"], "additionalProperties": false,
            "description": "carto-art's summary of the poster (completed jobs only).",
            "properties": {
              "render_time_ms": {"type": "integer", "minimum": 0},
              "file_size_bytes": {"type": "integer", "minimum": 0},
              "dimensions": {"type": "string", "pattern": "^[0-9]+x[0-9]+$", "description": "WIDTHxHEIGHT in pixels."}
            }
          },
          "warnings": {"$ref": "#/components/schemas/Warnings"},
          "status": {"$ref": "#/components/schemas/Status"},
          "progress": {"type": "integer", "minimum": 0, "maximum": 100},
          "stage": {"enum": ["@STAGES@", null]},
          "created_at": {"type": "string", "format": "date-time"},
          "updated_at": {"type": "string", "format": "date-time"},
          "attempts": {"type": "integer", "minimum": 0},
          "result": {
            "oneOf": [
              {"type": "null"},
              {
                "type": "object", "additionalProperties": false,
                "required": ["download_url", "file_size", "render_time_ms", "format", "width", "height"],
                "properties": {
                  "download_url": {"type": "string"},
                  "file_size": {"type": "integer", "minimum": 0},
                  "render_time_ms": {"type": "integer", "minimum": 0},
                  "format": {"enum": ["png", "pdf"]},
                  "width": {"type": "integer", "minimum": 1},
                  "height": {"type": "integer", "minimum": 1},
                  "warnings": {"type": "array", "items": {"type": "string"}, "description": "What the render could not do as asked: a DEM that does not cover the place, a sprite that could not be read. Empty when nothing needs saying."}
                }
              }
            ]
          },
          "error": {
            "oneOf": [
              {"type": "null"},
              {"type": "object", "required": ["code", "message"], "additionalProperties": false,
               "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
            ]
          }
        }
      },
      "StyleListing": {
        "type": "object", "required": ["styles"], "additionalProperties": false,
        "properties": {
          "styles": {
            "type": "array",
            "items": {
              "type": "object", "required": ["id", "name", "description", "palettes", "options"], "additionalProperties": false,
              "properties": {
                "id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
                "options": {
                  "type": "array",
                  "items": {
                    "type": "object", "required": ["id", "default"], "additionalProperties": false,
                    "properties": {"id": {"type": "string"}, "default": {"type": "boolean"}}
                  }
                },
                "palettes": {
                  "type": "array",
                  "items": {
                    "type": "object", "required": ["id", "name", "colors"], "additionalProperties": false,
                    "properties": {
                      "id": {"type": "string"}, "name": {"type": "string"},
                      "colors": {
                        "type": "object", "required": ["background", "text", "primary"], "additionalProperties": false,
                        "properties": {"background": {"type": "string"}, "text": {"type": "string"}, "primary": {"type": "string"}}
                      }
                    }
                  }
                }
              }
            }
          }
        }
      },
      "Readiness": {
        "type": "object", "required": ["status", "checks"], "additionalProperties": false,
        "properties": {
          "status": {"enum": ["ready", "unavailable"]},
          "checks": {
            "type": "object",
            "additionalProperties": {"type": "object", "required": ["ok", "message"], "additionalProperties": false,
                                     "properties": {"ok": {"type": "boolean"}, "message": {"type": "string"}}}
          }
        }
      }
    }
  }
}
"""#
}
