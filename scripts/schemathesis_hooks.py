"""Schemathesis hooks for the API conformance test (Tests/RenderServiceTests/SchemathesisTests.swift).

Header values with control characters (other than tab) are not HTTP: RFC 9110 section 5.5 forbids them,
and the server's HTTP parser refuses such a request with a bare 400 before the application sees it. Those
cases test the HTTP parser, not this API, so they are not generated. Nor are query parameters that never
reach the wire, or free text sent as a number (see filter_query).
"""
import schemathesis


def _is_field_value(value):
    return all(ch == "\t" or (" " <= ch and ch != "\x7f") for ch in str(value))


@schemathesis.hook
def filter_headers(context, headers):
    return headers is None or all(_is_field_value(v) for v in headers.values())


def _reaches_the_wire(value):
    # requests leaves a parameter out of the URL when its value is None or an empty list: a case built on
    # such a value sends the same bytes as a valid request, so it cannot test what the server accepts.
    return value is not None and value != []


# Free-text parameters: a number or a boolean generated as "wrong type" goes on the wire as its text, which
# is valid text ("q=0" searches for "0"), so such a case cannot test what the server refuses.
_FREE_TEXT = {"q"}


def _text_stays_text(query):
    return all(isinstance(query[name], str) for name in _FREE_TEXT if name in query)


@schemathesis.hook
def filter_query(context, query):
    return query is None or (all(_reaches_the_wire(v) for v in query.values()) and _text_stays_text(query))
