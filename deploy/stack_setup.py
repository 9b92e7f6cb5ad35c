"""One-shot set-up inside `make stack`: wait for the S3 stand-in and make the bucket, then idle
(honcho stops the whole stack when any process ends)."""

import os
import time

import boto3
from botocore.exceptions import EndpointConnectionError

client = boto3.client(
    "s3",
    endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
    region_name=os.environ["AWS_S3_REGION_NAME"],
)
for _ in range(100):
    try:
        client.list_buckets()
        break
    except EndpointConnectionError:
        time.sleep(0.2)
bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
if bucket not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
    client.create_bucket(
        Bucket=bucket,
        CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_S3_REGION_NAME"]},
    )
print(f"bucket {bucket} ready; stack on http://127.0.0.1:{os.environ['STACK_PORT']}/", flush=True)
while True:
    time.sleep(3600)
