"""Fixtures for production tests: a moto S3 server standing in for the cloud."""

import subprocess
import time

import boto3
import pytest
import requests

from .servers import BIN, free_port


@pytest.fixture(scope="session")
def s3_server():
    """moto in server mode on loopback; yields its endpoint URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own virtualenv's moto_server)
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            requests.get(endpoint, timeout=2)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, request):
    name = "portal-" + request.node.name.lower().replace("_", "-")[:40]
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (moto accepts anything)
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    return client, name
