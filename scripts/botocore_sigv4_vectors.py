"""Writes Tests/Fixtures/botocore-sigv4.json: what botocore (the AWS SDK for Python) signs and sends for S3
requests with fixed credentials and time, over object keys with spaces, '=', '+', '~', '%' and non-ASCII
characters, path-style and virtual-hosted. Nothing is sent: a before-send hook captures each request.

Run with botocore installed:  python3 scripts/botocore_sigv4_vectors.py > Tests/Fixtures/botocore-sigv4.json
"""
import datetime
import json
import sys
from unittest import mock
from urllib.parse import urlsplit

import botocore.auth
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.config import Config

FIXED = datetime.datetime(2026, 11, 22, 12, 34, 56)
ACCESS_KEY = "AKIDCARTOPRESSTEST"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY="
REGION = "eu-north-1"
BUCKET = "cartopress-posters"
KEYS = [
    "posters/job_0123.png",
    "posters/with space.png",
    "posters/a=b.png",
    "posters/a+b.png",
    "posters/tilde~name.png",
    "posters/100%.png",
    "posters/Hämeenlinna ÅÄÖ.png",
    "posters/日本語/地図.pdf",
    "posters/mixed +=~% ü.png",
]
BODY = b"CartoPress poster bytes\n"


class Captured(Exception):
    pass


def capture(addressing):
    session = botocore.session.get_session()
    client = session.create_client(
        "s3", region_name=REGION, endpoint_url="http://s3.example.test:9000",
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET,
        config=Config(s3={"addressing_style": addressing}, signature_version="s3v4",
                      request_checksum_calculation="when_required", response_checksum_validation="when_required"))
    sent = []

    def before_send(request, **kwargs):
        sent.append(request)
        response = AWSResponse(request.url, 200, {}, None)
        return response

    client.meta.events.register("before-send.s3", before_send)
    cases = []
    with mock.patch("botocore.auth.get_current_datetime", return_value=FIXED):
        for key in KEYS:
            sent.clear()
            try:
                client.put_object(Bucket=BUCKET, Key=key, Body=BODY, ContentType="image/png", CacheControl="public, max-age=31536000")
            except Exception:
                pass
            request = sent[0]
            auth = request.headers["Authorization"].decode() if isinstance(request.headers["Authorization"], bytes) else request.headers["Authorization"]
            signed_names = auth.split("SignedHeaders=")[1].split(",")[0].split(";")
            headers = {}
            for name, value in request.headers.items():
                if name.lower() in signed_names:
                    headers[name.lower()] = value.decode() if isinstance(value, bytes) else value
            parts = urlsplit(request.url)
            cases.append({"operation": "PutObject", "addressing": addressing, "key": key, "method": request.method,
                          "host": parts.netloc, "path": parts.path, "query": parts.query,
                          "signed_headers": headers, "authorization": auth})
            url = client.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=900)
            parts = urlsplit(url)
            cases.append({"operation": "PresignedGetObject", "addressing": addressing, "key": key, "method": "GET",
                          "host": parts.netloc, "path": parts.path, "query": parts.query, "expires": 900})
    return cases


def main():
    import botocore
    cases = capture("path") + capture("virtual")
    json.dump({"botocore": botocore.__version__, "time": FIXED.isoformat() + "Z", "access_key_id": ACCESS_KEY,
               "secret_access_key": SECRET, "region": REGION, "bucket": BUCKET, "endpoint": "http://s3.example.test:9000",
               "body": BODY.decode(), "cases": cases}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


main()
