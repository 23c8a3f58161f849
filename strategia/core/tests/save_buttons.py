"""The workspace's Save buttons, which must not borrow the admin's wording.

Django's admin catalogue, read before ours, says "Save" is "Tallenna ja poistu"
(save and leave); the workspace's buttons save and stay, so their "Save" has a
context of its own ("form button").
"""

from __future__ import annotations

from collections.abc import Iterable


def assert_save_buttons_say(client, pages: Iterable[str], word: str) -> None:
    """Each page opens and its Save button reads ``word``, never the admin's phrase."""
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert f'class="ws-button">{word}</button>' in html, page
        assert "poistu" not in html, page
