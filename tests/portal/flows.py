"""Steps a person takes through the real views, shared by several test modules."""

from urllib.parse import urlsplit

STRONG_PASSWORD = "Ultrasound-Lantern-42"


def sign_up(client, email, **fields):
    data = {
        "first_name": "Ada",
        "last_name": "Okafor",
        "email": email,
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        **fields,
    }
    return client.post("/accounts/signup/", data)


def only_message_to(inbox, address):
    messages = [m for m in inbox.messages if m["To"] == address]
    assert len(messages) == 1, f"expected one email to {address}, got {len(messages)}"
    return messages[0]


def link_in(inbox, message, path_prefix):
    """The one link in an email whose path starts with `path_prefix`."""
    links = [link for link in inbox.links(message) if urlsplit(link).path.startswith(path_prefix)]
    assert len(links) == 1, f"expected one {path_prefix} link in {inbox.text(message)!r}"
    return links[0]


def confirm_from_email(client, inbox, address, capture_on_commit):
    """Open the confirmation link from the email (GET shows a button) and press it (POST)."""
    link = link_in(inbox, only_message_to(inbox, address), "/accounts/confirm-email/")
    page = client.get(link)
    assert page.status_code == 200
    assert address in page.content.decode()
    # The portal's own emails go out when the transaction commits.
    with capture_on_commit(execute=True):
        return client.post(link)
