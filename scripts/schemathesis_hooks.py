"""Schemathesis hooks for the API conformance test (Tests/RenderServiceTests/SchemathesisTests.swift).

Header values with control characters (other than tab) are not HTTP: RFC 9110 section 5.5 forbids them,
and the server's HTTP parser refuses such a request with a bare 400 before the application sees it. Those
cases test the HTTP parser, not this API, so they are not generated.
"""
import schemathesis


def _is_field_value(value):
    return all(ch == "\t" or (" " <= ch and ch != "\x7f") for ch in str(value))


@schemathesis.hook
def filter_headers(context, headers):
    return headers is None or all(_is_field_value(v) for v in headers.values())
