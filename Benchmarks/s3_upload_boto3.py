"""Upload throughput of boto3, the reference S3 client, to compare CartoPress's uploader against.

Each run PUTs --objects objects of --size-mb MiB (the same random bytes, generated once) with --concurrency
uploads in flight, each object in one PutObject (no multipart: 2 MiB is below any multipart threshold).
One warm-up run (connections, server volumes) is not counted. MB here means MiB (2^20 bytes).

  .build-tools/venv/bin/python Benchmarks/s3_upload_boto3.py --endpoint http://127.0.0.1:PORT --bucket B \\
      --access-key AK --secret-key SK [--objects 100 --size-mb 2 --concurrency 4 --runs 5] [--json]

boto3 keeps its defaults for the body: over plain http it signs the payload (a SHA-256 of each body, as
CartoPress does) and adds a CRC32 checksum header.
"""
import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--objects", type=int, default=100)
    parser.add_argument("--size-mb", type=float, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--prefix", default="bench/boto3")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args()

    # One client shared by the threads: boto3 clients are thread-safe, and a pool as large as the
    # concurrency lets every upload keep its own keep-alive connection. Retries off: a failure must show.
    client = boto3.client(
        "s3", endpoint_url=args.endpoint, region_name=args.region,
        aws_access_key_id=args.access_key, aws_secret_access_key=args.secret_key,
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                      max_pool_connections=args.concurrency, retries={"max_attempts": 1}))
    body = os.urandom(int(args.size_mb * 2**20))
    total_mb = len(body) * args.objects / 2**20

    def run(label):
        def put(i):
            client.put_object(Bucket=args.bucket, Key=f"{args.prefix}/{label}/{i:05d}", Body=body,
                              ContentType="application/octet-stream")
        start = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(put, range(args.objects)))  # list(): re-raises the first failed upload
        return time.perf_counter() - start

    run("warmup")
    rates = []
    for r in range(args.runs):
        seconds = run(f"run{r}")
        rates.append(total_mb / seconds)
        print(f"run {r + 1}: {total_mb:.0f} MB in {seconds:.3f} s = {rates[-1]:.1f} MB/s", flush=True)
    median = statistics.median(rates)
    print(f"boto3 median: {median:.1f} MB/s")
    if args.json:
        print(json.dumps({"client": "boto3", "boto3": boto3.__version__, "objects": args.objects,
                          "object_bytes": len(body), "concurrency": args.concurrency,
                          "runs_mb_per_s": [round(x, 2) for x in rates], "median_mb_per_s": round(median, 2),
                          "min_mb_per_s": round(min(rates), 2), "max_mb_per_s": round(max(rates), 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
